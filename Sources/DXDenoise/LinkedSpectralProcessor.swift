import DXSignal

/// The broadband stage for all channels of a file, one STFT frame at a time: each channel's
/// noise estimate and log-spectral gain are computed on its own, then the channels share one
/// gain per bin (the largest), so a poly production file keeps its image and no channel
/// ducks while another does not.
final class LinkedSpectralProcessor {
    let channelCount: Int
    let binCount: Int
    private var trackers: [SpeechPresenceNoiseTracker]
    private var fixedNoise: [[Float]]?
    private var rules: [LogSpectralGain]
    // Scratch rows as raw buffers: the per-bin loops then run without exclusivity checks.
    private let power: UnsafeMutableBufferPointer<Float>
    private let gain: UnsafeMutableBufferPointer<Float>
    private let linked: UnsafeMutableBufferPointer<Float>

    /// - Parameters:
    ///   - initialNoise: per channel, the starting (or, with `adaptive: false`, fixed) noise power per bin.
    init(initialNoise: [[Float]], adaptive: Bool, framesPerSecond: Double, amountDB: Double) {
        channelCount = initialNoise.count
        binCount = initialNoise.first?.count ?? 0
        let noise = initialNoise.map { $0.map { max($0, 1e-20) } }
        do {
            trackers = noise.map {
                SpeechPresenceNoiseTracker(initial: $0, floorFactor: DenoiseTuning.trackerFloor,
                                           framesPerSecond: framesPerSecond,
                                           noiseTimeConstant: DenoiseTuning.noiseTimeConstant,
                                           presenceTimeConstant: DenoiseTuning.presenceTimeConstant,
                                           speechPriorSNRdB: DenoiseTuning.speechPriorSNRdB)
            }
            fixedNoise = adaptive ? nil : noise
        }
        rules = (0..<channelCount).map { _ in
            LogSpectralGain(binCount: noise.first?.count ?? 0,
                            decisionDirectedWeight: DenoiseTuning.decisionDirectedWeight,
                            minimumPrioriSNRdB: Float(-max(amountDB, 0) - DenoiseTuning.prioriMarginDB),
                            floorDB: Float(amountDB * DenoiseTuning.floorPerAmount), presenceWeighting: DenoiseTuning.presenceWeighting,
                            speechAbsencePrior: DenoiseTuning.speechAbsencePrior)
        }
        power = .allocate(capacity: binCount)
        gain = .allocate(capacity: binCount)
        linked = .allocate(capacity: binCount)
        power.initialize(repeating: 0)
        gain.initialize(repeating: 0)
        linked.initialize(repeating: 0)
    }

    deinit {
        power.deallocate()
        gain.deallocate()
        linked.deallocate()
    }

    /// Applies the linked gain to one frame of every channel, in place.
    func process(_ frames: [UnsafeMutableBufferPointer<ComplexFloat>]) {
        precondition(frames.count == channelCount)
        let bins = binCount
        let p = UnsafeBufferPointer(power), g = gain, linked = linked
        for k in 0..<bins { linked[k] = 0 }
        for c in 0..<channelCount {
            let spectrum = frames[c]
            for k in 0..<bins { power[k] = spectrum[k].power }
            let tracker = trackers[c]
            if let fixed = fixedNoise {
                fixed[c].withUnsafeBufferPointer { n in tracker.probability(power: p, noise: n) }
                fixed[c].withUnsafeBufferPointer { n in
                    tracker.speechProbability.withUnsafeBufferPointer { sp in
                        rules[c].compute(power: p, noise: n, speechProbability: sp, gain: g)
                    }
                }
            } else {
                tracker.update(power: p)
                tracker.noise.withUnsafeBufferPointer { n in
                    tracker.speechProbability.withUnsafeBufferPointer { sp in
                        rules[c].compute(power: p, noise: n, speechProbability: sp, gain: g)
                    }
                }
            }
            for k in 0..<bins where g[k] > linked[k] { linked[k] = g[k] }
        }
        for c in 0..<channelCount {
            let s = frames[c]
            for k in 0..<bins { s[k] = s[k] * linked[k] }
        }
    }

    /// The current noise estimate of a channel (for the report).
    func noise(channel: Int) -> [Float] {
        fixedNoise?[channel] ?? trackers[channel].noise
    }
}

/// Tuned constants (measured on the bench set; see README: dx-denoise).
enum DenoiseTuning {
    static let decisionDirectedWeight: Float = 0.95
    /// ξ_min sits this far below the floor.
    static let prioriMarginDB: Double = 0
    static let presenceWeighting = true
    static let speechAbsencePrior: Float = 0.5
    static let trackerFloor: Float = 1.0
    /// The gain floor sits deeper than `--amount` so that steady noise in pauses is reduced by
    /// the amount asked: the speech-presence weighting lets part of a noise periodogram's
    /// peaks through (measured: floor 20 dB gave 16.9 dB on the tone-in-noise test).
    static let floorPerAmount = 1.2
    static let noiseTimeConstant = 0.3
    static let presenceTimeConstant = 0.08
    static let speechPriorSNRdB = 15.0
}
