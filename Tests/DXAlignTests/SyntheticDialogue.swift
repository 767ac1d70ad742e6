import DXAudio
import DXSignal
import Foundation
import TestSupport

/// Deterministic generator of speech-like test audio (no recordings, no external tools): a
/// "line" is a seeded sequence of syllables — harmonic complexes with gliding pitch and
/// formant-shaped spectra, fricative noise bursts and short pauses — so two seeds are two
/// different lines with a voice's statistics, and the same seed is the same performance.
extension SplitMix64 {
    init(_ seed: UInt64) { self.init(state: seed &+ 0x9E37_79B9_7F4A_7C15) }
    mutating func uniform(_ a: Double = 0, _ b: Double = 1) -> Double {
        a + (b - a) * Double(next() >> 11) / Double(1 << 53)
    }
    mutating func gaussian() -> Double {
        let u = max(uniform(), 1e-12), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

enum SyntheticDialogue {
    static let rate = 48_000

    /// One line of `syllables` syllables (≈ 0.25 s each), peak ≈ 0.5.
    static func line(seed: UInt64, syllables: Int = 10, rate: Int = rate) -> [Float] {
        var rng = SplitMix64(seed)
        var out: [Float] = []
        let sr = Double(rate)
        for _ in 0..<syllables {
            if rng.uniform() < 0.3 {  // fricative
                let n = Int(rng.uniform(0.05, 0.12) * sr)
                var prev = 0.0
                for i in 0..<n {
                    let white = rng.gaussian()
                    let hp = white - prev
                    prev = white
                    let env = sin(.pi * Double(i) / Double(n))
                    out.append(Float(0.12 * hp * env))
                }
            }
            let n = Int(rng.uniform(0.12, 0.30) * sr)
            let f0a = rng.uniform(95, 210), f0b = f0a * rng.uniform(0.8, 1.25)
            let formants = [rng.uniform(300, 900), rng.uniform(900, 2400), rng.uniform(2400, 3500)]
            // Harmonic amplitudes from the formants, fixed per syllable (the pitch glides).
            var gains: [Double] = []
            var h = 1
            while Double(h) * f0a < 4000 {
                let f = Double(h) * f0a
                var g = 0.0
                for (k, fc) in formants.enumerated() {
                    let bw = 80.0 + 60.0 * Double(k)
                    g += 1 / (1 + ((f - fc) / bw) * ((f - fc) / bw))
                }
                gains.append(g / Double(h).squareRoot())
                h += 1
            }
            var phase = 0.0
            out.reserveCapacity(out.count + n)
            for i in 0..<n {
                let t = Double(i) / Double(n)
                phase += 2 * .pi * (f0a + (f0b - f0a) * t) / sr
                var s = 0.0
                for (k, g) in gains.enumerated() { s += g * sin(Double(k + 1) * phase) }
                let env = min(1, t / 0.15) * min(1, (1 - t) / 0.25)
                out.append(Float(0.25 * s * env))
            }
            let gap = Int(rng.uniform(0.03, 0.15) * sr)
            out.append(contentsOf: [Float](repeating: 0, count: gap))
        }
        let peak = out.map(abs).max() ?? 1
        return out.map { $0 * 0.5 / peak }
    }

    /// A mono guide scene: other lines (seeds `others`) with the target line placed at each of
    /// `at` (seconds), a short room reverb, broadband noise at `snrDB` under the line's level.
    static func guide(seconds: Double, target: [Float], at starts: [Double], others: [UInt64],
                      snrDB: Double = 20, noiseSeed: UInt64 = 99) -> [Float] {
        let n = Int(seconds * Double(rate))
        var x = [Float](repeating: 0, count: n)
        var rng = SplitMix64(noiseSeed)
        var occupied: [Range<Int>] = starts.map { s in
            let a = Int(s * Double(rate))
            return a..<(a + target.count)
        }
        for s in starts {
            let a = Int(s * Double(rate))
            for i in target.indices where a + i < n { x[a + i] += target[i] }
        }
        var cursor = Int(0.3 * Double(rate))
        for seed in others {
            let l = line(seed: seed, syllables: 8)
            while occupied.contains(where: { $0.overlaps(cursor..<(cursor + l.count)) }) { cursor += rate / 4 }
            guard cursor + l.count < n else { break }
            for i in l.indices { x[cursor + i] += l[i] * 0.9 }
            occupied.append(cursor..<(cursor + l.count))
            cursor += l.count + Int(rng.uniform(0.3, 0.8) * Double(rate))
        }
        // Early reflections after the direct path (which stays at lag 0: the truth is exact).
        var wet = x
        for (ms, gain) in [(3.1, 0.35), (7.3, -0.25), (13.7, 0.18), (23.9, -0.12), (41.0, 0.08)] {
            let k = Int(ms * Double(rate) / 1000)
            for i in k..<n { wet[i] += Float(gain) * x[i - k] }
        }
        let power = target.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(target.count, 1))
        let sigma = (power / pow(10, snrDB / 10)).squareRoot()
        for i in 0..<n { wet[i] += Float(sigma * rng.gaussian()) }
        return wet
    }

    /// Location noise that masks dialogue without being white.
    enum Noise {
        /// Wind on the mic: white noise through two one-pole low-passes (≈ 120 Hz), its level
        /// gusting (a 0.3–0.8 Hz swell between −6 and 0 dB).
        case wind
        /// Crowd babble: eight voices (lines of seeds `900...907`) talking at once, each
        /// starting at its own time and repeated to the guide's length.
        case babble
    }

    /// `count` samples of `noise` whose power is `snrDB` under the power of `line`.
    static func noise(_ noise: Noise, count: Int, under line: [Float], snrDB: Double, seed: UInt64 = 31) -> [Float] {
        var rng = SplitMix64(seed)
        var x = [Float](repeating: 0, count: count)
        switch noise {
        case .wind:
            let a = exp(-2 * Double.pi * 120 / Double(rate))
            var y1 = 0.0, y2 = 0.0, phase = 0.0
            let swell = rng.uniform(0.3, 0.8)
            for i in 0..<count {
                y1 = a * y1 + (1 - a) * rng.gaussian()
                y2 = a * y2 + (1 - a) * y1
                phase += 2 * Double.pi * swell / Double(rate)
                x[i] = Float(y2 * pow(10, (-3 + 3 * sin(phase)) / 20))
            }
        case .babble:
            for voice in UInt64(900)...907 {
                let l = Self.line(seed: voice, syllables: 12)
                var at = Int(rng.uniform(0, 1) * Double(l.count))
                var i = 0
                while i < count {
                    x[i] += l[at]
                    at = (at + 1) % l.count
                    i += 1
                }
            }
        }
        let power = line.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(line.count, 1))
        let have = x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(count, 1))
        let gain = Float((power / pow(10, snrDB / 10) / max(have, 1e-30)).squareRoot())
        return x.map { $0 * gain }
    }

    /// A take: `pre` seconds of studio silence, the line, `post` seconds, a −78 dB noise floor.
    static func take(_ line: [Float], pre: Double, post: Double, rate: Int = rate, seed: UInt64 = 7) -> [Float] {
        var rng = SplitMix64(seed)
        var x = [Float](repeating: 0, count: Int(pre * Double(rate)))
        x += line
        x += [Float](repeating: 0, count: Int(post * Double(rate)))
        for i in x.indices { x[i] += Float(rng.gaussian() * 1.3e-4) }
        return x
    }

    static func write(_ channels: [[Float]], rate: Int = rate, to url: URL, timeReference: UInt64? = nil) throws {
        let buffer = AudioBuffer(sampleRate: rate, channels: channels)
        let format = AudioFormat(sampleRate: rate, channels: channels.count, sampleFormat: .pcm24)
        let meta = AudioMetadata(bext: timeReference.map { BroadcastExtension(timeReference: $0) })
        try AudioFile.write(buffer, format: format, metadata: meta, to: url.path)
    }
}
