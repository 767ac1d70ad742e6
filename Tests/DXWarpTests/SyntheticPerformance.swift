import Foundation
import TestSupport

/// A speech-like line described by its syllables, rendered at any timing: the take is the
/// same syllables re-timed through a known map, synthesised from the parameters (no
/// resampling or phase vocoder), so the true correspondence is exact by construction.
struct SyntheticPerformance {
    struct Syllable {
        /// Guide time of the onset and length, seconds.
        var start: Double
        var length: Double
        var f0: Double
        var glide: Double
        var formants: (Double, Double)
        /// Formant movement over the syllable (relative), as a consonant–vowel transition.
        var formantGlide: Double
        var fricative: Bool
        var seed: UInt64
    }

    var syllables: [Syllable]
    /// Guide length, seconds (lead-in and tail of silence included).
    var duration: Double

    /// A line of `count` syllables with pauses, starting after `leadIn` seconds.
    init(seed: UInt64, count: Int = 16, leadIn: Double = 0.4) {
        var rng = SplitMix64(state: seed &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(rng.next() >> 11) / Double(1 << 53) }
        var t = leadIn
        var out: [Syllable] = []
        for _ in 0..<count {
            let length = uniform(0.12, 0.3)
            out.append(
                Syllable(
                    start: t, length: length, f0: uniform(100, 220), glide: uniform(-0.3, 0.3),
                    formants: (uniform(300, 900), uniform(1000, 2600)), formantGlide: uniform(-0.6, 0.6), fricative: uniform(0, 1) < 0.25,
                    seed: rng.next()))
            t += length + (uniform(0, 1) < 0.3 ? uniform(0.1, 0.3) : uniform(0.01, 0.04))
        }
        syllables = out
        duration = t + 0.4
    }

    /// Renders the line through `map` (guide → take seconds): syllable `k` shows at take time
    /// `map.takeTime(g) + shift(k)` the content the guide has at `g`. `skip` leaves syllables
    /// out and closes the gap (later syllables come earlier by the skipped slot); `repeated`
    /// says one syllable twice (its copy follows after `gap` s, later syllables come later).
    func render(
        rate: Int, map: KnownMap, length: Double, skip: Int? = nil, repeated: Int? = nil,
        gap: Double = 0.06
    ) -> [Float] {
        var out = [Float](repeating: 0, count: Int(length * Double(rate)))
        for k in syllables.indices where k != skip {
            let s = syllables[k]
            let shift = self.shift(of: k, map: map, skip: skip, repeated: repeated, gap: gap)
            add(s, shift: shift, map: map, rate: rate, into: &out)
            if k == repeated {
                add(s, shift: shift + copyLength(k, map: map, gap: gap), map: map, rate: rate, into: &out)
            }
        }
        var noise = SplitMix64(state: 7)
        for i in out.indices { out[i] += Float(Double(Int64(bitPattern: noise.next()) >> 11) / Double(1 << 52)) * 1e-4 }
        return out
    }

    /// Take seconds syllable `k` (its first instance) is moved by against `map`.
    func shift(of k: Int, map: KnownMap, skip: Int? = nil, repeated: Int? = nil, gap: Double = 0.06) -> Double {
        var shift = 0.0
        if let d = skip, k > d {
            let next = d + 1 < syllables.count ? syllables[d + 1].start : duration
            shift -= map.takeTime(next) - map.takeTime(syllables[d].start)
        }
        if let r = repeated, k > r { shift += copyLength(r, map: map, gap: gap) }
        return shift
    }

    /// Take seconds a repeated syllable `k` and its gap add.
    func copyLength(_ k: Int, map: KnownMap, gap: Double) -> Double {
        let s = syllables[k]
        return map.takeTime(s.start + s.length) - map.takeTime(s.start) + gap
    }

    /// One syllable at take time `map.takeTime(g) + shift`: harmonics under two moving
    /// formant peaks (or noise through them for a fricative), 5 ms attack, a decaying envelope.
    private func add(_ s: Syllable, shift: Double, map: KnownMap, rate: Int, into out: inout [Float]) {
        let sr = Double(rate)
        let first = Int(((map.takeTime(s.start) + shift) * sr).rounded())
        let last = Int(((map.takeTime(s.start + s.length) + shift) * sr).rounded())
        var rng = SplitMix64(state: s.seed)
        var phase = 0.0
        var low = 0.0
        for n in first..<last where n >= 0 && n < out.count {
            let g = map.guideTime(Double(n) / sr - shift) - s.start  // guide seconds into the syllable
            let u = min(max(g / s.length, 0), 1)
            let envelope =
                min(g / 0.005, 1) * (1 - 0.6 * u) * (0.75 + 0.25 * cos(6 * Double.pi * u))
                * min((s.length - g) / 0.01, 1)
            var x = 0.0
            if s.fricative {
                let white = Double(Int64(bitPattern: rng.next()) >> 11) / Double(1 << 52)
                low += 0.3 * (white - low)
                x = 0.4 * (white - low)
            } else {
                let f = s.f0 * (1 + s.glide * u)
                phase += 2 * Double.pi * f / sr
                var h = 1
                while Double(h) * f < 7_000 {
                    let hf = Double(h) * f
                    let move = 1 + s.formantGlide * (u - 0.5)
                    let gain = exp(-pow((hf - s.formants.0 * move) / 200, 2)) + 0.6 * exp(-pow((hf - s.formants.1 / move) / 300, 2)) + 0.02
                    x += gain * sin(Double(h) * phase)
                    h += 1
                }
                x *= 0.2
            }
            out[n] += Float(x * max(envelope, 0))
        }
    }
}

/// A piecewise-linear map from guide seconds to take seconds (slope 1 outside the knots).
struct KnownMap {
    var guide: [Double]
    var take: [Double]

    func takeTime(_ g: Double) -> Double { Self.interpolate(g, guide, take) }
    func guideTime(_ t: Double) -> Double { Self.interpolate(t, take, guide) }

    static func interpolate(_ x: Double, _ xs: [Double], _ ys: [Double]) -> Double {
        if x <= xs[0] { return ys[0] + (x - xs[0]) }
        if x >= xs[xs.count - 1] { return ys[ys.count - 1] + (x - xs[xs.count - 1]) }
        var k = 1
        while xs[k] < x { k += 1 }
        return ys[k - 1] + (x - xs[k - 1]) * (ys[k] - ys[k - 1]) / (xs[k] - xs[k - 1])
    }

    static let identity = KnownMap(duration: 1, step: 1, stretches: [1], offset: 0)

    /// Knots every `step` s of guide time with local stretches (take/guide) cycling through
    /// `stretches`, starting at take time `offset`.
    init(duration: Double, step: Double, stretches: [Double], offset: Double) {
        var g = [0.0]
        var t = [offset]
        var k = 0
        while g[g.count - 1] < duration {
            g.append(g[g.count - 1] + step)
            t.append(t[t.count - 1] + step * stretches[k % stretches.count])
            k += 1
        }
        guide = g
        take = t
    }
}
