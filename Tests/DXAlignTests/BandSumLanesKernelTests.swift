@testable import DXAlign
import CVectorKernels
import DXSignal
import Testing
import TestSupport

/// The guide analysis's band sums with the AVX kernels (`dx_band_bins_avx`, `dx_band_sums_avx`)
/// must be the Swift loops' floats, for every number of frames a call takes.
@Suite struct BandSumLanesKernelTests {
    @Test(.enabled(if: dx_has_avx() == 1, "this processor has no AVX"))
    func theAVXBandSumsAreTheSwiftLoopsFloats() throws {
        let filterbank = try MelFilterbank(sampleRate: 16_000, fftSize: 512, bands: 40, fmin: 80, fmax: 7000)
        let window = Window.make(.hann, count: 512, periodic: false)
        let spectrum = RealFFT(size: 512).forward(window)
        let swift = BandSumLanes(fftSize: 512, filterbank: filterbank, window: window, windowSpectrum: spectrum, avx: false)
        let avx = BandSumLanes(fftSize: 512, filterbank: filterbank, window: window, windowSpectrum: spectrum, avx: true)
        var rng = SplitMix64(17)
        let hop = 160
        let x = (0..<(512 + 8 * hop)).map { _ in Float(rng.gaussian()) }
        for count in 1...BandSumLanes.lanes {
            var (p1, c1) = ([Float](repeating: 0, count: count * 40), [Float](repeating: 0, count: count * 40))
            var (p2, c2) = ([Float](repeating: 1, count: count * 40), [Float](repeating: 1, count: count * 40))
            x.withUnsafeBufferPointer { s in
                swift.analyse(s.baseAddress!, hop: hop, count: count, power: &p1, cross: &c1)
                avx.analyse(s.baseAddress!, hop: hop, count: count, power: &p2, cross: &c2)
            }
            #expect(p1.map(\.bitPattern) == p2.map(\.bitPattern), "power, \(count) frames")
            #expect(c1.map(\.bitPattern) == c2.map(\.bitPattern), "cross, \(count) frames")
            #expect(p1.contains { $0 > 0 })
        }
    }
}
