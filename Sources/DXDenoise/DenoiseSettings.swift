import DXSignal

/// Where the noise spectrum comes from.
public enum NoiseSource: Sendable, Equatable {
    /// Tracked through the file (speech-presence controlled), starting from the quietest
    /// stretch of the first 10 s. The default.
    case adaptive
    /// A fixed spectrum learned from a region of the file, in frames (start ..< end).
    case region(Range<Int64>)
    /// A fixed spectrum loaded from a profile file.
    case profile(NoiseProfile)
}

/// Whether and how hum is removed before broadband reduction.
public enum HumMode: Sendable, Equatable {
    /// Search 45–65 Hz in the first 10 s; remove if found.
    case auto
    /// No hum stage.
    case off
}

/// Which processor lowers the broadband noise (after the hum stage in both).
public enum DenoiseMethod: String, Sendable, Equatable, CaseIterable {
    /// Log-spectral-amplitude gain on a tracked, learned or loaded noise spectrum. The default
    /// (`auto` is not yet better on every bench figure, and its PESQ-WB is below issue 16's 2.2:
    /// README, dx-denoise).
    case classical
    /// DeepFilterNet3 (DXNeural) at 48 kHz, per channel, with `amountDB` as its attenuation limit.
    case learned
    /// Fused: one gain per band mixing the classical gain and DeepFilterNet3's (`FusedGain`),
    /// applied once on the classical STFT.
    case auto
}

/// Everything a user can turn. The defaults are the measured best on the bench set
/// (see README: dx-denoise).
public struct DenoiseSettings: Sendable, Equatable {
    /// Maximum reduction in dB (the gain floor): noise-only passages are lowered by this much
    /// and no more, so room tone stays.
    public var amountDB: Double = 25
    public var noise: NoiseSource = .adaptive
    public var method: DenoiseMethod = .classical
    /// With adaptive noise tracking, the reduction used when the background itself sounds
    /// like speech (a crowd: its level fluctuates from frame to frame the way syllables do;
    /// see `QuietestStretch.measure`), dB. Pulling such a background down by the full amount
    /// takes the foreground voice's consonants with it (bench babble, STOI against the
    /// untouched input: seed 1 0.807 vs 0.818 at 25 dB, 0.821 at 6 dB, 0.823 at 3 dB; seed 2
    /// 0.794 vs 0.797 at 6 dB, 0.798 at 3 dB). `nil`: always the full amount.
    public var speechLikeBackgroundAmountDB: Double? = 3
    public var hum: HumMode = .auto
    /// Highest hum harmonic removed, Hz.
    public var humMaximumFrequency: Double = 8000
    /// Hop = frame / hopDivisor (4: 75 % overlap; 8 measured +0.07 dB SI-SDRi on the bench
    /// set at twice the cost).
    public var hopDivisor: Int = 4
    /// Plan the STFT's transforms with FFTW_MEASURE (faster; wisdom cached per user) instead
    /// of FFTW_ESTIMATE (reproducible to the bit, the default; what tests use).
    public var measuredTransforms = false

    var fftRigor: FFTPlanningRigor { measuredTransforms ? .measure : .estimate }

    public init() {}

    /// The STFT frame for a sample rate: 2048 at 48 kHz (43 ms, resolves 50/60 Hz hum lines),
    /// the nearest power of two to the same duration elsewhere.
    public static func frameSize(sampleRate: Int) -> Int {
        let target = 2048.0 * Double(sampleRate) / 48000
        var n = 64
        while Double(n) * 1.5 < target, n < 1 << 16 { n <<= 1 }
        return n
    }
}
