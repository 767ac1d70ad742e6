/// Streaming short-time Fourier analysis: push blocks of samples of any length, receive one
/// half spectrum per `hop` samples. See `STFTConfiguration` for the framing and latency.
///
/// Not `Sendable` (it owns a `RealFFT`): use one per channel, in the task that processes it.
public final class STFTAnalyzer {
    public let configuration: STFTConfiguration
    private let fft: RealFFT
    private let window: [Float]
    /// The current frame's samples; the first `filled` are valid.
    private var frame: [Float]
    private var filled: Int
    /// Input samples pushed so far (excluding the padding and the flush zeros).
    public private(set) var samplesPushed = 0
    /// Frames delivered so far.
    public private(set) var framesProduced = 0
    private var finished = false

    public init(configuration: STFTConfiguration, rigor: FFTPlanningRigor? = nil) {
        self.configuration = configuration
        fft = RealFFT(size: configuration.frameSize, rigor: rigor)
        window = Window.make(configuration.analysisWindow, count: configuration.frameSize)
        frame = [Float](repeating: 0, count: configuration.frameSize)
        filled = configuration.padding
    }

    /// Feeds samples; calls `body` with each completed frame's spectrum (`binCount` bins).
    /// The buffer belongs to the analyzer and is reused for the next frame: process it (or
    /// modify it in place and hand it to a synthesizer) inside `body`.
    public func push(_ samples: UnsafeBufferPointer<Float>,
                     _ body: (UnsafeMutableBufferPointer<ComplexFloat>) throws -> Void) rethrows {
        precondition(!finished, "STFTAnalyzer.push after finish; call reset() first")
        samplesPushed += samples.count
        try feed(samples, body)
    }

    /// Feeds an array of samples (see the buffer form).
    public func push(_ samples: [Float],
                     _ body: (UnsafeMutableBufferPointer<ComplexFloat>) throws -> Void) rethrows {
        try samples.withUnsafeBufferPointer { try push($0, body) }
    }

    /// Flushes with zeros until every frame that overlaps a pushed sample has been delivered
    /// (`configuration.frameCount(forSamples: samplesPushed)` frames in all).
    public func finish(_ body: (UnsafeMutableBufferPointer<ComplexFloat>) throws -> Void) rethrows {
        precondition(!finished, "STFTAnalyzer.finish called twice; call reset() first")
        finished = true
        let total = configuration.frameCount(forSamples: samplesPushed)
        let needed = (total - framesProduced) * configuration.hop - (filled - configuration.padding)
        if needed > 0 {
            let zeros = [Float](repeating: 0, count: needed)
            try zeros.withUnsafeBufferPointer { try feed($0, body) }
        }
        assert(framesProduced == total)
    }

    /// Starts a new signal with the same configuration.
    public func reset() {
        for i in frame.indices { frame[i] = 0 }
        filled = configuration.padding
        samplesPushed = 0
        framesProduced = 0
        finished = false
    }

    private func feed(_ samples: UnsafeBufferPointer<Float>,
                      _ body: (UnsafeMutableBufferPointer<ComplexFloat>) throws -> Void) rethrows {
        let size = configuration.frameSize, hop = configuration.hop
        var offset = 0
        while offset < samples.count {
            let take = min(size - filled, samples.count - offset)
            frame.withUnsafeMutableBufferPointer { dst in
                (dst.baseAddress! + filled).update(from: samples.baseAddress! + offset, count: take)
            }
            filled += take
            offset += take
            if filled == size {
                let out = fft.samples
                frame.withUnsafeMutableBufferPointer { f in
                    window.withUnsafeBufferPointer { w in
                        for i in 0..<size { out[i] = f[i] * w[i] }
                    }
                    // Keep the last size − hop samples for the next frame.
                    f.baseAddress!.update(from: f.baseAddress! + hop, count: size - hop)
                }
                filled = size - hop
                fft.forward()
                framesProduced += 1
                try body(fft.spectrum)
            }
        }
    }
}
