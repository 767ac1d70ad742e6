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
    private var power: [Float]
    private var gain: [Float]
    private var linked: [Float]

    /// - Parameters:
    ///   - initialNoise: per channel, the starting (or, with `adaptive: false`, fixed) noise power per bin.
    init(initialNoise: [[Float]], adaptive: Bool, framesPerSecond: Double, amountDB: Double) {
        channelCount = initialNoise.count
        binCount = initialNoise.first?.count ?? 0
        let noise = initialNoise.map { $0.map { max($0, 1e-20) } }
        if adaptive {
            trackers = noise.map {
                SpeechPresenceNoiseTracker(initial: $0, floorFactor: DenoiseTuning.trackerFloor,
                                           framesPerSecond: framesPerSecond,
                                           noiseTimeConstant: DenoiseTuning.noiseTimeConstant,
                                           presenceTimeConstant: DenoiseTuning.presenceTimeConstant,
                                           speechPriorSNRdB: DenoiseTuning.speechPriorSNRdB)
            }
            fixedNoise = nil
        } else {
            trackers = []
            fixedNoise = noise
        }
        rules = (0..<channelCount).map { _ in
            LogSpectralGain(binCount: noise.first?.count ?? 0,
                            decisionDirectedWeight: DenoiseTuning.decisionDirectedWeight,
                            minimumPrioriSNRdB: Float(-max(amountDB, 0) - DenoiseTuning.prioriMarginDB),
                            floorDB: Float(amountDB), presenceWeighting: DenoiseTuning.presenceWeighting,
                            speechAbsencePrior: DenoiseTuning.speechAbsencePrior)
        }
        power = [Float](repeating: 0, count: binCount)
        gain = [Float](repeating: 0, count: binCount)
        linked = [Float](repeating: 0, count: binCount)
    }

    /// Applies the linked gain to one frame of every channel, in place.
    func process(_ frames: [UnsafeMutableBufferPointer<ComplexFloat>]) {
        precondition(frames.count == channelCount)
        for k in 0..<binCount { linked[k] = 0 }
        for c in 0..<channelCount {
            let spectrum = frames[c]
            power.withUnsafeMutableBufferPointer { p in
                for k in 0..<binCount { p[k] = spectrum[k].power }
            }
            power.withUnsafeBufferPointer { p in
                gain.withUnsafeMutableBufferPointer { g in
                    if fixedNoise == nil {
                        trackers[c].update(power: p)
                        trackers[c].noise.withUnsafeBufferPointer { n in rules[c].compute(power: p, noise: n, gain: g) }
                    } else {
                        fixedNoise![c].withUnsafeBufferPointer { n in rules[c].compute(power: p, noise: n, gain: g) }
                    }
                }
            }
            for k in 0..<binCount where gain[k] > linked[k] { linked[k] = gain[k] }
        }
        linked.withUnsafeBufferPointer { g in
            for c in 0..<channelCount {
                let s = frames[c]
                for k in 0..<binCount { s[k] = s[k] * g[k] }
            }
        }
    }

    /// The current noise estimate of a channel (for the report).
    func noise(channel: Int) -> [Float] {
        fixedNoise?[channel] ?? trackers[channel].noise
    }
}

/// Tuned constants (measured on the bench set; see README: dx-denoise).
enum DenoiseTuning {
    static let decisionDirectedWeight: Float = 0.98
    /// ξ_min sits this far below the floor.
    static let prioriMarginDB: Double = 0
    static let presenceWeighting = true
    static let speechAbsencePrior: Float = 0.5
    static let trackerFloor: Float = 1.0
    static let noiseTimeConstant = 0.3
    static let presenceTimeConstant = 0.08
    static let speechPriorSNRdB = 15.0
}
