import Glibc

/// The MMSE log-spectral-amplitude gain (Ephraim & Malah 1985) with the decision-directed a
/// priori SNR (Ephraim & Malah 1984) and optimally-modified speech-presence weighting
/// (Cohen & Berdugo 2001): `G = G_LSA^p · G_min^(1−p)`, where `p` is the probability that the
/// bin holds speech (the noise tracker's a posteriori probability; measured on the bench set:
/// +0.1 dB SI-SDRi and +0.02 PESQ over the a priori form). Bins judged noise-only go down to
/// the floor `G_min` (the `--amount`), which leaves a natural room tone instead of the
/// warbling residue ("musical noise") that a plain LSA leaves in pauses; speech bins get the
/// full LSA gain.
final class LogSpectralGain {
    let binCount: Int
    let decisionDirectedWeight: Float
    let minimumPrioriSNR: Float
    let floorGain: Float

    /// Amplitude estimate of the previous frame over its noise power, per bin (DD memory).
    private let previousSNR: FloatRow

    init(binCount: Int, decisionDirectedWeight: Float, minimumPrioriSNRdB: Float, floorDB: Float) {
        self.binCount = binCount
        self.decisionDirectedWeight = decisionDirectedWeight
        minimumPrioriSNR = pow(10, minimumPrioriSNRdB / 10)
        floorGain = pow(10, -abs(floorDB) / 20)
        previousSNR = FloatRow(count: binCount)
    }

    /// Writes the gain for each bin of one frame into `gain`.
    func compute(power: UnsafePointer<Float>, noise: UnsafePointer<Float>,
                 speechProbability sp: UnsafePointer<Float>, gain: UnsafeMutablePointer<Float>,
                 floorDB: Float? = nil) {
        let alpha = decisionDirectedWeight, xiMin = minimumPrioriSNR
        let gMin = floorDB.map { pow(10, -abs($0) / 20) } ?? floorGain
        let logGMin = log(gMin)
        let prev = previousSNR.base
        for k in 0..<binCount {
            let gamma = min(power[k] / noise[k], 1e6)
            let xi = max(alpha * prev[k] + (1 - alpha) * max(gamma - 1, 0), xiMin)
            let wiener = xi / (1 + xi)
            let v = wiener * gamma
            let logG = min(FastMath.log(wiener) + FastMath.halfE1(v), 0)
            prev[k] = FastMath.exp(2 * logG) * gamma
            let g = FastMath.exp(logGMin + sp[k] * (logG - logGMin))
            gain[k] = max(g, gMin)
        }
    }
}
