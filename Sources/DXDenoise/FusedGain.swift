import Glibc

/// `--method auto`: one gain per band from the classical log-spectral gain and the learned
/// one (DeepFilterNet3's enhanced magnitude over the input's, measured on the classical STFT),
/// mixed in the log domain: `log G = w·log G_learned + (1 − w)·log G_classical`.
///
/// The weight `w` says which estimate to believe, from what each is good at:
/// - the model's local SNR of the frame (its `lsnr` head, dB): at low SNR the model separates
///   voice from noise far better than a tracker can (bench seed 1 at −5 dB: +11.1 dB SI-SDRi
///   against the log-spectral gain's less), while in clean or nearly clean frames it takes
///   breath and unvoiced sounds for noise and the classical gain, which then stays near 1, is
///   the safer one (`lsnrRange`);
/// - the stationarity of the background: a background that fluctuates like speech (a crowd)
///   defeats any noise tracker, so the model's estimate is used whatever the SNR
///   (`crowdWeight`);
/// - the tracker's speech presence per band: where the tracker sees speech the classical gain
///   is kept at least in part (`presenceProtection`), so a band neither estimate can fully
///   explain is not taken away.
struct FusedGain {
    /// Local SNR (dB) at and below which the learned gain is used alone; at and above the
    /// upper bound the classical one.
    var lsnrRange: ClosedRange<Float> = FusedGain.tuned("H16_LO", 0)...FusedGain.tuned("H16_HI", 20)
    /// How far (dB) `lsnrRange` moves up when the background sounds like a crowd: the model
    /// is then trusted at higher local SNRs, but not in nearly clean frames, where it takes
    /// the foreground voice for part of the crowd (bench seed 1, babble at 20 dB SNR: learned
    /// alone −3.35 dB SI-SDRi, classical +1.29 dB).
    var crowdShift: Float = FusedGain.tuned("H16_SHIFT", 10)
    /// How much of the learned weight a band with speech presence 1 gives back to the classical gain.
    var presenceProtection: Float = FusedGain.tuned("H16_SP", 0)
    /// Frame SNR (dB) by the classical tracker's noise estimate (300 Hz–4 kHz) at and below
    /// which the learned gain may be used in full; at and above the upper bound it is not
    /// used at all. Two opinions on the same frame: when the tracker knows the noise floor
    /// to be far below the frame (a clean recording), a low local SNR from the model means it
    /// has taken the voice itself for noise (whispers, breath: espeak-ng's whisper variant came
    /// out of the model at −2.7 dB SI-SDR against the clean input).
    var trackerSNRRange: ClosedRange<Float> = FusedGain.tuned("H16_CLO", 20)...FusedGain.tuned("H16_CHI", 40)
    /// How crowd-like the background is, 0…1 (`FileDenoiser.BroadbandStart.crowd`).
    var crowd: Float = 0
    /// Mode switch while tuning.
    var mode: Int = Int(FusedGain.tuned("H16_MODE", 0))

    static func tuned(_ name: String, _ value: Float) -> Float {
        guard let v = getenv(name) else { return value }
        return Float(String(cString: v)) ?? value
    }

    /// The frame's learned weight from its local SNR (dB; nil when the model has none) and
    /// how crowd-like the background is (0…1).
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
    /// weight given to the learned gain over the bands.
    /// - Parameters:
    ///   - learnedPower, inputPower: band powers of the learned estimate and of the input.
    ///   - classicalFloor, learnedFloor: the lowest gain of each (linear).
    func combine(gain: UnsafeMutablePointer<Float>, learnedPower: UnsafePointer<Float>,
                 inputPower: UnsafePointer<Float>, speechProbability sp: UnsafePointer<Float>,
                 weight: Float, classicalFloor: Float, learnedFloor: Float, count: Int) -> Float {
        guard weight > 0 else { return 0 }
        var share: Float = 0
        let protection = presenceProtection
        for k in 0..<count {
            let ratio = learnedPower[k] / max(inputPower[k], 1e-30)
            let learned = min(max(ratio.squareRoot(), learnedFloor), 1)
            let w = weight * (1 - protection * sp[k])
            let classical = max(gain[k], classicalFloor)
            switch mode {
            case 1: gain[k] = w * learned + (1 - w) * classical
            default: gain[k] = FastMath.exp(w * FastMath.log(learned) + (1 - w) * FastMath.log(classical))
            }
            share += w
        }
        return share / Float(max(count, 1))
    }
}
