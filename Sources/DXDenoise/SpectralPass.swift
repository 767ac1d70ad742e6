import DXSignal

/// The STFT part of the classical and fused (`auto`) passes for all channels of a file: each
/// channel's de-hummed samples are analysed, the frames of all channels get the linked gain
/// (`LinkedSpectralProcessor`) and are overlap-added into the channel's `wet` queue.
///
/// Fused: each channel's samples also go through DeepFilterNet3 (`LearnedChannel`, in
/// parallel with, not in front of, the classical gain); its estimate of the same samples is
/// analysed with the same STFT, so frame `j` of both lines up, and its magnitude over the
/// input's is the learned gain mixed into the classical one (`FusedGain`). The frame's learned
/// weight comes from the model's local SNR near the frame's centre and from how crowd-like
/// the background is.
final class SpectralPass {
    let config: STFTConfiguration
    let processor: LinkedSpectralProcessor
    private let channels: Int
    private let sampleRate: Int
    private let analyzers: [STFTAnalyzer]
    private let synthesizers: [STFTSynthesizer]
    private let pending: [FrameQueue]
    /// Fused only: the learned path per channel, its analyzers and frames, and the de-hummed
    /// input waiting for the learned estimate of the same samples (the model's look-ahead).
    private let learned: [LearnedChannel]
    private let learnedAnalyzers: [STFTAnalyzer]
    private let learnedPending: [FrameQueue]
    private let waiting: [SampleFIFO]
    /// Fused with hum removed: the hum taken out of the waiting samples, its analyzers and frames.
    private let humWaiting: [SampleFIFO]
    private let humAnalyzers: [STFTAnalyzer]
    private let humPending: [FrameQueue]
    private var humSeen = false
    /// Frames processed so far (per channel; all channels move together).
    private var framesDone = 0
    private var frameSet: [UnsafeMutableBufferPointer<ComplexFloat>]
    private var learnedSet: [UnsafeMutableBufferPointer<ComplexFloat>]
    private var humSet: [UnsafeMutableBufferPointer<ComplexFloat>]
    private var weights: [Float]

    init(config: STFTConfiguration, processor: LinkedSpectralProcessor, channels: Int, sampleRate: Int,
         rigor: FFTPlanningRigor, learned: [LearnedChannel], crowd: Float) {
        self.config = config
        self.processor = processor
        self.channels = channels
        self.sampleRate = sampleRate
        self.learned = learned
        processor.fusion.crowd = crowd
        analyzers = (0..<channels).map { _ in STFTAnalyzer(configuration: config, rigor: rigor) }
        synthesizers = (0..<channels).map { _ in STFTSynthesizer(configuration: config, rigor: rigor) }
        pending = (0..<channels).map { _ in FrameQueue(bins: config.binCount) }
        learnedAnalyzers = learned.map { _ in STFTAnalyzer(configuration: config, rigor: rigor) }
        learnedPending = learned.map { _ in FrameQueue(bins: config.binCount) }
        waiting = learned.map { _ in SampleFIFO() }
        humWaiting = learned.map { _ in SampleFIFO() }
        humAnalyzers = learned.map { _ in STFTAnalyzer(configuration: config, rigor: rigor) }
        humPending = learned.map { _ in FrameQueue(bins: config.binCount) }
        let empty = UnsafeMutableBufferPointer<ComplexFloat>(start: nil, count: 0)
        frameSet = Array(repeating: empty, count: channels)
        learnedSet = Array(repeating: empty, count: learned.count)
        humSet = Array(repeating: empty, count: learned.count)
        weights = [Float](repeating: 0, count: learned.count)
    }

    var isFused: Bool { !learned.isEmpty }

    /// Feeds one block per channel (de-hummed); processed samples go to `wet`.
    /// - Parameter hum: fused only, per channel, the hum the de-hum stage removed from `block`
    ///   (nil when there is no hum; give it for every block or for none).
    func push(_ block: [[Float]], hum: [[Float]]? = nil, into wet: [SampleFIFO]) throws {
        if !isFused {
            for c in 0..<channels {
                block[c].withUnsafeBufferPointer { analyze(c, $0, into: wet) }
            }
            processPending(into: wet)
            return
        }
        if let hum { humSeen = true; for c in 0..<channels { humWaiting[c].appendArray(hum[c]) } }
        for c in 0..<channels {
            waiting[c].appendArray(block[c])
            analyzePair(c, estimate: try learned[c].process(block[c]))
        }
        processPending(into: wet)
    }

    /// Flushes every channel's analysis (and the learned path's look-ahead).
    func finish(into wet: [SampleFIFO]) throws {
        for c in 0..<channels {
            if isFused {
                analyzePair(c, estimate: try learned[c].finish())
                learnedAnalyzers[c].finish { learnedPending[c].append($0) }
                if humSeen { humAnalyzers[c].finish { humPending[c].append($0) } }
            }
            analyzers[c].finish { spectrum in capture(c, spectrum, into: wet) }
        }
        processPending(into: wet)
    }

    /// Classical: one channel's samples into its analyzer.
    private func analyze(_ c: Int, _ x: UnsafeBufferPointer<Float>, into wet: [SampleFIFO]) {
        analyzers[c].push(x) { spectrum in capture(c, spectrum, into: wet) }
    }

    /// Each completed frame: mono classical frames are processed at once in the analyzer's
    /// buffer (nothing to link or mix); others wait for the rest of the frame set.
    private func capture(_ c: Int, _ spectrum: UnsafeMutableBufferPointer<ComplexFloat>, into wet: [SampleFIFO]) {
        if channels == 1 && !isFused {
            frameSet[0] = spectrum
            processor.process(frameSet)
            synthesizers[0].push(UnsafeBufferPointer(spectrum)) { wet[0].append($0) }
            framesDone += 1
        } else {
            pending[c].append(spectrum)
        }
    }

    /// Fused: the learned estimate of the oldest waiting samples and those samples, through
    /// the two analyzers in step.
    private func analyzePair(_ c: Int, estimate: [Float]) {
        let n = min(estimate.count, waiting[c].count)
        precondition(n == estimate.count, "the learned path returned more samples than it was given")
        estimate.withUnsafeBufferPointer { y in
            learnedAnalyzers[c].push(y) { learnedPending[c].append($0) }
        }
        analyzers[c].push(UnsafeBufferPointer(start: waiting[c].head, count: n)) { pending[c].append($0) }
        waiting[c].consume(n)
        if humSeen {
            humAnalyzers[c].push(UnsafeBufferPointer(start: humWaiting[c].head, count: n)) { humPending[c].append($0) }
            humWaiting[c].consume(n)
        }
    }

    private func processPending(into wet: [SampleFIFO]) {
        let n = pending.map(\.count).min() ?? 0
        guard n > 0 else { return }
        for j in 0..<n {
            for c in 0..<channels { frameSet[c] = pending[c].frame(j) }
            if isFused {
                let centre = framesDone * config.hop - config.padding + config.frameSize / 2
                let span = max(centre - config.frameSize / 4, 0)..<max(centre + config.frameSize / 4, 1)
                for c in 0..<channels {
                    learnedSet[c] = learnedPending[c].frame(j)
                    if humSeen { humSet[c] = humPending[c].frame(j) }
                    let lsnr = learned[c].meanLocalSNR(in: span, sampleRate: sampleRate)
                    weights[c] = processor.fusion.frameWeight(localSNR: lsnr)
                    learned[c].dropLocalSNR(before: span.lowerBound, sampleRate: sampleRate)
                }
                processor.process(frameSet, learned: learnedSet, learnedWeights: weights, hum: humSeen ? humSet : nil)
            } else {
                processor.process(frameSet)
            }
            for c in 0..<channels {
                synthesizers[c].push(UnsafeBufferPointer(frameSet[c])) { wet[c].append($0) }
            }
            framesDone += 1
        }
        precondition(pending.allSatisfy { $0.count == n } && learnedPending.allSatisfy { $0.count == n }
                     && (!humSeen || humPending.allSatisfy { $0.count == n }),
                     "channels out of step")
        for q in pending { q.removeAll() }
        for q in learnedPending { q.removeAll() }
        for q in humPending { q.removeAll() }
    }
}
