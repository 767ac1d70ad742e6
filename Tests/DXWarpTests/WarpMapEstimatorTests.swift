import DXWarp
import XCTest

final class WarpMapEstimatorTests: XCTestCase {
    static let rate = 16_000

    /// Guide seconds the map sends take second `t` to (linear between points, slope 1 outside).
    static func guideTime(_ map: WarpMap, take t: Double) -> Double {
        let sr = Double(map.sampleRate)
        let xs = map.points.map { Double($0.take) / sr }
        let ys = map.points.map { Double($0.guide) / sr }
        return KnownMap.interpolate(t, xs, ys)
    }

    /// Errors (ms) at every syllable's onset, and at the middle and three quarters of the voiced
    /// ones (noise has no timing inside), skipping `excluded`.
    static func errors(_ map: WarpMap, line: SyntheticPerformance, truth: KnownMap, excluded: Set<Int> = []) -> [Double] {
        var out: [Double] = []
        for (k, s) in line.syllables.enumerated() where !excluded.contains(k) {
            for u in s.fricative ? [0.0] : [0.0, 0.5, 0.75] {
                let g = s.start + u * s.length
                out.append(abs(guideTime(map, take: truth.takeTime(g)) - g) * 1000)
            }
        }
        return out.sorted()
    }

    func testTakeWarpedByKnownMapComesBackWithinFewMilliseconds() throws {
        let line = SyntheticPerformance(seed: 3)
        let truth = KnownMap(duration: line.duration, step: 0.4, stretches: [1.15, 0.88, 1.0, 1.2, 0.85], offset: 0.7)
        let guide = line.render(rate: Self.rate, map: .identity, length: line.duration)
        let take = line.render(rate: Self.rate, map: truth, length: truth.takeTime(line.duration) + 0.3)
        let map = try WarpMapEstimator.estimate(guide: guide, take: take, sampleRate: Self.rate)
        let e = Self.errors(map, line: line, truth: truth)
        XCTAssertLessThanOrEqual(e[e.count / 2], 3, "median error \(e[e.count / 2]) ms")
        XCTAssertLessThanOrEqual(e[e.count * 95 / 100], 8, "p95 error \(e[e.count * 95 / 100]) ms")
        XCTAssertGreaterThan(map.confidence, 0.3)
        XCTAssertTrue(map.flags.isEmpty, "no words differ, yet flagged \(map.flags)")
    }

    func testMapIsMonotoneAndHoldsTheStretchLimits() throws {
        let line = SyntheticPerformance(seed: 5)
        // The take runs 1.5× slow for a while: more than the 0.8…1.25 limits allow.
        let truth = KnownMap(duration: line.duration, step: 0.5, stretches: [1.0, 1.5, 1.5, 1.0], offset: 0.3)
        let guide = line.render(rate: Self.rate, map: .identity, length: line.duration)
        let take = line.render(rate: Self.rate, map: truth, length: truth.takeTime(line.duration) + 0.3)
        let options = WarpOptions(minStretch: 0.8, maxStretch: 1.25)
        let map = try WarpMapEstimator.estimate(guide: guide, take: take, sampleRate: Self.rate, options: options)
        XCTAssertGreaterThan(map.points.count, 10)
        for (a, b) in zip(map.points, map.points.dropFirst()) {
            XCTAssertGreaterThan(b.take, a.take)
            XCTAssertGreaterThanOrEqual(b.guide, a.guide)
            let stretch = Double(b.guide - a.guide) / Double(b.take - a.take)
            XCTAssertGreaterThanOrEqual(stretch, 0.8 - 0.01, "step \(a) → \(b)")
            XCTAssertLessThanOrEqual(stretch, 1.25 + 0.01, "step \(a) → \(b)")
        }
        // Where the limits allow the true map, it is still followed.
        let early = Self.errors(map, line: line, truth: truth).prefix(3)
        XCTAssertLessThan(early.max() ?? 0, 10)
    }

    func testRefusesSignalsTooShortAndLimitsThatExcludeOne() {
        XCTAssertThrowsError(
            try WarpMapEstimator.estimate(guide: [Float](repeating: 0, count: 100), take: [Float](repeating: 0, count: 16_000), sampleRate: 16_000))
        let x = [Float](repeating: 0, count: 16_000)
        XCTAssertThrowsError(try WarpMapEstimator.estimate(guide: x, take: x, sampleRate: 16_000, options: WarpOptions(minStretch: 1.1, maxStretch: 1.3)))
    }
}
