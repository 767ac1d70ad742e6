#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CVectorKernels
import DXSignal

/// Band-limited GCC-PHAT of one take segment against many short guide windows (the
/// candidates of one search), for lags `0 ... window − segment` only. The segment's spectrum
/// is computed once, and the transform is only as long as the guide window: lags that small
/// never wrap around, so no padding to segment + window is needed. (DXSignal's `GCCPHAT`
/// computes the general curve; this is the same weighting — zero outside the band, unit
/// magnitude inside, near-empty bins dropped — specialised for many refinements in a row.)
///
/// The band stops at 6 kHz, so the curve holds nothing a 16 kHz signal could not: segment and
/// window are low-passed and decimated (`Decimator.refinement`, 48 kHz → 16 kHz) and the curve
/// is computed at the low rate, with transforms a third as long. The full-rate lag comes from
/// the weighted cross-spectrum itself, summed at fractional lags around the low-rate peak
/// (`value(atLag:)`): the same band-limited curve the full-rate transform would sample.
final class WaveformCorrelator {
    let segmentCount: Int
    let windowCount: Int
    let decimator: Decimator
    private let fft: RealFFT
    private let segmentSpectrum: [ComplexFloat]
    private let lowBin: Int
    private let highBin: Int
    /// Decimated samples of the window (`windowCount / factor`, rounded up) and of the segment.
    private let lowWindow: Int
    private let lowSegment: Int
    /// The weighted cross-spectrum of the last `correlate` (bins `lowBin ... highBin`).
    private(set) var weighted: [ComplexFloat]
    /// Scratch: each band bin's magnitude in `weigh`.
    private var magnitudes: [Float]

    /// Take sample of the decimated segment's first sample.
    let segmentStart: Int

    /// `lowSegment`: the decimated take from take sample `segmentStart` (a multiple of the factor).
    init(lowSegment: ArraySlice<Float>, segmentStart: Int, windowCount: Int, sampleRate: Int,
         band: ClosedRange<Double>, decimator: Decimator) {
        segmentCount = lowSegment.count * decimator.factor
        self.segmentStart = segmentStart
        self.windowCount = windowCount
        self.decimator = decimator
        let f = decimator.factor
        let lowWindow = (windowCount + f - 1) / f
        self.lowWindow = lowWindow
        self.lowSegment = lowSegment.count
        let fft = RealFFT(size: Self.fftSize(windowCount: windowCount, factor: f))
        self.fft = fft
        let low = Array(lowSegment)
        segmentSpectrum = fft.forward(low)
        let binHz = Double(sampleRate) / Double(f) / Double(fft.size)
        lowBin = max(1, Int((band.lowerBound / binHz).rounded(.up)))
        highBin = min(fft.binCount - 2, Int((band.upperBound / binHz).rounded(.down)))
        weighted = [ComplexFloat](repeating: .zero, count: max(highBin - lowBin + 1, 0))
        magnitudes = [Float](repeating: 0, count: max(highBin - lowBin + 1, 0))
    }

    /// The decimated curve at lags `0 ..< lagCount` of `guide[start ..< start + windowCount]`:
    /// entry `i` is the full-rate lag `i · factor`. `guide` must hold `decimator.halfLength`
    /// samples of context on each side of the window where the guide has them (zeros beyond).
    func correlate(_ guide: [Float], start: Int) -> [Float] {
        let samples = fft.samples
        guide.withUnsafeBufferPointer { g in
            let low = decimator.decimate(g, from: start, count: lowWindow)
            for i in 0..<lowWindow { samples[i] = low[i] }
        }
        for i in lowWindow..<fft.size { samples[i] = 0 }
        fft.forward()
        weigh(fft.spectrum)
        fft.inverse()
        return Array(fft.samples[0..<lagCount])
    }

    /// The PHAT weighting of the guide window's spectrum in place: the cross-spectrum with the
    /// segment's, unit magnitude inside the band (bins under 1e-9 of the largest dropped), zero
    /// outside, scaled for the inverse transform; the band's bins kept in `weighted`. Each
    /// bin's magnitude is taken once, in the first pass.
    func weigh(_ spectrum: UnsafeMutableBufferPointer<ComplexFloat>, vector: Bool = WaveformCorrelator.avx2) {
        let zero = ComplexFloat(0, 0)
        guard highBin >= lowBin else {
            for k in spectrum.indices { spectrum[k] = zero }
            return
        }
        let (lo, hi) = (lowBin, highBin)
        let scale = fft.inverseScale
        for k in 0..<lo { spectrum[k] = zero }
        for k in (hi + 1)..<spectrum.count { spectrum[k] = zero }
        if vector {
            weighVector(spectrum, lo: lo, hi: hi, scale: scale)
            return
        }
        segmentSpectrum.withUnsafeBufferPointer { seg in
            magnitudes.withUnsafeMutableBufferPointer { mag in
                weighted.withUnsafeMutableBufferPointer { kept in
                    var peak: Float = 0
                    for k in lo...hi {
                        let p = spectrum[k] * seg[k].conjugate
                        spectrum[k] = p
                        mag[k - lo] = p.magnitude
                        peak = max(peak, mag[k - lo])
                    }
                    let floor = peak * 1e-9
                    for k in lo...hi {
                        let m = mag[k - lo]
                        let w = m <= floor ? zero : spectrum[k] * (scale / m)
                        spectrum[k] = w
                        kept[k - lo] = w
                    }
                }
            }
        }
    }

    /// `weigh`'s two passes over the band as AVX2 code (`dx_phat_cross_avx2`,
    /// `dx_phat_scale_avx2`: the same products, roots and quotients), the peak taken between
    /// them in the same order.
    private func weighVector(_ spectrum: UnsafeMutableBufferPointer<ComplexFloat>, lo: Int, hi: Int, scale: Float) {
        let n = hi - lo + 1
        segmentSpectrum.withUnsafeBufferPointer { seg in
            magnitudes.withUnsafeMutableBufferPointer { mag in
                weighted.withUnsafeMutableBufferPointer { kept in
                    let spec = UnsafeMutableRawPointer(spectrum.baseAddress! + lo).assumingMemoryBound(to: Float.self)
                    let segment = UnsafeRawPointer(seg.baseAddress! + lo).assumingMemoryBound(to: Float.self)
                    dx_phat_cross_avx2(spec, segment, n, mag.baseAddress)
                    var peak: Float = 0
                    for k in 0..<n { peak = max(peak, mag[k]) }
                    let out = UnsafeMutableRawPointer(kept.baseAddress!).assumingMemoryBound(to: Float.self)
                    dx_phat_scale_avx2(spec, mag.baseAddress, n, peak * 1e-9, scale, out)
                }
            }
        }
    }

    /// Whether `weigh` runs as AVX2 code (`weighVector`).
    static let avx2 = dx_has_avx2() == 1

    /// The transform size for a window of `windowCount` full-rate samples: a power of two or
    /// three times one, whichever is the smaller above the decimated window (a run then plans
    /// only a few sizes — an FFTW plan of an odd size costs more than the transforms it
    /// serves — and the padding only interpolates the spectrum).
    static func fftSize(windowCount: Int, factor f: Int) -> Int {
        let lowWindow = (windowCount + f - 1) / f
        let size = FFTSize.powerOfTwo(atLeast: lowWindow)
        let small = size / 4 * 3
        return small >= lowWindow && small % 2 == 0 ? small : size
    }

    var lagCount: Int { max(lowWindow - lowSegment + 1, 1) }

    /// The curve of the last `correlate` at four fractional decimated lags (the full-rate curve
    /// at `lag · factor`): 2 Σ Re(W[k] e^{2πikτ/N}) over the band's bins, as the inverse
    /// transform computes it at whole lags. One pass over the bins for all four.
    func values(atLags lags: SIMD4<Double>) -> SIMD4<Double> {
        let step = 2 * Double.pi * lags / Double(fft.size)
        var dr = SIMD4<Double>(), di = SIMD4<Double>()
        for l in 0..<4 { dr[l] = cos(step[l]); di[l] = sin(step[l]) }
        var total = SIMD4<Double>()
        weighted.withUnsafeBufferPointer { w in
            var k = lowBin
            while k <= highBin {
                // The phasors e^{iθk}, advanced by a rotation per bin, re-seeded every 2048 bins.
                let end = min(highBin + 1, k + 2048)
                var zr = SIMD4<Double>(), zi = SIMD4<Double>()
                for l in 0..<4 { zr[l] = cos(step[l] * Double(k)); zi[l] = sin(step[l] * Double(k)) }
                total += Self.phasorSum(w.baseAddress! + (k - lowBin), count: end - k, zr: zr, zi: zi, dr: dr, di: di)
                k = end
            }
        }
        return 2 * total
    }

    /// Whether `phasorSum` runs as AVX code (`dx_phasor_sum_avx`: the same operations in the
    /// same order, four lanes in one register instead of two).
    static let avx = dx_has_avx() == 1

    /// Σ Re(w[b] · z_b) over `count` bins for four lags, z_0 = zr + i·zi advanced by the rotation
    /// dr + i·di per bin (the products and sums of `portablePhasorSum`, in its order).
    static func phasorSum(_ w: UnsafePointer<ComplexFloat>, count: Int, zr: SIMD4<Double>, zi: SIMD4<Double>,
                          dr: SIMD4<Double>, di: SIMD4<Double>) -> SIMD4<Double> {
        guard avx else { return portablePhasorSum(w, count: count, zr: zr, zi: zi, dr: dr, di: di) }
        var out = SIMD4<Double>()
        withUnsafePointer(to: (zr, zi, dr, di)) { seeds in
            seeds.withMemoryRebound(to: Double.self, capacity: 16) { s in
                withUnsafeMutableBytes(of: &out) { o in
                    UnsafeRawPointer(w).withMemoryRebound(to: Float.self, capacity: 2 * count) { f in
                        dx_phasor_sum_avx(f, count, s, s + 4, s + 8, s + 12, o.baseAddress!.assumingMemoryBound(to: Double.self))
                    }
                }
            }
        }
        return out
    }

    /// `phasorSum` in Swift SIMD (the reference the AVX kernel is tested against).
    static func portablePhasorSum(_ w: UnsafePointer<ComplexFloat>, count: Int, zr: SIMD4<Double>, zi: SIMD4<Double>,
                                  dr: SIMD4<Double>, di: SIMD4<Double>) -> SIMD4<Double> {
        var (zr, zi) = (zr, zi)
        var acc = SIMD4<Double>()
        for b in 0..<count {
            let x = w[b]
            acc += Double(x.re) * zr - Double(x.im) * zi
            let r = zr * dr - zi * di
            zi = zr * di + zi * dr
            zr = r
        }
        return acc
    }
}

/// Low-pass and decimation of the refinement's audio to the smallest whole fraction of its
/// rate that keeps 16 kHz or more (48 kHz → 16 kHz, 44.1 kHz → 22.05 kHz, 96 kHz → 16 kHz),
/// flat to the band's top and 50 dB down from where an alias would fold back into the band
/// (the PHAT weighting flattens the band anyway); zeros outside the samples given, as the
/// full-rate transform had. At a rate under 32 kHz nothing is decimated.
extension Decimator {
    static func refinement(sampleRate: Int, bandTop: Double) -> Decimator {
        let f = max(1, sampleRate / 16_000)
        let outRate = Double(sampleRate) / Double(f)
        let usable = f > 1 && outRate / 2 > bandTop * 1.05
        return Decimator(factor: usable ? f : 1, rate: Double(sampleRate), passTop: bandTop,
                         attenuationDB: 50, edges: .zero)
    }
}
