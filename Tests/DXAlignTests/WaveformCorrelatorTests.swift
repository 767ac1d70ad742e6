@testable import DXAlign
import Foundation
import Testing

/// The refinement's low-rate GCC-PHAT: the decimation filter, and the full-rate curve read
/// from the low-rate cross-spectrum.
@Suite struct WaveformCorrelatorTests {
    static func tone(_ hz: Double, count: Int, rate: Double = 48_000) -> [Float] {
        (0..<count).map { Float(sin(2 * Double.pi * hz * Double($0) / rate)) }
    }

    static func rms(_ x: ArraySlice<Float>) -> Double {
        (x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(x.count, 1))).squareRoot()
    }

    @Test func decimatorPassesTheBandAndStopsWhatWouldFoldIntoIt() {
        let d = Decimator.refinement(sampleRate: 48_000, bandTop: 6000)
        #expect(d.factor == 3)
        for (hz, low, high) in [(1000.0, 0.99, 1.01), (5500.0, 0.97, 1.03), (10_500.0, 0.0, 0.004), (14_000.0, 0.0, 0.004)] {
            let x = Self.tone(hz, count: 48_000)
            let y = x.withUnsafeBufferPointer { d.decimate($0, from: 0, count: 16_000) }
            let gain = Self.rms(y[1000..<15_000]) / Self.rms(x[3000..<45_000])
            #expect(gain >= low && gain <= high, "\(hz) Hz: gain \(gain)")
        }
        #expect(Decimator.refinement(sampleRate: 44_100, bandTop: 6000).factor == 2)
        #expect(Decimator.refinement(sampleRate: 16_000, bandTop: 6000).factor == 1)
    }

    /// `values(atLags:)` sums the same band-limited curve the inverse transform samples: at whole
    /// lags it equals `correlate`'s output, and the peak of a delayed copy lands on its delay.
    @Test func fractionalLagsAgreeWithTheTransformAndFindTheDelay() {
        var rng = SystemRandomNumberGenerator()
        var noise = (0..<60_000).map { _ in Float.random(in: -1...1, using: &rng) }
        // Band-limit a little so the curve is smooth.
        for i in stride(from: noise.count - 1, to: 0, by: -1) { noise[i] = 0.5 * (noise[i] + noise[i - 1]) }
        let d = Decimator.refinement(sampleRate: 48_000, bandTop: 6000)
        let delay = 1234  // guide = take delayed by 1234 samples (not a multiple of 3)
        let take = Array(noise[10_000..<40_000])
        let guide = [Float](repeating: 0, count: 10_000 + delay) + Array(noise[10_000..<50_000])
        let lowTake = take.withUnsafeBufferPointer { d.decimate($0, from: 0, count: take.count / 3) }
        let c = WaveformCorrelator(lowSegment: lowTake[...], segmentStart: 0, windowCount: take.count + 6000,
                                   sampleRate: 48_000, band: 150...6000, decimator: d)
        let start = 10_000 + delay - 3000
        let curve = c.correlate(guide, start: start)
        let whole = c.values(atLags: SIMD4(10, 11, 500, 1000))
        for (l, lag) in [10, 11, 500, 1000].enumerated() {
            #expect(abs(whole[l] - Double(curve[lag])) <= 1e-4 * Double(curve.map(abs).max()!))
        }
        // The true lag is 3000 full-rate samples = 1000 decimated ones.
        var best = 0
        for i in curve.indices where abs(curve[i]) > abs(curve[best]) { best = i }
        #expect(best == 1000)
        let around = c.values(atLags: SIMD4(1000 - 1.0 / 3, 1000, 1000 + 1.0 / 3, 1000 + 2.0 / 3))
        #expect(around[1] > around[0] && around[1] > around[2] && around[1] > around[3])
    }
}

/// The features' decimator: a constant passes unchanged to the very ends (so decimating and
/// removing the mean commute), and the output is the input filtered at every `factor`-th sample.
@Suite struct FeatureDecimatorTests {
    @Test func repeatedEdgesKeepAConstantAndCommuteWithMeanRemoval() {
        let d = FeatureAnalyzer.decimator(AlignmentTuning(), factor: 3)
        #expect(d.factor == 3)
        let n = 30_001
        let x: [Float] = (0..<n).map { i in
            let t = Double(i)
            let slow: Double = 0.3 * sin(t * 0.013)
            let fast: Double = 0.1 * sin(t * 0.9)
            return Float(0.05 + slow + fast)
        }
        let count = d.outputCount(forInput: n)
        #expect(count == 10_001)
        let constant = [Float](repeating: 0.25, count: n)
        let c = constant.withUnsafeBufferPointer { d.decimate($0, from: 0, count: count) }
        #expect(c.allSatisfy { abs($0 - 0.25) < 1e-6 })
        let m = x.reduce(0, +) / Float(n)
        let a = x.withUnsafeBufferPointer { d.decimate($0, from: 0, count: count) }.map { $0 - m }
        let b = x.map { $0 - m }.withUnsafeBufferPointer { d.decimate($0, from: 0, count: count) }
        #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 })
        // A slow sine (well inside the band) comes out as itself at every third sample.
        let y = (0..<n).map { Float(sin(Double($0) * 0.013)) }
        let z = y.withUnsafeBufferPointer { d.decimate($0, from: 0, count: count) }
        #expect((100..<(count - 100)).allSatisfy { abs(z[$0] - y[3 * $0]) < 0.04 })
    }
}
