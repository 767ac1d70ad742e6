/// Streaming overlap-add resynthesis: push one half spectrum per frame, receive `hop` output
/// samples per frame (after the first `padding` samples, which are dropped so output index `j`
/// matches input index `j`; see `STFTConfiguration`).
///
/// Reconstruction is exact up to float rounding for any analysis/synthesis pair whose
/// overlap-add never vanishes (the configuration checks): the synthesizer divides each output
/// sample by the window overlap-add sum of its phase, so Hann-family windows at any hop
/// ≤ frameSize/2 (and √Hann/√Hann, Hann/rectangular, …) all give the input back.
public final class STFTSynthesizer {
    public let configuration: STFTConfiguration
    private let fft: RealFFT
    private let window: [Float]
    /// 1 / (frameSize · overlap-add sum) per phase within a hop.
    private let gain: [Float]
    private var accumulator: [Float]
    private var toDrop: Int
    private var chunk: [Float]
    /// Output samples delivered so far.
    public private(set) var samplesProduced = 0

    public init(configuration: STFTConfiguration, rigor: FFTPlanningRigor? = nil) {
        self.configuration = configuration
        fft = RealFFT(size: configuration.frameSize, rigor: rigor)
        window = Window.make(configuration.synthesisWindow, count: configuration.frameSize)
        let size = Double(configuration.frameSize)
        gain = configuration.overlapAddSums().map { Float(1 / (size * $0)) }
        accumulator = [Float](repeating: 0, count: configuration.frameSize)
        toDrop = configuration.padding
        chunk = [Float](repeating: 0, count: configuration.hop)
    }

    /// Adds one frame (`binCount` bins; not modified) and calls `emit` with the samples that
    /// became final (`hop` of them, fewer or none while the padding is dropped).
    public func push(_ spectrum: UnsafeBufferPointer<ComplexFloat>,
                     _ emit: (UnsafeBufferPointer<Float>) throws -> Void) rethrows {
        let size = configuration.frameSize, hop = configuration.hop
        precondition(spectrum.count == configuration.binCount,
                     "STFT frame needs \(configuration.binCount) bins (got \(spectrum.count))")
        fft.spectrum.baseAddress!.update(from: spectrum.baseAddress!, count: spectrum.count)
        fft.inverse()
        let time = fft.samples
        accumulator.withUnsafeMutableBufferPointer { acc in
            window.withUnsafeBufferPointer { w in
                for i in 0..<size { acc[i] += time[i] * w[i] }
            }
            chunk.withUnsafeMutableBufferPointer { c in
                gain.withUnsafeBufferPointer { g in
                    for i in 0..<hop { c[i] = acc[i] * g[i] }
                }
            }
            acc.baseAddress!.update(from: acc.baseAddress! + hop, count: size - hop)
            (acc.baseAddress! + size - hop).update(repeating: 0, count: hop)
        }
        let drop = min(toDrop, hop)
        toDrop -= drop
        if drop < hop {
            samplesProduced += hop - drop
            try chunk.withUnsafeBufferPointer { c in
                try emit(UnsafeBufferPointer(rebasing: c[drop...]))
            }
        }
    }

    /// Adds one frame and appends the samples that became final to `output`.
    public func push(_ spectrum: UnsafeBufferPointer<ComplexFloat>, appendingTo output: inout [Float]) {
        push(spectrum) { output.append(contentsOf: $0) }
    }

    /// Adds one frame straight from an analyzer's callback buffer (possibly modified in place).
    public func push(_ spectrum: UnsafeMutableBufferPointer<ComplexFloat>, appendingTo output: inout [Float]) {
        push(UnsafeBufferPointer(spectrum), appendingTo: &output)
    }

    /// Adds one frame from an analyzer's callback buffer and calls `emit` with the final samples.
    public func push(_ spectrum: UnsafeMutableBufferPointer<ComplexFloat>,
                     _ emit: (UnsafeBufferPointer<Float>) throws -> Void) rethrows {
        try push(UnsafeBufferPointer(spectrum), emit)
    }

    /// Adds one frame given as an array and appends the final samples to `output`.
    public func push(_ spectrum: [ComplexFloat], appendingTo output: inout [Float]) {
        spectrum.withUnsafeBufferPointer { push($0, appendingTo: &output) }
    }

    /// Starts a new signal with the same configuration.
    public func reset() {
        for i in accumulator.indices { accumulator[i] = 0 }
        toDrop = configuration.padding
        samplesProduced = 0
    }
}

/// Whole-signal conveniences over the streaming classes.
public enum STFT {
    /// All frames of `signal` (`configuration.frameCount(forSamples:)` of them).
    public static func analyze(_ signal: [Float], configuration: STFTConfiguration) -> [[ComplexFloat]] {
        let analyzer = STFTAnalyzer(configuration: configuration)
        var frames: [[ComplexFloat]] = []
        frames.reserveCapacity(configuration.frameCount(forSamples: signal.count))
        analyzer.push(signal) { frames.append(Array($0)) }
        analyzer.finish { frames.append(Array($0)) }
        return frames
    }

    /// Overlap-adds `frames` and returns the first `count` samples (the reconstruction of a
    /// `count`-sample input analysed with the same configuration).
    public static func synthesize(_ frames: [[ComplexFloat]], configuration: STFTConfiguration, count: Int) -> [Float] {
        let synthesizer = STFTSynthesizer(configuration: configuration)
        var output: [Float] = []
        output.reserveCapacity(frames.count * configuration.hop)
        for frame in frames { synthesizer.push(frame, appendingTo: &output) }
        if output.count > count { output.removeLast(output.count - count) }
        return output
    }
}
