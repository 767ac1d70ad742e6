@testable import DXAlign
import DXAudio
import Foundation
import Testing
import TestSupport

/// A guide analysed while it is read from its file (`GuideAnalysis(path:)`, in stretches on
/// two cores, DC folded in afterwards, PCM decoded by dxkit) must give the features and the
/// DC-free samples of the same guide analysed in memory.
@Suite struct GuideStreamingTests {
    /// Speech-like bursts of noise and tones on a DC offset; `frames` need not be a whole
    /// number of feature hops.
    static func signal(frames: Int, dc: Float, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed)
        var x = [Float](repeating: 0, count: frames)
        var envelope: Float = 0
        for i in 0..<frames {
            if i % 2400 == 0 { envelope = rng.uniform() < 0.6 ? Float(rng.uniform(0.05, 0.3)) : 0.001 }
            let tone = sinf(Float(i) * 0.0523 * Float(1 + (i / 24_000) % 5))
            x[i] = dc + envelope * (0.6 * tone + 0.4 * Float(rng.gaussian()) * 0.5)
        }
        return x
    }

    static func compare(_ channels: [[Float]], format: SampleFormat, tasks: Int) throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("guide.wav").path
        try AudioFile.write(AudioBuffer(sampleRate: 48_000, channels: channels),
                            format: AudioFormat(sampleRate: 48_000, channels: channels.count, sampleFormat: format),
                            metadata: AudioMetadata(), to: path)
        let (stored, _, _) = try AudioFile.read(path)  // the samples as quantised in the file
        let memory = try GuideAnalysis(buffer: stored, name: path)
        let streamed = try GuideAnalysis(path: path, tasks: tasks)
        guard case .file = streamed.audio else {
            Issue.record("a 48 kHz WAV guide should be analysed while read")
            return
        }
        #expect(streamed.frameCount == memory.frameCount)
        #expect(streamed.channelCount == memory.channelCount)
        for c in 0..<memory.channelCount {
            let a = memory.features[c], b = streamed.features[c]
            #expect(a.frameCount == b.frameCount)
            var worst: Float = 0
            for band in 0..<a.bandCount {
                for t in 0..<a.frameCount { worst = max(worst, abs(a.bands[band][t] - b.bands[band][t])) }
            }
            #expect(worst < 0.02, "channel \(c): features differ by up to \(worst) dB")
            // The refinement's read-back samples are the DC-free samples held in memory.
            let range = (memory.frameCount / 3)..<(memory.frameCount / 3 + 5000)
            let fromFile = try GuideWindows(streamed).span(range, channel: c)
            let fromMemory = try GuideWindows(memory).span(range, channel: c)
            #expect(fromFile.base == fromMemory.base)
            #expect(fromFile.samples == fromMemory.samples)
        }
    }

    @Test func longMonoGuideInTwoStretchesMatchesInMemoryAnalysis() throws {
        try Self.compare([Self.signal(frames: 48_000 * 41 + 123, dc: 0.05, seed: 3)], format: .pcm24, tasks: 2)
    }

    @Test func polySixteenBitGuideMatchesInMemoryAnalysis() throws {
        let n = 48_000 * 6 + 77
        try Self.compare([Self.signal(frames: n, dc: -0.1, seed: 4), Self.signal(frames: n, dc: 0.02, seed: 5)],
                         format: .pcm16, tasks: 1)
    }
}
