/// The frames of all channels at one STFT frame index, handed to an `STFTProcessor`'s
/// `modify` closure. The buffers are the processor's own and valid only inside the closure;
/// change them in place (apply gains) to change the output.
public struct STFTFrameSet {
    /// The frame index `k` (frame `k` starts at input sample `k·hop − padding`).
    public let index: Int
    public let channelCount: Int
    public let binCount: Int
    private let base: UnsafeMutablePointer<ComplexFloat>

    init(index: Int, channelCount: Int, binCount: Int, base: UnsafeMutablePointer<ComplexFloat>) {
        self.index = index
        self.channelCount = channelCount
        self.binCount = binCount
        self.base = base
    }

    /// Channel `c`'s half spectrum (`binCount` bins).
    public subscript(channel: Int) -> UnsafeMutableBufferPointer<ComplexFloat> {
        precondition(channel >= 0 && channel < channelCount)
        return UnsafeMutableBufferPointer(start: base + channel * binCount, count: binCount)
    }
}

/// Analysis → your spectral processing → resynthesis, streaming, for one or more channels in
/// lockstep (so a gain can be linked across the channels of a poly file).
///
/// Push planar blocks of any length with `process`; each call returns the output samples that
/// became final (the same count for every channel, lagging the input by about
/// `configuration.latency`); `finish` returns the rest, so that each channel's total output is
/// exactly as long as its input, sample `j` reconstructing input sample `j`. With a `modify`
/// that changes nothing, output equals input to float rounding. Memory is O(frame size ×
/// channels) whatever the length of the signal.
public final class STFTProcessor {
    public let configuration: STFTConfiguration
    public let channelCount: Int
    private let analyzers: [STFTAnalyzer]
    private let synthesizers: [STFTSynthesizer]
    /// Frames produced by the analyzers in this call, per channel, concatenated.
    private var pending: [[ComplexFloat]]
    /// One frame of every channel, channel-major: what `modify` sees.
    private var frameSet: [ComplexFloat]
    private var framesDone = 0
    /// Input samples per channel so far.
    public private(set) var samplesIn = 0
    /// Output samples per channel so far.
    public private(set) var samplesOut = 0

    public init(configuration: STFTConfiguration, channels: Int = 1, rigor: FFTPlanningRigor? = nil) {
        precondition(channels >= 1, "an STFT processor needs at least one channel")
        self.configuration = configuration
        channelCount = channels
        analyzers = (0..<channels).map { _ in STFTAnalyzer(configuration: configuration, rigor: rigor) }
        synthesizers = (0..<channels).map { _ in STFTSynthesizer(configuration: configuration, rigor: rigor) }
        pending = Array(repeating: [], count: channels)
        frameSet = [ComplexFloat](repeating: .zero, count: channels * configuration.binCount)
    }

    /// Feeds one block per channel (all the same length); returns the final output samples
    /// per channel (all the same length).
    public func process(_ channels: [[Float]],
                        modify: (STFTFrameSet) throws -> Void) rethrows -> [[Float]] {
        precondition(channels.count == channelCount, "expected \(channelCount) channels, got \(channels.count)")
        let count = channels[0].count
        precondition(channels.allSatisfy { $0.count == count }, "channel blocks differ in length")
        samplesIn += count
        for c in 0..<channelCount {
            analyzers[c].push(channels[c]) { pending[c].append(contentsOf: $0) }
        }
        return try drain(modify: modify, limit: nil)
    }

    /// Mono convenience: `process([block], modify:)[0]`.
    public func process(_ block: [Float], modify: (STFTFrameSet) throws -> Void) rethrows -> [Float] {
        try process([block], modify: modify)[0]
    }

    /// Flushes the last frames; returns the remaining output, so that every channel's total
    /// output equals `samplesIn`.
    public func finish(modify: (STFTFrameSet) throws -> Void) rethrows -> [[Float]] {
        for c in 0..<channelCount {
            analyzers[c].finish { pending[c].append(contentsOf: $0) }
        }
        return try drain(modify: modify, limit: samplesIn)
    }

    private func drain(modify: (STFTFrameSet) throws -> Void, limit: Int?) rethrows -> [[Float]] {
        let bins = configuration.binCount
        let frames = pending[0].count / bins
        var output = Array(repeating: [Float](), count: channelCount)
        for c in 0..<channelCount { output[c].reserveCapacity(frames * configuration.hop) }
        for f in 0..<frames {
            try frameSet.withUnsafeMutableBufferPointer { set in
                for c in 0..<channelCount {
                    pending[c].withUnsafeBufferPointer { p in
                        (set.baseAddress! + c * bins).update(from: p.baseAddress! + f * bins, count: bins)
                    }
                }
                try modify(STFTFrameSet(index: framesDone, channelCount: channelCount, binCount: bins, base: set.baseAddress!))
                for c in 0..<channelCount {
                    synthesizers[c].push(UnsafeBufferPointer(rebasing: set[(c * bins)..<((c + 1) * bins)]), appendingTo: &output[c])
                }
            }
            framesDone += 1
        }
        for c in 0..<channelCount { pending[c].removeAll(keepingCapacity: true) }
        if let limit {
            let keep = max(0, limit - samplesOut)
            for c in 0..<channelCount where output[c].count > keep { output[c].removeLast(output[c].count - keep) }
        }
        samplesOut += output[0].count
        return output
    }
}
