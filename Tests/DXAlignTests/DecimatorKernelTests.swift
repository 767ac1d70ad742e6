@testable import DXAlign
import CVectorKernels
import Testing
import TestSupport

/// The decimator's AVX filter (`dx_decimate_filter_avx`, used when the processor has AVX)
/// must give the same floats as its Swift loop: the offsets written by `dx-align` may not
/// depend on the machine.
@Suite struct DecimatorKernelTests {
    @Test(.enabled(if: dx_has_avx() == 1, "this processor has no AVX"))
    func theAVXFilterGivesTheSwiftLoopsFloats() {
        var rng = SplitMix64(5)
        let length = 97
        let taps = (0..<length).map { _ in Float(rng.uniform(-0.2, 0.2)) }
        // Every round size: 32 outputs, 8, single ones, and their mixtures.
        for count in [1, 7, 8, 9, 31, 32, 33, 47, 100, 2048] {
            let input = (0..<(count + length)).map { _ in Float(rng.gaussian()) }
            input.withUnsafeBufferPointer { x in
                let sources = (0..<length).map { UnsafeRawPointer(x.baseAddress! + $0) }
                var swift = [Float](repeating: 0, count: count), avx = [Float](repeating: 1, count: count)
                sources.withUnsafeBufferPointer { src in
                    taps.withUnsafeBufferPointer { h in
                        Decimator.portableFilter(src, h, into: &swift, count: count)
                        src.withMemoryRebound(to: UnsafePointer<Float>?.self) { s in
                            dx_decimate_filter_avx(s.baseAddress, h.baseAddress, length, &avx, count)
                        }
                    }
                }
                #expect(swift.map(\.bitPattern) == avx.map(\.bitPattern), "count \(count)")
            }
        }
    }

    @Test(.enabled(if: dx_has_avx2() == 1, "this processor has no AVX2"))
    func theAVX2SplitByThreeIsTheSamplesPhases() {
        var rng = SplitMix64(9)
        for steps in [0, 1, 7, 8, 9, 16, 23, 100] {
            let x = (0..<(3 * steps)).map { _ in Float(rng.gaussian()) }
            var (r0, r1, r2) = ([Float](repeating: .nan, count: steps), [Float](repeating: .nan, count: steps),
                                [Float](repeating: .nan, count: steps))
            x.withUnsafeBufferPointer { s in dx_split3_avx2(s.baseAddress, &r0, &r1, &r2, steps) }
            let phases = [r0, r1, r2]
            for p in 0..<3 {
                let want = (0..<steps).map { x[3 * $0 + p] }
                #expect(phases[p].map(\.bitPattern) == want.map(\.bitPattern), "\(steps) steps, phase \(p)")
            }
        }
    }
}
