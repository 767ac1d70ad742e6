import Foundation
import Testing
import TestSupport
@testable import DXAudio

@Suite("Sample-exact round trips")
struct RoundTripTests {
    @Test("PCM through readInt32 is bit-exact", arguments: [
        (SampleFormat.pcm16, 1), (.pcm16, 2), (.pcm24, 1), (.pcm24, 2), (.pcm32, 1), (.pcm32, 6),
    ])
    func pcmBitExact(format: SampleFormat, channels: Int) throws {
        let dir = try TempDir()
        let path = dir.path("t.wav")
        let frames = 4801
        let samples = pcmSamples(bits: format.bitsPerSample, count: frames * channels, seed: UInt64(format.bitsPerSample * 10 + channels))
        let fmt = AudioFormat(sampleRate: 48000, channels: channels, sampleFormat: format, container: .wav)
        try writeInt32File(path, fmt, samples)
        let (reader, back) = try readInt32File(path)
        #expect(reader.format == fmt)
        #expect(reader.frameCount == Int64(frames))
        #expect(firstDifference(back, samples) == nil)
        #expect(try fourCC(fileHead(path), at: 0) == "RIFF")
        #expect(dir.entries == ["t.wav"])
    }

    @Test("float32 is exact, including values beyond full scale")
    func float32Exact() throws {
        let dir = try TempDir()
        let path = dir.path("f.wav")
        var rng = SplitMix64(state: 7)
        var samples = (0..<(3000 * 2)).map { _ in Float(Int64(rng.next() % 2_000_001) - 1_000_000) / 400_000 }
        samples[0] = 1.5e-38
        samples[1] = -3.25
        let fmt = AudioFormat(sampleRate: 96000, channels: 2, sampleFormat: .float32)
        let buffer = samples.withUnsafeBufferPointer { AudioBuffer(sampleRate: 96000, interleaved: $0, channelCount: 2) }
        try AudioFile.write(buffer, format: fmt, metadata: .none, to: path)
        let (back, format, metadata) = try AudioFile.read(path)
        #expect(format == fmt)
        #expect(metadata == .none)
        #expect(back == buffer)
        #expect(firstDifference(back.interleaved(), samples) == nil)
    }

    @Test("floats at PCM steps write back to the same integers", arguments: [SampleFormat.pcm16, .pcm24])
    func floatToPCMIsExactOnSteps(format: SampleFormat) throws {
        let dir = try TempDir()
        let source = dir.path("src.wav"), copy = dir.path("copy.wav")
        let fmt = AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: format)
        let samples = pcmSamples(bits: format.bitsPerSample, count: 10000, seed: 3)
        try writeInt32File(source, fmt, samples)
        let (buffer, f, _) = try AudioFile.read(source)
        try AudioFile.write(buffer, format: f, metadata: .none, to: copy)
        let (_, back) = try readInt32File(copy)
        #expect(firstDifference(back, samples) == nil)
    }

    @Test("float to PCM rounds to nearest and clips")
    func floatRoundingAndClipping() throws {
        let dir = try TempDir()
        let path = dir.path("clip.wav")
        let step: Float = 1.0 / 32768
        let input: [Float] = [2.0, -2.0, 1.0, -1.0, 0.4 * step, 0.6 * step, -0.6 * step, .nan, .infinity, -.infinity]
        let fmt = AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: .pcm16)
        try AudioFile.write(AudioBuffer(sampleRate: 48000, channels: [input]), format: fmt, metadata: .none, to: path)
        let (_, back) = try readInt32File(path)
        #expect(back.map { $0 >> 16 } == [32767, -32768, 32767, -32768, 0, 1, -1, 0, 32767, -32768])
    }

    @Test("float to 24- and 32-bit rounds ties to even and clips at full scale")
    func floatRoundingDeep() throws {
        let dir = try TempDir()
        for (format, expected) in [(SampleFormat.pcm24, [Int32(8_388_607), -8_388_608, 2, 2, -2, 0, 0, 0]),
                                   (.pcm32, [Int32.max, Int32.min, 640, 384, -384, 0, 0, 2])] {
            let step = Float(1) / Float(1 << 23)
            let tiny = Float(1) / Float(1 << 31)
            let input: [Float] = [1.0, -1.5, 2.5 * step, 1.5 * step, -1.5 * step, -0.0, 0.5 * tiny, 1.5 * tiny]
            let path = dir.path(format.rawValue + ".wav")
            let fmt = AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: format)
            try AudioFile.write(AudioBuffer(sampleRate: 48000, channels: [input]), format: fmt, metadata: .none, to: path)
            let (_, back) = try readInt32File(path)
            #expect(back.map { format == .pcm24 ? $0 >> 8 : $0 } == expected, "\(format)")
        }
    }

    @Test("seek then read returns the frames from there")
    func seekAndRead() throws {
        let dir = try TempDir()
        let path = dir.path("s.wav")
        let fmt = AudioFormat(sampleRate: 48000, channels: 2, sampleFormat: .pcm24)
        let samples = pcmSamples(bits: 24, count: 2 * 10000, seed: 11)
        try writeInt32File(path, fmt, samples)
        let r = try AudioReader(path: path)
        try r.seek(toFrame: 7777)
        var out = [Int32](repeating: 0, count: 2 * 5000)
        let n = try out.withUnsafeMutableBufferPointer { try r.readInt32(into: $0, frames: 5000) }
        #expect(n == 2223)
        #expect(Array(out[0..<(2 * n)]) == Array(samples[(2 * 7777)...]))
        #expect(throws: AudioError.self) { try r.seek(toFrame: 10001) }
    }
}
