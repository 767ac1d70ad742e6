import DXSignal

/// The network inputs libDF computes from each STFT frame (GRAPH.md "Outside the graphs"):
///
/// - `featErb` (32 per frame): ERB band power `P_b = mean_{k∈b} |X_k|²` in dB
///   (`10·log10(P_b + 1e-10)`), minus its exponential running mean `μ_b ← α·μ_b + (1−α)·dB`,
///   divided by 40. μ starts at −60 … −90 dB (linear over the bands).
/// - `featSpec` (2 × 96 per frame): the lowest 96 bins divided by the square root of their
///   running mean magnitude `s_k ← α·s_k + (1−α)·|X_k|` (start 0.001 … 0.0001).
///
/// `α = exp(−hop / (sr·norm_tau))` rounded to 3 decimals as libDF does: 0.99 for the shipped
/// config. The states run from the first frame of the file, so features are only defined for
/// frames in order; a streaming caller keeps this object between blocks.
public struct DFN3FeatureExtractor: Sendable {
    public let bands: ERBBands
    public let dfBins: Int
    public let alpha: Float
    private var meanState: [Float]
    private var unitState: [Float]

    public init(bands: ERBBands, dfBins: Int, alpha: Float) {
        self.bands = bands
        self.dfBins = dfBins
        self.alpha = alpha
        let n = bands.widths.count
        meanState = (0..<n).map { -60 + Float($0) * (-90 - -60) / Float(n - 1) }
        unitState = (0..<dfBins).map { 0.001 + Float($0) * (0.0001 - 0.001) / Float(dfBins - 1) }
    }

    /// libDF's rounding of `exp(−hop / (sr·tau))`: to the fewest decimals (from 3) that keep it below 1.
    public static func normAlpha(sampleRate: Int, hop: Int, tau: Float) -> Float {
        let a = expf(-Float(hop) / Float(sampleRate) / tau)
        var precision: Float = 1000
        while true {
            let r = (a * precision).rounded() / precision
            if r < 1 { return r }
            precision *= 10
        }
    }

    /// Appends one frame's features: 32 values to `erb`, 96 real parts to `re`, 96 imaginary to `im`.
    public mutating func append(_ spectrum: UnsafeBufferPointer<ComplexFloat>, erb: inout [Float], re: inout [Float], im: inout [Float]) {
        var k = 0
        let oneMinus = 1 - alpha
        for (b, w) in bands.widths.enumerated() {
            var p: Float = 0
            for j in k..<k + w { p += spectrum[j].re * spectrum[j].re + spectrum[j].im * spectrum[j].im }
            k += w
            let db = 10 * log10f(p / Float(w) + 1e-10)
            meanState[b] = db * oneMinus + meanState[b] * alpha
            erb.append((db - meanState[b]) / 40)
        }
        for f in 0..<dfBins {
            let x = spectrum[f]
            unitState[f] = (x.re * x.re + x.im * x.im).squareRoot() * oneMinus + unitState[f] * alpha
            let s = unitState[f].squareRoot()
            re.append(x.re / s)
            im.append(x.im / s)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
