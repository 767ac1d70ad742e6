/// What dx-denoise did to one file: the figures an editor checks before printing.
public struct DenoiseReport: Sendable {
    public struct Hum: Sendable {
        /// Whether hum was found (and removed).
        public var found: Bool
        /// Fundamental found by the search, Hz (nil when the search did not run).
        public var fundamentalHz: Double?
        /// Where the loop ended (mains drift), Hz.
        public var finalFundamentalHz: Double?
        /// Harmonics removed (up to the maximum frequency).
        public var harmonics: Int
        /// RMS level of the hum removed, dBFS (all channels).
        public var removedLevelDBFS: Double?
    }

    public var input: String
    public var output: String
    public var delta: String?
    public var sampleRate: Int
    public var channels: Int
    public var frames: Int64
    /// "adaptive", "region" or "profile".
    public var noiseSource: String
    public var amountDB: Double
    /// The reduction used: `amountDB`, or less when the background sounds like speech.
    public var appliedAmountDB: Double
    /// Level fluctuation of the quietest background stretch, dB (adaptive mode only; steady
    /// noise ≈ 0–1.3, a crowd of voices ≥ 3).
    public var backgroundModulation: Double?
    /// 10th percentile of 50 ms levels, dBFS, before and after (nil for digital silence).
    public var noiseFloorBeforeDBFS: Double?
    public var noiseFloorAfterDBFS: Double?
    public var peakBeforeDBFS: Double?
    public var peakAfterDBFS: Double?
    public var hum: Hum
    public var warnings: [String]
    /// "classical", "learned" or "auto".
    public var method: String = DenoiseMethod.classical.rawValue
    /// The mean weight the learned gain got, 0…1 (per band and frame, all channels): 0 in
    /// classical mode, 1 in learned mode, in between in auto (fused) mode.
    public var learnedShare: Double = 0
}
