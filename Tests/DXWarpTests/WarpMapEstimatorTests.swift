import DXWarp
import Foundation
import TestSupport
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

    /// Guides recorded in a strong room (RT60 0.5 s, as much tail as direct sound): their energy
    /// lingers after every syllable, but the map must follow the direct sound the lips made.
    /// Before the take was heard in the guide's room and the map fitted robustly, these three
    /// lines measured p50 2.6, p95 15.9, max 26.7 ms; then 1.9 / 10.9 / 17.1 ms; refined on
    /// `RefinementFeatures` 2.3 / 10.5 / 16.5 ms; with the second estimate over the raised
    /// floor 2.6 / 9.3 / 16.5 ms (the p95 limit is what the room model is judged by).
    func testReverberantGuideKeepsTheMapOnTheDirectSound() throws {
        var e: [Double] = []
        for seed: UInt64 in [8, 9, 10] {
            let line = SyntheticPerformance(seed: seed)
            let truth = KnownMap(duration: line.duration, step: 0.4, stretches: [1.12, 0.9, 1.0, 1.18, 0.86], offset: 0.5)
            let dry = line.render(rate: Self.rate, map: .identity, length: line.duration)
            let guide = SyntheticRoom(rt60: 0.5, directToReverberantDB: 0, seed: seed).apply(dry, rate: Self.rate)
            let take = line.render(rate: Self.rate, map: truth, length: truth.takeTime(line.duration) + 0.3)
            let map = try WarpMapEstimator.estimate(guide: guide, take: take, sampleRate: Self.rate)
            e += Self.errors(map, line: line, truth: truth)
        }
        e.sort()
        XCTAssertLessThanOrEqual(e[e.count / 2], 2.75, "median error \(e[e.count / 2]) ms")
        XCTAssertLessThanOrEqual(e[e.count * 95 / 100], 12, "p95 error \(e[e.count * 95 / 100]) ms, max \(e.last ?? 0) ms")
    }

    /// A take recorded over a louder floor than the guide's (hiss 30 dB under the speech, the
    /// guide's 60 dB under), through a brighter microphone (+3 dB at 1 kHz, +11 dB at 4 kHz): the
    /// syllables' decays meet the floors at different times and the bands differ, yet the map
    /// follows the syllables. Refined on its own features (`RefinementFeatures`: a common
    /// floor, 16 bands, 32 ms) the map measured p50 / p95 / max 1.6 / 6.7 / 8.8 ms here; on
    /// the search's features, as before, 1.9 / 6.9 / 10.4 ms.
    func testTakeOverALouderFloorStillFollowsTheSyllables() throws {
        var e: [Double] = []
        for seed: UInt64 in [3, 4, 6] {
            let line = SyntheticPerformance(seed: seed)
            let truth = KnownMap(duration: line.duration, step: 0.4, stretches: [1.15, 0.88, 1.0, 1.2, 0.85], offset: 0.6)
            let guide = Self.overFloor(line.render(rate: Self.rate, map: .identity, length: line.duration), belowDB: 60, seed: seed)
            let take = Self.overFloor(
                Self.brighter(line.render(rate: Self.rate, map: truth, length: truth.takeTime(line.duration) + 0.3)),
                belowDB: 30, seed: seed + 100)
            let map = try WarpMapEstimator.estimate(guide: guide, take: take, sampleRate: Self.rate)
            e += Self.errors(map, line: line, truth: truth)
        }
        e.sort()
        XCTAssertLessThanOrEqual(e[e.count / 2], 1.75, "median error \(e[e.count / 2]) ms")
        XCTAssertLessThanOrEqual(e[e.count * 95 / 100], 7.5, "p95 error \(e[e.count * 95 / 100]) ms")
        XCTAssertLessThanOrEqual(e.last ?? 0, 9.5, "max error \(e.last ?? 0) ms")
    }

    /// `x` plus white noise `belowDB` under its RMS.
    static func overFloor(_ x: [Float], belowDB: Double, seed: UInt64) -> [Float] {
        let rms = (x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(x.count, 1))).squareRoot()
        let level = rms * pow(10, -belowDB / 20) * 3.0.squareRoot()  // uniform noise: RMS = amplitude / √3
        var rng = SplitMix64(state: seed)
        return x.map { $0 + Float(level * (Double(rng.next() >> 11) / Double(1 << 52) - 1)) }
    }

    /// `x` with twice its first difference mixed in: a treble lift (+3 dB at 1 kHz, +11 dB at
    /// 4 kHz, +14 dB at 8 kHz for 16 kHz sampling).
    static func brighter(_ x: [Float]) -> [Float] {
        var out = x
        for i in 1..<x.count { out[i] = x[i] + 2 * (x[i] - x[i - 1]) }
        return out
    }

    func testMapIsMonotoneAndHoldsTheStretchLimits() throws {
        let line = SyntheticPerformance(seed: 5)
        // From guide second 2 to 3 the take runs 1.5× slow: more than the 0.8…1.25 limits allow.
        let truth = KnownMap(duration: line.duration, step: 0.5, stretches: [1, 1, 1, 1, 1.5, 1.5, 1, 1, 1, 1, 1, 1], offset: 0.3)
        let guide = line.render(rate: Self.rate, map: .identity, length: line.duration)
        let take = line.render(rate: Self.rate, map: truth, length: truth.takeTime(line.duration) + 0.3)
        let options = WarpOptions(minStretch: 0.8, maxStretch: 1.25)
        let map = try WarpMapEstimator.estimate(guide: guide, take: take, sampleRate: Self.rate, options: options)
        XCTAssertGreaterThan(map.points.count, 10)
        var steepest = 1.0
        for (a, b) in zip(map.points, map.points.dropFirst()) {
            XCTAssertGreaterThan(b.take, a.take)
            XCTAssertGreaterThanOrEqual(b.guide, a.guide)
            let stretch = Double(b.guide - a.guide) / Double(b.take - a.take)
            XCTAssertGreaterThanOrEqual(stretch, 0.8 - 0.01, "step \(a) → \(b)")
            XCTAssertLessThanOrEqual(stretch, 1.25 + 0.01, "step \(a) → \(b)")
            steepest = min(steepest, stretch)
        }
        XCTAssertLessThan(steepest, 0.82, "the slow region should run at the limit")
        let limited = map.flags.filter { $0.reason == .stretchLimit }
        XCTAssertFalse(limited.isEmpty, "flags \(map.flags)")
        for f in limited {  // around the slow region (guide 2…3 s), spread either side
            XCTAssertGreaterThan(Double(f.guide.upperBound) / Double(Self.rate), 0.9)
            XCTAssertLessThan(Double(f.guide.lowerBound) / Double(Self.rate), 4.2)
        }
        // Well before the slow region the true map is followed: the 0.25 s the limits cannot
        // follow are spread either side of the region, reaching back about 1 s (at 0.2 s/s).
        let early = Set(line.syllables.indices.filter { line.syllables[$0].start + line.syllables[$0].length > 0.9 })
        let e = Self.errors(map, line: line, truth: truth, excluded: early)
        XCTAssertFalse(e.isEmpty)
        XCTAssertLessThan(e.max() ?? 0, 10)
    }

    /// A long voiced syllable in the middle of `line` (a word to leave out or repeat).
    static func middleWord(_ line: SyntheticPerformance) -> Int {
        let n = line.syllables.count
        return (n / 3..<(2 * n / 3)).first { !line.syllables[$0].fricative && line.syllables[$0].length >= 0.2 } ?? n / 2
    }

    /// Errors (ms) at the syllables more than one syllable away from `word`, with their shifts.
    static func errorsAway(_ map: WarpMap, line: SyntheticPerformance, truth: KnownMap, word: Int, skip: Int?, repeated: Int?) -> [Double] {
        var out: [Double] = []
        for (k, s) in line.syllables.enumerated() where abs(k - word) > 1 {
            let shift = line.shift(of: k, map: truth, skip: skip, repeated: repeated)
            for u in s.fricative ? [0.0] : [0.0, 0.5] {
                let g = s.start + u * s.length
                out.append(abs(guideTime(map, take: truth.takeTime(g) + shift) - g) * 1000)
            }
        }
        return out.sorted()
    }

    func testWordLeftOutIsFlaggedAndJumped() throws {
        let line = SyntheticPerformance(seed: 11)
        let truth = KnownMap(duration: line.duration, step: 0.4, stretches: [1.1, 0.9, 1.0, 1.15], offset: 0.5)
        let word = Self.middleWord(line)
        let guide = line.render(rate: Self.rate, map: .identity, length: line.duration)
        let take = line.render(rate: Self.rate, map: truth, length: truth.takeTime(line.duration), skip: word)
        let map = try WarpMapEstimator.estimate(guide: guide, take: take, sampleRate: Self.rate)
        let s = line.syllables[word]
        let hits = map.flags.filter { f in
            f.reason == .wordInGuideOnly && Double(f.guide.lowerBound) / Double(Self.rate) < s.start + s.length + 0.1
                && Double(f.guide.upperBound) / Double(Self.rate) > s.start - 0.1
        }
        XCTAssertEqual(hits.count, 1, "flags \(map.flags), word at \(s.start)…\(s.start + s.length) s")
        XCTAssertEqual(map.flags.filter { $0.reason != .stretchLimit }.count, 1, "flags \(map.flags)")
        let e = Self.errorsAway(map, line: line, truth: truth, word: word, skip: word, repeated: nil)
        XCTAssertLessThanOrEqual(e[e.count * 95 / 100], 12, "p95 away from the word \(e)")
        // The jump sits where the word was: the syllables either side of it keep their places.
        for k in [word - 1, word + 1] {
            let n = line.syllables[k]
            let shift = line.shift(of: k, map: truth, skip: word)
            let near = [0.0, 0.5].map { u in
                abs(Self.guideTime(map, take: truth.takeTime(n.start + u * n.length) + shift) - (n.start + u * n.length)) * 1000
            }
            XCTAssertLessThanOrEqual(near.max() ?? 0, 12, "syllable \(k) beside the left-out word: \(near) ms")
        }
    }

    func testWordSaidTwiceIsFlaggedAndJumped() throws {
        let seed: UInt64 = 12
        let line = SyntheticPerformance(seed: seed)
        let truth = KnownMap(duration: line.duration, step: 0.4, stretches: [0.9, 1.1, 1.2, 1.0], offset: 0.6)
        let word = Self.middleWord(line)
        let guide = line.render(rate: Self.rate, map: .identity, length: line.duration)
        let take = line.render(rate: Self.rate, map: truth, length: truth.takeTime(line.duration) + 0.6, repeated: word)
        let map = try WarpMapEstimator.estimate(guide: guide, take: take, sampleRate: Self.rate)
        let s = line.syllables[word]
        let first = truth.takeTime(s.start) + line.shift(of: word, map: truth, repeated: word)
        let firstEnd = truth.takeTime(s.start + s.length) + line.shift(of: word, map: truth, repeated: word)
        let copyEnd = first + 2 * line.copyLength(word, map: truth, gap: 0.06)
        let hits = map.flags.filter { f in
            f.reason == .wordInTakeOnly && Double(f.take.lowerBound) / Double(Self.rate) < copyEnd + 0.1
                && Double(f.take.upperBound) / Double(Self.rate) > first - 0.1
        }
        XCTAssertEqual(hits.count, 1, "seed \(seed): flags \(map.flags), word and copy at \(first)…\(copyEnd) s of the take")
        XCTAssertEqual(map.flags.filter { $0.reason != .stretchLimit }.count, 1, "seed \(seed): flags \(map.flags)")
        // The guide says the word once: the first copy is kept (it lands on the guide's
        // word) and the jump goes over the pause and the second copy.
        let kept = [0.0, 0.5].map { u in
            abs(Self.guideTime(map, take: first + u * (firstEnd - first)) - (s.start + u * s.length)) * 1000
        }
        XCTAssertLessThanOrEqual(kept.max() ?? 0, 10, "seed \(seed): first copy lands \(kept) ms off its word")
        if let flag = hits.first {
            XCTAssertGreaterThan(Double(flag.take.lowerBound) / Double(Self.rate), firstEnd - 0.03, "seed \(seed): \(flag)")
        }
        let e = Self.errorsAway(map, line: line, truth: truth, word: word, skip: nil, repeated: word)
        XCTAssertLessThanOrEqual(e[e.count * 95 / 100], 12, "seed \(seed): p95 away from the word \(e)")
    }

    func testRefusesSignalsTooShortAndLimitsThatExcludeOne() {
        XCTAssertThrowsError(
            try WarpMapEstimator.estimate(guide: [Float](repeating: 0, count: 100), take: [Float](repeating: 0, count: 16_000), sampleRate: 16_000))
        let x = [Float](repeating: 0, count: 16_000)
        XCTAssertThrowsError(try WarpMapEstimator.estimate(guide: x, take: x, sampleRate: 16_000, options: WarpOptions(minStretch: 1.1, maxStretch: 1.3)))
    }
}
