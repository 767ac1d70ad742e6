import Glibc

/// Adaptive noise power per bin, tracked with the speech-presence-probability estimator of
/// Gerkmann & Hendriks (2012): each frame's periodogram updates the estimate in proportion to
/// the probability that the bin holds noise only, so the estimate follows rising and falling
/// noise (traffic passes, HVAC cycling) within a few hundred milliseconds without learning
/// speech as noise.
///
/// A lower bound (the quietest stretch found before processing, scaled) keeps the estimate
/// from collapsing in bins where speech is present for a long time.
///
/// The estimator's stagnation guard (a bin that has looked like speech for about 0.4 s is
/// updated as if it might be noise, so a step up in the noise is followed) lets the estimate
/// rise by 1 % of the frame's power per update: under a held vowel or a whisper 50 dB above
/// the floor that is +17 dB in one frame, and the estimate climbed to the voice itself
/// (espeak-ng whisper over a −80 dBFS floor: up to 34 dB above the floor, 31 dB of it within
/// a tenth of a second; the voice was then cut as noise, 28.5 dB SI-SDR against the input).
/// Here the guard may raise the estimate by at most `maximumRiseDBPerSecond`: a step up of
/// the noise is still followed (the guard starts the climb, the ordinary update finishes it:
/// a 20 dB step is at 18.9 dB after 6 s at 5 dB/s, 18.95 dB unlimited), a voice is not
/// learned (that whisper: 28.5 → 59.7 dB; bench seed 1, classical: SI-SDRi 9.58 → 9.72 dB,
/// at 20 dB SNR +5.73 → +6.23 dB, PESQ-WB 1.839 → 1.856, better on each of the seven noises).
final class SpeechPresenceNoiseTracker {
    let binCount: Int
    /// Current noise power per bin.
    let noise: FloatRow
    /// The last frame's probability of speech per bin (a posteriori, before the update).
    let speechProbability: FloatRow
    private let presenceAverage: FloatRow
    private let floor: FloatRow
    private let noiseSmoothing: Float
    private let presenceSmoothing: Float
    /// p(speech | γ) = 1 / (1 + presenceOdds · e^(−γ·presenceSlope)), γ = |Y|²/λ (fixed a
    /// priori SNR ξ under speech, equal priors): odds 1 + ξ, slope ξ/(1 + ξ).
    private let presenceOdds: Float
    private let presenceSlope: Float
    /// The most the stagnation guard may raise the estimate in one frame (a power ratio).
    private let guardRise: Float

    /// - Parameters:
    ///   - initial: the starting noise power per bin (the quietest stretch).
    ///   - floorFactor: the estimate never drops below `initial × floorFactor`.
    ///   - framesPerSecond: frame rate, so the time constants hold at any hop and rate.
    ///   - maximumRiseDBPerSecond: the stagnation guard's largest rise of the estimate, dB/s.
    init(initial: [Float], floorFactor: Float, framesPerSecond: Double,
         noiseTimeConstant: Double, presenceTimeConstant: Double, speechPriorSNRdB: Double,
         maximumRiseDBPerSecond: Double) {
        binCount = initial.count
        noise = FloatRow(initial.map { max($0, 1e-20) })
        floor = FloatRow(initial.map { max($0 * floorFactor, 1e-20) })
        presenceAverage = FloatRow(count: initial.count)
        speechProbability = FloatRow(count: initial.count)
        noiseSmoothing = Float(exp(-1 / (noiseTimeConstant * framesPerSecond)))
        presenceSmoothing = Float(exp(-1 / (presenceTimeConstant * framesPerSecond)))
        let xi = pow(10, speechPriorSNRdB / 10)
        presenceOdds = Float(1 + xi)
        presenceSlope = Float(xi / (1 + xi))
        guardRise = Float(pow(10, maximumRiseDBPerSecond / 10 / framesPerSecond))
    }

    /// p(speech) per bin for a frame against a fixed noise spectrum (no update).
    func probability(power: UnsafePointer<Float>, noise fixed: UnsafePointer<Float>) {
        let sp = speechProbability.base
        let odds = presenceOdds, slope = presenceSlope
        for k in 0..<binCount {
            let gamma = min(power[k] / fixed[k], 1e6)
            sp[k] = 1 / (1 + odds * FastMath.exp(-gamma * slope))
        }
    }

    /// Updates the estimate with one frame's periodogram.
    func update(power: UnsafePointer<Float>) {
        let a = noiseSmoothing, ap = presenceSmoothing
        let odds = presenceOdds, slope = presenceSlope
        let lam = noise.base, pbar = presenceAverage.base, fl = floor.base, sp = speechProbability.base
        for k in 0..<binCount {
            let y = power[k], l = lam[k]
            let gamma = min(y / l, 1e6)
            var p = 1 / (1 + odds * FastMath.exp(-gamma * slope))
            sp[k] = p
            let average = ap * pbar[k] + (1 - ap) * p
            pbar[k] = average
            // Avoid stagnation: a bin that looks like speech for too long still updates, but
            // rises no faster than `guardRise` allows when that is all that lets it rise.
            let held = average > 0.99 && p > 0.99
            if held { p = 0.99 }
            let estimate = (1 - p) * y + p * l
            let next = a * l + (1 - a) * estimate
            lam[k] = max(held ? min(next, l * guardRise) : next, fl[k])
        }
    }
}
