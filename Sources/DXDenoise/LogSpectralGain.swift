import Glibc

/// The MMSE log-spectral-amplitude gain (Ephraim & Malah 1985) with the decision-directed a
/// priori SNR (Ephraim & Malah 1984) and optimally-modified speech-presence weighting
/// (Cohen & Berdugo 2001): `G = G_LSA^p · G_min^(1−p)`, where `p` is the probability that the
/// bin holds speech — the noise tracker's a posteriori probability when given (measured on the
/// bench set: +0.1 dB SI-SDRi and +0.02 PESQ over the a priori form), else the a priori form. Bins judged noise-only go down to the floor `G_min` (the `--amount`),
/// which leaves a natural room tone instead of the warbling residue ("musical noise") that a
/// plain LSA leaves in pauses; speech bins get the full LSA gain.
final class LogSpectralGain {
    let decisionDirectedWeight: Float
    let minimumPrioriSNR: Float
    let floorGain: Float
    private let logFloorGain: Float
    private let presenceWeighting: Bool
    /// q/(1−q): prior odds of speech absence.
    private let absenceOdds: Float
    /// 0.5·E1(v).
    private let halfE1 = LogSpacedTable(low: 1e-7, high: 80) { 0.5 * exponentialIntegralE1($0) }
    /// e^(−x).
    private let negExp = LogSpacedTable(low: 1e-7, high: 80) { exp(-$0) }
    /// ln(ξ/(1+ξ)).
    private let logWiener = LogSpacedTable(low: 1e-7, high: 1e7) { log($0 / (1 + $0)) }

    /// Amplitude estimate of the previous frame over its noise power, per bin (DD memory).
    private var previousSNR: [Float]

    init(binCount: Int, decisionDirectedWeight: Float, minimumPrioriSNRdB: Float,
         floorDB: Float, presenceWeighting: Bool, speechAbsencePrior: Float) {
        self.decisionDirectedWeight = decisionDirectedWeight
        minimumPrioriSNR = pow(10, minimumPrioriSNRdB / 10)
        floorGain = pow(10, -abs(floorDB) / 20)
        logFloorGain = log(floorGain)
        self.presenceWeighting = presenceWeighting
        absenceOdds = speechAbsencePrior / (1 - speechAbsencePrior)
        previousSNR = [Float](repeating: 0, count: binCount)
    }

    /// Writes the gain for each bin of one frame into `gain`.
    func compute(power: UnsafeBufferPointer<Float>, noise: UnsafeBufferPointer<Float>,
                 speechProbability: UnsafeBufferPointer<Float>?, gain: UnsafeMutableBufferPointer<Float>) {
        let alpha = decisionDirectedWeight, xiMin = minimumPrioriSNR
        let gMin = floorGain, logGMin = logFloorGain
        previousSNR.withUnsafeMutableBufferPointer { prev in
            for k in 0..<gain.count {
                let gamma = min(power[k] / noise[k], 1e6)
                let xi = max(alpha * prev[k] + (1 - alpha) * max(gamma - 1, 0), xiMin)
                let v = xi * gamma / (1 + xi)
                let logG = min(logWiener(xi) + halfE1(v), 0)
                let lsa = expNegative(logG)
                prev[k] = lsa * lsa * gamma
                var g: Float
                if let sp = speechProbability {
                    let p = sp[k]
                    g = expNegative(p * logG + (1 - p) * logGMin)
                } else if presenceWeighting {
                    let p = 1 / (1 + absenceOdds * (1 + xi) * negExp(v))
                    g = expNegative(p * logG + (1 - p) * logGMin)
                } else {
                    g = lsa
                }
                gain[k] = max(g, gMin)
            }
        }
    }

    @inline(__always)
    private func expNegative(_ x: Float) -> Float {
        // x ≤ 0 here; e^x through the e^(−|x|) table.
        negExp(-x)
    }
}
