import Glibc

/// Adaptive noise power per bin, tracked with the speech-presence-probability estimator of
/// Gerkmann & Hendriks (2012): each frame's periodogram updates the estimate in proportion to
/// the probability that the bin holds noise only, so the estimate follows rising and falling
/// noise (traffic passes, HVAC cycling) within a few hundred milliseconds without learning
/// speech as noise.
///
/// A lower bound (the quietest stretch found before processing, scaled) keeps the estimate
/// from collapsing in bins where speech is present for a long time.
final class SpeechPresenceNoiseTracker {
    /// Current noise power per bin.
    private(set) var noise: [Float]
    /// The last frame's probability of speech per bin (a posteriori, before the update).
    private(set) var speechProbability: [Float]
    private var presenceAverage: [Float]
    private let floor: [Float]
    private let noiseSmoothing: Float
    private let presenceSmoothing: Float
    /// p(speech | γ) as a function of γ = |Y|²/λ (fixed a priori SNR under speech, equal priors).
    private let presence: LogSpacedTable

    /// - Parameters:
    ///   - initial: the starting noise power per bin (the quietest stretch).
    ///   - floorFactor: the estimate never drops below `initial × floorFactor`.
    ///   - framesPerSecond: frame rate, so the time constants hold at any hop and rate.
    init(initial: [Float], floorFactor: Float, framesPerSecond: Double,
         noiseTimeConstant: Double, presenceTimeConstant: Double, speechPriorSNRdB: Double) {
        noise = initial.map { max($0, 1e-20) }
        floor = initial.map { max($0 * floorFactor, 1e-20) }
        presenceAverage = [Float](repeating: 0, count: initial.count)
        speechProbability = [Float](repeating: 0, count: initial.count)
        noiseSmoothing = Float(exp(-1 / (noiseTimeConstant * framesPerSecond)))
        presenceSmoothing = Float(exp(-1 / (presenceTimeConstant * framesPerSecond)))
        let xi = pow(10, speechPriorSNRdB / 10)
        presence = LogSpacedTable(low: 1e-6, high: 1e4) { gamma in
            1 / (1 + (1 + xi) * exp(-gamma * xi / (1 + xi)))
        }
    }

    /// p(speech) per bin for a frame against a fixed noise spectrum (no update).
    func probability(power: UnsafeBufferPointer<Float>, noise fixed: UnsafeBufferPointer<Float>) {
        speechProbability.withUnsafeMutableBufferPointer { sp in
            for k in 0..<sp.count { sp[k] = presence(power[k] / fixed[k]) }
        }
    }

    /// Updates the estimate with one frame's periodogram.
    func update(power: UnsafeBufferPointer<Float>) {
        let a = noiseSmoothing, ap = presenceSmoothing
        noise.withUnsafeMutableBufferPointer { lam in
            presenceAverage.withUnsafeMutableBufferPointer { pbar in
                floor.withUnsafeBufferPointer { fl in
                  speechProbability.withUnsafeMutableBufferPointer { sp in
                    for k in 0..<lam.count {
                        let y = power[k]
                        var p = presence(y / lam[k])
                        sp[k] = p
                        pbar[k] = ap * pbar[k] + (1 - ap) * p
                        // Avoid stagnation: a bin that looks like speech for too long still updates.
                        if pbar[k] > 0.99 { p = min(p, 0.99) }
                        let estimate = (1 - p) * y + p * lam[k]
                        lam[k] = max(a * lam[k] + (1 - a) * estimate, fl[k])
                    }
                  }
                }
            }
        }
    }
}
