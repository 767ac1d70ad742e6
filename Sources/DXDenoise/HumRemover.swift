import DXSignal
import Glibc

/// Removes mains hum from one channel by synchronous averaging: samples are accumulated by
/// their phase within the hum period into a one-period template (all harmonics at once), the
/// template is kept per harmonic and weighted by how reliably each harmonic stands out, and
/// the template read at the current phase is subtracted. A phase-locked loop on the first ten
/// harmonics follows the mains drift (±0.05–0.2 Hz), so even the 80th harmonic stays locked.
///
/// Unlike a notch comb, this removes the hum tone and leaves the speech energy that shares its
/// frequencies (the template averages over ~10 s, ~500 periods, so speech averages out; 2 s
/// measured PESQ-WB 0.2 lower on the bench hum cases, seed 1: speech leaked into the template).
/// Cost: O(1) per sample plus one small FFT pair per 50 ms block.
public final class HumRemover {
    public let sampleRate: Double
    /// Samples per block (50 ms): the loop updates once per block.
    public let blockSize: Int
    /// Template points per hum period (≈ samples per period).
    private let points: Int
    private let harmonics: Int
    private let fft: RealFFT
    /// Points of the synthesis table: 4× the accumulation grid, so reading it with linear
    /// interpolation stays accurate (−0.1 dB) up to the highest harmonic.
    private let synthesisPoints: Int
    private let synthesisFFT: RealFFT
    /// 1 / sinc²(h/points): undoes the low-pass of the linear split into template points.
    private let splitCorrection: [Float]
    private let readCorrection: [Float]
    private var frequency: Double
    private var phase = 0.0
    private var template: [ComplexFloat]
    private var deviation: [Float]
    private var blocks = 0
    private var accumulated: [Float]
    private var weights: [Float]
    private var table: [Float]
    private var index: [Int32]
    private var fraction: [Float]
    private let averaging: Float
    private let proportionalGain = 0.8
    private let integralGain = 0.3
    /// Phase-error variance (rad²) above which the loop's correction is scaled down.
    private static let referenceVariance = 4e-4
    /// A harmonic is subtracted with weight max(0, 1 − k·σ²/|C|²) (σ²: the variance of its
    /// template estimate, |C|²: the template's power), so a harmonic that does not stand clear
    /// of the speech and noise around it is left alone instead of being half subtracted, which
    /// is what c²/(c² + σ²) gave an empty harmonic. Bench seed 1, hum50 + hum60: PESQ-WB 2.00
    /// → 2.05 (k 3; k 1: 2.02).
    private static let weightMargin: Float = 3
    /// `burstWeight` at full strength. Bench hum cases (hum50 + hum60, `--method auto`),
    /// PESQ-WB mean of the 10 cases on seed 1: none 2.436, 3: 2.780, 10: 2.875, 30: 2.902
    /// (SI-SDRi 16.28, 19.10, 19.69, 19.63 dB); 10 keeps the most SI-SDR.
    static let burstScale = 10.0
    /// Hum over its block-to-block variance, dB, over which `burstWeight` rises from 0 to
    /// `burstScale` (−10…−5 measured the same on seed 1).
    static let burstHumRange: ClosedRange<Double> = -8 ... -3
    /// Sum of squares of the hum subtracted so far, and the sample count (for the report).
    public private(set) var removedEnergy = 0.0
    public private(set) var samplesProcessed = 0

    /// - Parameters:
    ///   - fundamental: the detected mains frequency, Hz.
    ///   - maximumFrequency: highest harmonic removed, Hz.
    public init(fundamental: Double, sampleRate: Double, maximumFrequency: Double = 8000,
                templateTimeConstant: Double = 10.0) {
        self.sampleRate = sampleRate
        frequency = fundamental
        blockSize = max(Int(0.05 * sampleRate), 64)
        points = max(Int((sampleRate / fundamental).rounded()), 16)
        harmonics = max(1, min(Int(min(maximumFrequency, sampleRate * 0.45) / fundamental), points / 2 - 1))
        fft = RealFFT(size: points)
        synthesisPoints = 4 * points
        synthesisFFT = RealFFT(size: 4 * points)
        func sinc2(_ x: Double) -> Double { x == 0 ? 1 : pow(sin(Double.pi * x) / (Double.pi * x), 2) }
        let p = points, h = harmonics
        splitCorrection = (0...h).map { Float(1 / sinc2(Double($0) / Double(p))) }
        readCorrection = (0...h).map { Float(1 / sinc2(Double($0) / Double(4 * p))) }
        template = [ComplexFloat](repeating: .zero, count: harmonics + 1)
        deviation = [Float](repeating: 0, count: harmonics + 1)
        weights = [Float](repeating: 0, count: harmonics + 1)
        accumulated = [Float](repeating: 0, count: 2 * points)
        table = [Float](repeating: 0, count: 4 * points + 1)
        index = [Int32](repeating: 0, count: blockSize)
        fraction = [Float](repeating: 0, count: blockSize)
        averaging = Float(exp(-0.05 / templateTimeConstant))
    }

    /// The frequency the loop is locked to now, Hz.
    public var currentFrequency: Double { frequency }

    /// Continues from another remover's learned template (same fundamental and rate), so a
    /// pass over the start of a file can warm up the main pass.
    public func adoptTemplate(from other: HumRemover) {
        guard other.points == points, other.harmonics == harmonics else { return }
        template = other.template
        deviation = other.deviation
        blocks = other.blocks
    }

    /// Removes hum in place from `samples` (any length; processed in 50 ms blocks, so call with
    /// multiples of `blockSize` except at the end for the loop to stay on its block grid).
    public func process(_ samples: UnsafeMutableBufferPointer<Float>) {
        var offset = 0
        while offset < samples.count {
            let n = min(blockSize, samples.count - offset)
            processBlock(UnsafeMutableBufferPointer(rebasing: samples[offset..<(offset + n)]))
            offset += n
        }
    }

    /// Template point (and fraction) of each sample's phase on a grid of `grid` points.
    /// (The per-sample loops work on buffer pointers taken once per block: indexing the
    /// class's arrays directly costs an exclusivity check and a uniqueness check per sample,
    /// measured as half the hum stage's time.)
    private func locate(_ n: Int, phaseOffset: Double, grid: Int) {
        let step = 2 * Double.pi * frequency / sampleRate
        let scale = Double(grid) / (2 * Double.pi)
        let start = phase + phaseOffset
        index.withUnsafeMutableBufferPointer { points in
            fraction.withUnsafeMutableBufferPointer { fractions in
                for i in 0..<n {
                    var theta = (start + step * Double(i)) * scale
                    theta -= Double(grid) * (theta / Double(grid)).rounded(.down)
                    let k = Int(theta)
                    points[i] = Int32(k < grid ? k : 0)
                    fractions[i] = Float(theta - Double(k))
                }
            }
        }
    }

    private func processBlock(_ x: UnsafeMutableBufferPointer<Float>) {
        let block = blockSpectrum(x)
        blocks += 1
        let delta = phaseError(of: block)
        updateTemplate(with: block, phaseError: delta)
        removedEnergy += subtractHum(from: x, phaseError: delta)
        samplesProcessed += x.count
        let n = x.count
        // Loop filter: advance the phase, correct phase and frequency.
        phase += 2 * Double.pi * frequency * Double(n) / sampleRate + proportionalGain * delta
        phase = phase.truncatingRemainder(dividingBy: 2 * Double.pi)
        frequency += integralGain * delta / (2 * Double.pi * Double(blockSize) / sampleRate)
        frequency = min(max(frequency, 40), 70)
    }

    /// The block's harmonics 1…`harmonics`: its phase-binned mean over one mains period
    /// (linear split between neighbouring points), transformed.
    private func blockSpectrum(_ x: UnsafeMutableBufferPointer<Float>) -> [ComplexFloat] {
        let n = x.count, m = points
        locate(n, phaseOffset: 0, grid: m)
        for i in 0..<(2 * m) { accumulated[i] = 0 }
        index.withUnsafeBufferPointer { points in
            fraction.withUnsafeBufferPointer { fractions in
                accumulated.withUnsafeMutableBufferPointer { acc in
                    for i in 0..<n {
                        let k = Int(points[i]), k1 = k + 1 == m ? 0 : k + 1
                        let fr = fractions[i]
                        acc[k] += x[i] * (1 - fr); acc[m + k] += 1 - fr
                        acc[k1] += x[i] * fr; acc[m + k1] += fr
                    }
                }
            }
        }
        for k in 0..<m { fft.samples[k] = accumulated[m + k] > 1e-6 ? accumulated[k] / accumulated[m + k] : 0 }
        fft.forward()
        let scale = 2 / Float(m)
        var block = [ComplexFloat](repeating: .zero, count: harmonics + 1)
        for h in 1...harmonics { block[h] = fft.spectrum[h] * (scale * splitCorrection[h]) }
        return block
    }

    /// Phase error (radians of the fundamental) of `block` against the template. Estimated
    /// twice: the second time, each harmonic's variance also counts how far this block lies
    /// from the template turned by the first estimate (`burstWeight`), so a block where speech
    /// covers the harmonics moves the loop less.
    private func phaseError(of block: [ComplexFloat]) -> Double {
        guard blocks > 3 else { return 0 }
        let first = weightedPhase(of: block, turnedBy: nil)
        let burst = burstWeight
        guard burst > 0, let estimate = first.estimate else { return first.delta }
        return weightedPhase(of: block, turnedBy: estimate, burstWeight: burst).delta
    }

    /// Least squares over the first ten harmonics, each weighted by h²·|C_h|² over its
    /// block-to-block variance (speech makes a block noisy); the correction (`delta`) is
    /// scaled down when its own variance is large, so loud speech cannot pull the loop off
    /// the mains. With `turnedBy`, a harmonic's variance also gets `burstWeight` times the
    /// block's squared distance from the template turned by that phase (the loop's own error
    /// taken out, so that a loop that is off does not stop trusting every block).
    /// - Returns: the correction and the unscaled estimate (nil without any weight).
    private func weightedPhase(of block: [ComplexFloat], turnedBy turn: Double?,
                               burstWeight: Double = 0) -> (delta: Double, estimate: Double?) {
        var num = 0.0, information = 0.0
        for h in 1...min(10, harmonics) {
            let c = template[h]
            let burst = turn.map { Double((block[h] - rotate(c, by: Double(h) * $0)).power) * burstWeight } ?? 0
            let w = Double(h * h) * Double(c.power) / (Double(deviation[h]) + burst + 1e-30)
            let z = block[h] * c.conjugate
            var angle = Double(atan2(z.im, z.re)) / Double(h)
            angle = min(max(angle, -0.5), 0.5)
            num += w * angle
            information += w
        }
        guard information > 0 else { return (0, nil) }
        let estimate = num / information
        let variance = 1 / (2 * information)
        return (estimate * min(1, Self.referenceVariance / variance), estimate)
    }

    /// How much a block's own distance from the template counts against a harmonic in the
    /// phase estimate (`weightedPhase`): `burstScale` when the hum stands clear of its
    /// block-to-block variance (the first ten harmonics' template power over their variance
    /// at or above the top of `burstHumRange`, dB), none at or below its bottom, linear
    /// between. Under strong hum a loud syllable otherwise turns the loop by 0.1 rad in one
    /// block, which puts the 20th harmonic 2 rad off: the remover adds hum in bursts for a
    /// few hundred ms (bench seed 1, hum60 at 0 dB SNR: 3 dB more than the hum itself at
    /// 800–2000 Hz). Under weak hum (speech covers every block) the loop has to follow the
    /// mains drift through speech, and there the burst weight would freeze it (measured at
    /// 20 dB SNR: the remover lost 1–2 dB SI-SDR). The bench hum cases measure 12…13 dB at
    /// −5 dB SNR, 6…9 at 0 dB, 2…6 at 5 dB, −4…0 at 10 dB, −15…−9 at 20 dB.
    private var burstWeight: Double {
        var hum = 0.0, variance = 0.0
        for h in 1...min(10, harmonics) {
            hum += Double(template[h].power)
            variance += Double(deviation[h])
        }
        let q = 10 * log10(max(hum, 1e-30) / max(variance, 1e-30))
        let r = Self.burstHumRange
        return Self.burstScale * min(max((q - r.lowerBound) / (r.upperBound - r.lowerBound), 0), 1)
    }

    /// Folds the block, rotated by the phase error, into the template, its deviation and
    /// the per-harmonic weights.
    private func updateTemplate(with block: [ComplexFloat], phaseError delta: Double) {
        let a = min(averaging, 1 - 1 / Float(blocks))
        for h in 1...harmonics {
            let rotated = rotate(block[h], by: -Double(h) * delta)
            let e = rotated - template[h]
            deviation[h] = a * deviation[h] + (1 - a) * e.power
            template[h] = template[h] * a + rotated * (1 - a)
            let c2 = template[h].power
            let variance = deviation[h] * (1 - a) / (1 + a)
            weights[h] = max(0, 1 - Self.weightMargin * variance / (c2 + 1e-30))
        }
    }

    /// Synthesises one period of hum from the weighted harmonics and subtracts it along the
    /// corrected phase. - Returns: the energy removed (sum of squared samples).
    private func subtractHum(from x: UnsafeMutableBufferPointer<Float>, phaseError delta: Double) -> Double {
        let n = x.count
        // One period of hum, from the weighted harmonics.
        let s = synthesisPoints
        synthesisFFT.spectrum[0] = .zero
        for h in 1...harmonics { synthesisFFT.spectrum[h] = template[h] * (weights[h] * 0.5 * readCorrection[h]) }
        for k in (harmonics + 1)..<synthesisFFT.binCount { synthesisFFT.spectrum[k] = .zero }
        synthesisFFT.inverse()
        for k in 0..<s { table[k] = synthesisFFT.samples[k] }
        table[s] = table[0]
        locate(n, phaseOffset: delta, grid: s)
        var energy = 0.0
        index.withUnsafeBufferPointer { points in
            fraction.withUnsafeBufferPointer { fractions in
                table.withUnsafeBufferPointer { period in
                    for i in 0..<n {
                        let k = Int(points[i]), fr = fractions[i]
                        let hum = period[k] + (period[k + 1] - period[k]) * fr
                        x[i] -= hum
                        energy += Double(hum * hum)
                    }
                }
            }
        }
        return energy
    }

    private func rotate(_ z: ComplexFloat, by angle: Double) -> ComplexFloat {
        z * ComplexFloat(Float(cos(angle)), Float(sin(angle)))
    }
}
