/// `--method auto` with hum removed: the least weight the learned gain gets in each band,
/// from how much hum the de-hum stage took out of that band (the removed hum's band power
/// over the de-hummed band power, same STFT frame). The remover leaves a residue of its own
/// (bench hum cases: harmonics 20–25 dB under the hum they were) that the tracker cannot
/// follow, since it moves with the remover's phase, while DeepFilterNet3 hears it as noise
/// and takes it out between the voice's harmonics. Where the hum taken out stands at or
/// above the band by the top of `ratioRange`, the learned gain is used alone; at or below
/// the bottom the other weights decide; linear between.
///
/// Measured on the bench hum cases (hum50 + hum60, 10 cases a seed, with the remover's
/// burst weight), PESQ-WB mean, seeds 1 / 2 / 3: 2.875 / 2.873 / 2.870 without, 2.903 /
/// 2.894 / 2.876 with 0…10 dB (mostly the −5 dB SNR cases, +0.07…+0.18); 5…15 dB on seed
/// 1: 2.882. Raising the whole frame's weight instead (from the removed hum over the frame's
/// power below 4 kHz) measured nothing (+0.005).
struct HumResidueGuard {
    /// Removed hum over the de-hummed band power, dB.
    var ratioRange: ClosedRange<Float> = DenoiseTuning.humResidueRatioRange

    /// Writes each band's least learned weight into `floor`; returns whether any is above 0.
    /// - Parameters:
    ///   - removed: band powers of the hum removed, `power`: of the de-hummed frame.
    func fill(_ floor: UnsafeMutablePointer<Float>, removed: UnsafePointer<Float>, power: UnsafePointer<Float>,
              count: Int) -> Bool {
        var any = false
        for k in 0..<count {
            // 10·log10(r) = (10 / ln 10)·ln r.
            let ratio = 4.342_944_8 * FastMath.log(max(removed[k], 1e-30) / max(power[k], 1e-30))
            floor[k] = 1 - FusedGain.ramp(ratio, ratioRange, shift: 0)
            any = any || floor[k] > 0
        }
        return any
    }
}
