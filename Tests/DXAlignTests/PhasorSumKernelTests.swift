@testable import DXAlign
import CVectorKernels
import DXSignal
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The refinement's fractional-lag sums as AVX code (`dx_phasor_sum_avx`) must give the Swift
/// SIMD loop's Doubles bit for bit: the sub-sample offsets `dx-align` prints depend on them.
@Suite struct PhasorSumKernelTests {
    @Test(.enabled(if: dx_has_avx() == 1, "this processor has no AVX"))
    func theAVXPhasorSumGivesTheSwiftLoopsDoubles() {
        var rng = SplitMix64(77)
        for count in [0, 1, 2, 7, 100, 2048] {
            let w = (0..<count).map { _ in ComplexFloat(Float(rng.gaussian()), Float(rng.gaussian())) }
            let lags = SIMD4<Double>(rng.uniform(-3, 3), rng.uniform(-3, 3), rng.uniform(-3, 3), rng.uniform(-3, 3))
            let step = 2 * Double.pi * lags / 4096
            let first = Double(Int(rng.uniform(1, 3000)))
            var dr = SIMD4<Double>(), di = SIMD4<Double>(), zr = SIMD4<Double>(), zi = SIMD4<Double>()
            for l in 0..<4 {
                (dr[l], di[l]) = (cos(step[l]), sin(step[l]))
                (zr[l], zi[l]) = (cos(step[l] * first), sin(step[l] * first))
            }
            let (want, got) = w.withUnsafeBufferPointer { p -> (SIMD4<Double>, SIMD4<Double>) in
                let base = p.baseAddress ?? UnsafePointer(bitPattern: 16)!
                return (WaveformCorrelator.portablePhasorSum(base, count: count, zr: zr, zi: zi, dr: dr, di: di),
                        WaveformCorrelator.phasorSum(base, count: count, zr: zr, zi: zi, dr: dr, di: di))
            }
            for l in 0..<4 { #expect(got[l].bitPattern == want[l].bitPattern, "\(count) bins, lane \(l)") }
            if count > 0 { #expect(want != SIMD4<Double>(), "the sums are not trivially zero") }
        }
    }
}

/// The PHAT weighting as AVX2 code (`dx_phat_cross_avx2`, `dx_phat_scale_avx2`) must leave
/// the Swift loop's spectrum and band bins bit for bit, dropped (near-empty) bins included.
@Suite struct PHATWeighKernelTests {
    @Test(.enabled(if: dx_has_avx2() == 1, "this processor has no AVX2"))
    func theAVX2WeightingGivesTheSwiftLoopsBins() {
        var rng = SplitMix64(91)
        let d = Decimator.refinement(sampleRate: 48_000, bandTop: 6000)
        for segmentCount in [3_000, 9_999, 30_000] {
            let take = (0..<segmentCount).map { _ in Float(rng.gaussian()) }
            let lowTake = take.withUnsafeBufferPointer { d.decimate($0, from: 0, count: take.count / 3) }
            let c = WaveformCorrelator(lowSegment: lowTake[...], segmentStart: 0, windowCount: segmentCount + 2_001,
                                       sampleRate: 48_000, band: 150...6000, decimator: d)
            let fft = RealFFT(size: WaveformCorrelator.fftSize(windowCount: segmentCount + 2_001, factor: d.factor))
            var spectrum = (0..<fft.binCount).map { _ in ComplexFloat(Float(rng.gaussian()), Float(rng.gaussian())) }
            // Some near-empty bins, which the weighting drops, and an exact zero.
            for k in stride(from: 5, to: spectrum.count, by: 37) { spectrum[k] = ComplexFloat(1e-30, -1e-30) }
            spectrum[spectrum.count / 2] = .zero
            var portable = spectrum, vector = spectrum
            portable.withUnsafeMutableBufferPointer { c.weigh($0, vector: false) }
            let portableKept = c.weighted
            vector.withUnsafeMutableBufferPointer { c.weigh($0, vector: true) }
            #expect(vector.map(\.re.bitPattern) == portable.map(\.re.bitPattern), "\(segmentCount): real parts")
            #expect(vector.map(\.im.bitPattern) == portable.map(\.im.bitPattern), "\(segmentCount): imaginary parts")
            #expect(c.weighted.map(\.re.bitPattern) == portableKept.map(\.re.bitPattern), "\(segmentCount): kept bins")
            #expect(c.weighted.map(\.im.bitPattern) == portableKept.map(\.im.bitPattern), "\(segmentCount): kept bins")
            #expect(portableKept.contains { $0 == .zero } && portableKept.contains { $0 != .zero })
        }
    }
}
