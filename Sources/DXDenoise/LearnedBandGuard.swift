import Glibc

/// `--method auto`: the most weight the learned gain may get in each band, from that band's
/// own power over the tracked noise. The frame-level limits of `FusedGain` (the model's local
/// SNR, the tracker's SNR of the whole 300 Hz–4 kHz range) let the model act on every band of
/// a frame; but DeepFilterNet3 hears a whisper, and breath and unvoiced sounds, as noise and
/// removes them (espeak-ng whisper over a −65 dBFS floor, the tracker's stagnation guard off
/// so that it follows the floor, not the voice: SI-SDR against the input 20.8 dB in auto,
/// 44.2 dB classical).
/// Where a band stands far above a noise floor the tracker knows, the band is not that floor,
/// whatever the model thinks; so there the classical gain (near 1) decides. A crowd is what
/// the tracker does not follow, so for a crowd-like background the range moves up as
/// `FusedGain`'s do (`FusedGain.crowdShift`).
///
/// Measured on bench seed 1, auto (SI-SDRi / PESQ-WB / ESTOI; at 20 dB SNR; babble), with the
/// tracker's stagnation guard at 10 dB/s: no band guard 10.91 / 2.093 / 0.832, +5.53,
/// +3.29 dB; 15…30 dB 11.16 / 2.105 / 0.835, +6.19, +3.91 dB; 10…30 dB 11.18 / 2.105 / 0.836,
/// +6.30, +4.14 dB; 10…25 dB 11.14 / 2.100 / 0.837, +6.41, +4.36 dB; 5…20 dB 10.90 / 2.088 /
/// 0.839, +6.52, +4.90 dB (HVAC 10.6 dB before, 10.5, 10.3, 9.9, 8.4). As shipped (10…25 dB
/// from 300 Hz, guard at 5 dB/s), seeds 1 / 2 / 3: 11.15 / 10.70 / 10.89 dB, PESQ-WB 2.100 /
/// 2.159 / 2.125, at 20 dB SNR +6.18 / +7.04 / +7.16 dB (main: 10.82 / 10.48 / 10.45,
/// 2.09 / 2.16 / 2.12, +5.25 / +6.56 / +5.78). A whisper over a −65 dBFS floor: 33.9 dB
/// against the input.
struct LearnedBandGuard {
    /// Band SNR over the tracked noise, dB: at and below the lower bound the learned gain may
    /// have its full frame weight; at and above the upper bound none; linear between.
    var snrRange: ClosedRange<Float> = DenoiseTuning.learnedBandSNRRange
    /// Bands below this one are not guarded (their limit is 1): at the bottom there is no
    /// whisper or unvoiced sound to keep, and low steady noise (HVAC, rumble) is where the
    /// model does better than the tracker's gain (bench seed 1 HVAC, auto: 9.87 dB SI-SDRi
    /// guarded from 0 Hz, 10.73 dB from 300 Hz, 10.60 dB with no guard). But a voice's
    /// fundamental and first harmonics (about 100–300 Hz) far above the floor are the voice
    /// too: since the learned bands take the model's phase, guarding from 150 Hz rather
    /// than 300 Hz (`DenoiseTuning.learnedBandGuardLowHz`) raised seed 1 at 20 dB SNR
    /// from +6.19 to +6.72 dB (classical +6.23), seed 3 from +7.04 to +7.50 (classical
    /// +7.29), PESQ-WB 2.186 → 2.191 and 2.187 → 2.201, babble +4.04 → +5.08 and +3.91 →
    /// +4.83 dB; 80 Hz measured the same as 150 Hz on seed 3.
    var firstBand = 0

    /// Writes each band's largest learned weight into `limit`.
    /// - Parameters:
    ///   - power, noise: the frame's band powers and the tracked noise per band.
    ///   - shift: how far the range moves up, dB (a crowd-like background).
    func fill(_ limit: UnsafeMutablePointer<Float>, power: UnsafePointer<Float>, noise: UnsafePointer<Float>,
              count: Int, shift: Float) {
        for k in 0..<min(firstBand, count) { limit[k] = 1 }
        for k in firstBand..<max(count, firstBand) {
            // 10·log10(r) = (10 / ln 10)·ln r.
            let snr = 4.342_944_8 * FastMath.log(max(power[k], 1e-30) / max(noise[k], 1e-30))
            limit[k] = FusedGain.ramp(snr, snrRange, shift: shift)
        }
    }
}
