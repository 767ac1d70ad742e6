/// Frame size, hop and windows shared by `STFTAnalyzer` and `STFTSynthesizer`.
///
/// Framing convention (both classes, streaming or not):
/// - The input is treated as if preceded by `frameSize − hop` zeros (`padding`), so frame `k`
///   covers input samples `k·hop − padding ..< k·hop − padding + frameSize`. Every input sample
///   is therefore covered by all the frames it overlaps, from sample 0 on.
/// - Frames are FFT'd in natural order (no zero-phase rotation): bin phases refer to the
///   frame's first sample.
/// - The synthesizer drops the padding, so its output sample `j` reconstructs input sample `j`:
///   indices line up exactly. Streaming latency is `latency = frameSize − hop` samples plus
///   frame granularity: output sample `j` is out once input sample `j + latency + hop − 1`
///   has been pushed, and never before input sample `j + latency`.
public struct STFTConfiguration: Sendable, Hashable {
    /// Samples per frame (= FFT size). Even, ≥ 2.
    public let frameSize: Int
    /// Samples between frame starts, 1…frameSize.
    public let hop: Int
    /// Window applied before the forward FFT.
    public let analysisWindow: WindowShape
    /// Window applied after the inverse FFT, before overlap-add.
    public let synthesisWindow: WindowShape

    /// - Throws: `SignalError.invalidParameter` for an odd or tiny frame, a hop outside
    ///   1…frameSize, or windows whose overlap-add has a zero (no reconstruction possible).
    public init(frameSize: Int, hop: Int,
                analysisWindow: WindowShape = .sqrtHann, synthesisWindow: WindowShape = .sqrtHann) throws {
        guard frameSize >= 2, frameSize % 2 == 0 else {
            throw SignalError.invalidParameter("STFT frame size must be even and ≥ 2 (got \(frameSize))")
        }
        guard hop >= 1, hop <= frameSize else {
            throw SignalError.invalidParameter("STFT hop must be 1…\(frameSize) (got \(hop))")
        }
        self.frameSize = frameSize
        self.hop = hop
        self.analysisWindow = analysisWindow
        self.synthesisWindow = synthesisWindow
        let sums = overlapAddSums()
        let peak = sums.max() ?? 0
        guard let low = sums.min(), low > peak * 1e-6 else {
            throw SignalError.invalidParameter(
                "windows \(analysisWindow)/\(synthesisWindow) at frame \(frameSize), hop \(hop) do not overlap-add to a non-zero sum")
        }
    }

    /// Zeros imagined before the input: `frameSize − hop`.
    public var padding: Int { frameSize - hop }
    /// Streaming delay from analyzer input to synthesizer output, in samples: `frameSize − hop`.
    public var latency: Int { frameSize - hop }
    /// Complex bins per frame: `frameSize/2 + 1`.
    public var binCount: Int { frameSize / 2 + 1 }

    /// Frames the analyzer produces for `count` input samples once finished:
    /// `ceil((count + padding) / hop)`.
    public func frameCount(forSamples count: Int) -> Int {
        (count + padding + hop - 1) / hop
    }

    /// Σₘ analysis(i + m·hop)·synthesis(i + m·hop) for each phase i < hop: the overlap-add gain
    /// the synthesizer divides out (in Double, so the division is exact to Float precision).
    func overlapAddSums() -> [Double] {
        let a = Window.make(analysisWindow, count: frameSize)
        let s = Window.make(synthesisWindow, count: frameSize)
        return (0..<hop).map { phase in
            var sum = 0.0
            var n = phase
            while n < frameSize {
                sum += Double(a[n]) * Double(s[n])
                n += hop
            }
            return sum
        }
    }
}
