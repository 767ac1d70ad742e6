@testable import DXAlign
import CVectorKernels
import Testing
import TestSupport

/// Segment voting's direct correlation with the AVX filter (`FeatureSearch.bandDotsAVX`) must
/// give the Swift SIMD loop's dot products bit for bit, for every round size of lags.
@Suite struct FeatureSearchKernelTests {
    @Test(.enabled(if: dx_has_avx() == 1, "this processor has no AVX"))
    func theAVXBandDotsGiveTheSwiftLoopsFloats() {
        var rng = SplitMix64(13)
        let bands = 8, frames = 600
        let guideBands = (0..<bands).map { _ in (0..<frames).map { _ in Float(rng.gaussian()) } }
        let guide = FeatureTrack(bands: guideBands, frameLevels: [Float](repeating: 1, count: frames))
        for (m, lags) in [(1, 0..<1), (37, 3..<10), (37, 0..<16), (50, 11..<44), (120, 100..<437)] {
            let template = (0..<bands).map { _ in (0..<m).map { _ in Float(rng.gaussian()) } }
            var portable = [Float](repeating: 0, count: lags.count), vector = portable
            FeatureSearch.portableBandDots(template, guide: guide, lags: lags, into: &portable)
            FeatureSearch.bandDotsAVX(template, guide: guide, lags: lags, into: &vector)
            #expect(vector.map(\.bitPattern) == portable.map(\.bitPattern), "template \(m), lags \(lags)")
            #expect(portable.contains { $0 != 0 })
        }
    }
}
