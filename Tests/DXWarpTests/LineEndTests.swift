import DXWarp
import TestSupport
import XCTest

/// A line that ends on quiet syllables, on a guide recorded in a room over room tone: the
/// last syllables sit a few dB above the guide's noise while the take, clean, still shows
/// them clearly, and the take slows down into the end (no onset follows to pull the path
/// back into step).
final class LineEndTests: XCTestCase {
    static let rate = 16_000

    /// `signal` with `[from, to)` seconds scaled by `gain` (10 ms ramps either side).
    static func quieter(_ signal: [Float], from: Double, to: Double, gain: Float) -> [Float] {
        var out = signal
        let sr = Double(rate)
        let ramp = 0.01
        for n in out.indices {
            let t = Double(n) / sr
            let into = min(max((t - from + ramp) / ramp, 0), 1) * min(max((to + ramp - t) / ramp, 0), 1)
            out[n] *= 1 + (gain - 1) * Float(into)
        }
        return out
    }

    /// Seeded room tone: white noise through a one-pole low-pass, at `rms`.
    static func roomTone(count: Int, rms: Float, seed: UInt64) -> [Float] {
        var rng = SplitMix64(state: seed)
        var low: Float = 0
        var out = [Float](repeating: 0, count: count)
        for n in out.indices {
            let white = Float(Double(Int64(bitPattern: rng.next()) >> 11) / Double(1 << 52))
            low += 0.2 * (white - low)
            out[n] = low
        }
        let power = out.reduce(Float(0)) { $0 + $1 * $1 } / Float(max(count, 1))
        return out.map { $0 * rms / power.squareRoot() }
    }

    static func rms(_ x: [Float]) -> Float { (x.reduce(Float(0)) { $0 + $1 * $1 } / Float(max(x.count, 1))).squareRoot() }

    /// Errors (ms) at the onset, middle and three quarters of the last two syllables (onsets
    /// only for noise-like ones) and at the line's last voiced instant.
    func lineEndErrors(seed: UInt64) throws -> [Double] {
        let line = SyntheticPerformance(seed: seed, count: 10)
        let last = line.syllables.count - 2
        let quietFrom = line.syllables[last].start
        let lineEnd = line.syllables[line.syllables.count - 1].start + line.syllables[line.syllables.count - 1].length
        // The take keeps the guide's pace, then slows by a fifth over the line's last second.
        let steps = Int((line.duration / 0.4).rounded(.up)) + 1
        let stretches = (0..<steps).map { k in Double(k) * 0.4 >= lineEnd - 1.0 ? 1.2 : [1.0, 0.94, 1.06][k % 3] }
        let truth = KnownMap(duration: line.duration, step: 0.4, stretches: stretches, offset: 0.5)
        let dry = Self.quieter(line.render(rate: Self.rate, map: .identity, length: line.duration), from: quietFrom, to: line.duration, gain: 0.15)
        var guide = SyntheticRoom(rt60: 0.45, directToReverberantDB: 4, seed: seed).apply(dry, rate: Self.rate)
        let tone = Self.roomTone(count: guide.count, rms: Self.rms(dry) * 0.04, seed: seed + 100)  // −28 dB
        for n in guide.indices { guide[n] += tone[n] }
        let take = Self.quieter(
            line.render(rate: Self.rate, map: truth, length: truth.takeTime(line.duration) + 0.3),
            from: truth.takeTime(quietFrom), to: truth.takeTime(line.duration) + 0.3, gain: 0.15)
        let map = try WarpMapEstimator.estimate(guide: guide, take: take, sampleRate: Self.rate)
        var e: [Double] = []
        for s in line.syllables[last...] {
            for u in s.fricative ? [0.0] : [0.0, 0.5, 0.75, 0.95] {
                let g = s.start + u * s.length
                e.append(abs(WarpMapEstimatorTests.guideTime(map, take: truth.takeTime(g)) - g) * 1000)
            }
        }
        return e
    }

    /// Before the second estimate over the raised floor, these four lines measured median
    /// 13.0 ms, max 40.5 ms at their last two syllables; with it (and `RefinementFeatures`)
    /// 6.2 and 19.6 ms.
    func testQuietLastSyllablesOnANoisyRoomGuideStayInStep() throws {
        var all: [Double] = []
        for seed: UInt64 in [21, 22, 23, 24] { all += try lineEndErrors(seed: seed) }
        all.sort()
        let summary = "median \(all[all.count / 2]) ms, max \(all.last ?? 0) ms at the line ends"
        XCTAssertLessThanOrEqual(all[all.count / 2], 10, summary)
        XCTAssertLessThanOrEqual(all.last ?? 0, 25, summary)
    }
}
