/// `--method auto`: one gain per band from the classical log-spectral gain and the learned
/// one (DeepFilterNet3's enhanced magnitude over the input's, measured on the classical STFT),
/// mixed in the log domain: `log G = w·log G_learned + (1 − w)·log G_classical`, each gain
/// first held at or above its floor (the classical floor from the `--amount` and the frame's
/// speech presence, as in classical mode; the learned one from the `--amount` asked for
/// alone: never the crowd-limited classical one, and not raised in frames with speech).
/// The fused gain sets the magnitude; where the learned weight is above 0 the phase moves
/// towards the learned estimate's (LearnedPhase.swift).
///
/// The weight `w` says which estimate to believe, from what each is good at:
/// - the model's local SNR of the frame (its `lsnr` head, dB): at low SNR the model separates
///   voice from noise far better than a tracker can (bench seed 1 at −5 dB SNR: learned alone
///   +11.1 dB SI-SDRi), while in nearly clean frames it takes breath and unvoiced sounds for
///   noise and the classical gain, which then stays near 1, is the safer one (`lsnrRange`);
/// - the tracker's SNR of the frame (300 Hz–4 kHz power over its noise estimate), a second
///   opinion: where the tracker knows the noise floor to be far below the frame, a low model
///   SNR means the model is hearing the voice as noise (`trackerSNRRange`);
/// - the band's own SNR (its power over the tracker's noise estimate), per band: a band that
///   stands far above the noise floor is the voice, where both gains should stay near 1 and
///   what the model takes away is the voice's detail (`LearnedBandGuard`). The frame-level SNRs
///   cannot see this: in a frame at 20 dB the voice's formants stand 30 dB above the floor
///   while the bands between them sit near it, and there the model helps;
/// - the stationarity of the background: when it fluctuates like speech (a crowd, which
///   no noise tracker follows) all ranges move up by `crowdShift`, so the model is trusted
///   at higher SNRs, though still not in nearly clean frames (bench seed 1, babble at 20 dB
///   SNR: learned alone −3.35 dB SI-SDRi, classical +1.29 dB).
struct FusedGain {
    /// Model local SNR, dB: at and below the lower bound the learned gain may be used alone;
    /// at and above the upper bound not at all; linear between. With the band gate below
    /// keeping the voice's own bands classical, the frame ramp trusts the model higher up
    /// than the 0…20 dB it had before; against that, bench seeds 1 / 2 / 3: PESQ-WB +0.02 /
    /// +0.02 / +0.02, ESTOI +0.003 / +0.002 / +0.002, at 20 dB SNR +0.03 / +0.02 / +0.01 dB,
    /// SI-SDRi −0.16 / −0.07 / −0.06 dB, babble within 0.03 dB (10…30 dB: PESQ-WB 0.003
    /// higher still, SI-SDRi 0.1–0.2 dB lower).
    var lsnrRange: ClosedRange<Float> = 5...25
    /// Tracker frame SNR, dB, likewise: the learned weight is at most this ramp.
    var trackerSNRRange: ClosedRange<Float> = 20...40
    /// How far the ranges move up (dB) for a crowd-like background. 5 rather than 10 since
    /// the learned bands take the model's phase: bench seeds 1 / 3, babble SI-SDRi +3.79 →
    /// +4.04 and +3.68 → +3.91 dB, ESTOI +0.005 / +0.002, PESQ-WB +0.002 / −0.008; at 20 dB
    /// SNR +0.10 / +0.07 dB; other noises unchanged.
    var crowdShift: Float = 5
    /// How crowd-like the background is, 0…1 (`FileDenoiser.BroadbandStart.crowd`).
    var crowd: Float = 0

    /// The frame's learned weight from the model's local SNR (dB; nil when it has none yet).
    func frameWeight(localSNR: Float?) -> Float {
        guard let lsnr = localSNR else { return 0 }
        return Self.ramp(lsnr, lsnrRange, shift: crowd * crowdShift)
    }

    /// The most weight the learned gain may get in a frame whose tracker SNR is `snr` dB.
    func trackerLimit(frameSNR snr: Float) -> Float {
        Self.ramp(snr, trackerSNRRange, shift: crowd * crowdShift)
    }

    /// 1 at and below `range.lowerBound + shift`, 0 at and above `range.upperBound + shift`, linear between.
    static func ramp(_ x: Float, _ range: ClosedRange<Float>, shift: Float) -> Float {
        let w = (range.upperBound + shift - x) / max(range.upperBound - range.lowerBound, 1e-3)
        return min(max(w, 0), 1)
    }

    /// Replaces the classical gains `gain` (per band) by the fused ones; returns the mean
    /// weight given to the learned gain over the bands (0 when `weight` is 0).
    /// - Parameters:
    ///   - learnedPower, inputPower: band powers of the learned estimate and of the input.
    ///   - weight: the frame's learned weight (`frameWeight`, `trackerLimit`).
    ///   - classicalFloor, learnedFloor: the lowest gain of each (linear).
    ///   - bandLimit: per band, the most weight the learned gain may have (`LearnedBandGuard`).
    ///   - bandFloor: per band, the least weight, over `weight` and `bandLimit` (`HumResidueGuard`).
    ///   - weights: if given, receives each band's learned weight (for the phase: LearnedPhase.swift).
    func combine(gain: UnsafeMutablePointer<Float>, learnedPower: UnsafePointer<Float>,
                 inputPower: UnsafePointer<Float>, weight: Float,
                 classicalFloor: Float, learnedFloor: Float, count: Int,
                 bandLimit: UnsafePointer<Float>? = nil, bandFloor: UnsafePointer<Float>? = nil,
                 weights: UnsafeMutablePointer<Float>? = nil) -> Float {
        guard weight > 0 || bandFloor != nil else { return 0 }
        var used: Float = 0
        for k in 0..<count {
            var w = bandLimit.map { min(weight, $0[k]) } ?? weight
            if let bandFloor { w = max(w, bandFloor[k]) }
            weights?[k] = w
            used += w
            let ratio = learnedPower[k] / max(inputPower[k], 1e-30)
            let learned = min(max(ratio.squareRoot(), learnedFloor), 1)
            let classical = max(gain[k], classicalFloor)
            gain[k] = FastMath.exp(w * FastMath.log(learned) + (1 - w) * FastMath.log(classical))
        }
        return used / Float(max(count, 1))
    }
}
