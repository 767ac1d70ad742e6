import DXAudio
import Foundation
import TestSupport

/// Seeded test signals (SplitMix64 + Box–Muller), so every run measures the same audio.
struct SeededNoise {
    private var source: SplitMix64
    init(seed: UInt64) { source = SplitMix64(state: seed) }
    mutating func uniform() -> Double {
        (Double(source.next() >> 11) + 0.5) / Double(1 << 53)
    }
    mutating func gaussian() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
    /// White Gaussian noise with RMS `rms`.
    mutating func white(_ count: Int, rms: Double) -> [Float] {
        (0..<count).map { _ in Float(gaussian() * rms) }
    }
}

enum Gen {
    static func sine(_ count: Int, hz: Double, rate: Int, amplitude: Double, phase: Double = 0) -> [Float] {
        (0..<count).map { Float(amplitude * sin(2 * Double.pi * hz * Double($0) / Double(rate) + phase)) }
    }

    /// Mains hum: fundamental with drifting frequency (±drift Hz) and odd-heavy harmonics up to 4 kHz.
    static func hum(_ count: Int, f0: Double, rate: Int, rms: Double, drift: Double) -> [Float] {
        var phase = 0.0
        var out = [Double](repeating: 0, count: count)
        let harmonics = Int(4000 / f0)
        var phases: [Double] = []
        var rng = SeededNoise(seed: 77)
        for _ in 0..<harmonics { phases.append(rng.uniform() * 2 * Double.pi) }
        for i in 0..<count {
            let t = Double(i) / Double(rate)
            phase += 2 * Double.pi * (f0 + drift * sin(2 * Double.pi * 0.05 * t)) / Double(rate)
            var v = 0.0
            for h in 1...harmonics {
                v += (h % 2 == 1 ? 1.0 : 0.45) * pow(Double(h), -0.7) * sin(Double(h) * phase + phases[h - 1])
            }
            out[i] = v
        }
        let r = (out.reduce(0) { $0 + $1 * $1 } / Double(count)).squareRoot()
        return out.map { Float($0 / r * rms) }
    }

    /// A stereo take's bext (with coding history) and iXML (BOOM, LAV), for metadata tests.
    static var takeMetadata: AudioMetadata {
        let bext = BroadcastExtension(description: "sc 12 tk 3", originator: "Recorder", originatorReference: "REF123",
                                      originationDate: "2026-12-01", originationTime: "10:20:30",
                                      timeReference: 172_800_000, codingHistory: "A=PCM,F=48000,W=24,M=stereo,T=Recorder\r\n")
        let ixml = IXMLMetadata(project: "FILM", scene: "12", take: "3", tape: "DAY4",
                                tracks: [IXMLTrack(channelIndex: 1, interleaveIndex: 1, name: "BOOM"),
                                         IXMLTrack(channelIndex: 2, interleaveIndex: 2, name: "LAV")])
        return AudioMetadata(bext: bext, ixml: ixml)
    }

    static func add(_ a: [Float], _ b: [Float]) -> [Float] { zip(a, b).map { $0 + $1 } }

    static func rmsDB(_ x: ArraySlice<Float>) -> Double {
        let e = x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(x.count, 1))
        return 10 * log10(max(e, 1e-30))
    }

    /// Amplitude of the `hz` component of `x` (least squares on sine and cosine).
    static func toneAmplitude(_ x: ArraySlice<Float>, hz: Double, rate: Int) -> Double {
        var s = 0.0, c = 0.0
        for (i, v) in x.enumerated() {
            let p = 2 * Double.pi * hz * Double(i) / Double(rate)
            s += Double(v) * sin(p)
            c += Double(v) * cos(p)
        }
        return 2 * (s * s + c * c).squareRoot() / Double(x.count)
    }

    static func write(_ channels: [[Float]], rate: Int, to url: URL, format: SampleFormat = .pcm24,
                      metadata: AudioMetadata = .none) throws {
        try AudioFile.write(AudioBuffer(sampleRate: rate, channels: channels),
                            format: AudioFormat(sampleRate: rate, channels: channels.count, sampleFormat: format),
                            metadata: metadata, to: url.path)
    }

    static func read(_ url: URL) throws -> (AudioBuffer, AudioFormat, AudioMetadata) {
        try AudioFile.read(url.path)
    }
}
