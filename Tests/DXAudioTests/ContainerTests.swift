import Foundation
import Testing
@testable import DXAudio

@Suite("Containers: RF64, auto-downgrade, AIFF, FLAC")
struct ContainerTests {
    @Test("an explicit RF64 container is written as RF64 and reads back exactly, with its chunks")
    func rf64Explicit() throws {
        let dir = try TempDir()
        let path = dir.path("big.wav")
        let fmt = AudioFormat(sampleRate: 48000, channels: 4, sampleFormat: .pcm24, container: .rf64)
        let samples = pcmSamples(bits: 24, count: 4 * 3000, seed: 64)
        let meta = AudioMetadata(bext: BroadcastExtension(description: "rf64", timeReference: 5_000_000_000),
                                 ixml: IXMLMetadata(scene: "7", tracks: [IXMLTrack(channelIndex: 1, interleaveIndex: 1, name: "Boom")]))
        try writeInt32File(path, fmt, samples, metadata: meta)
        let head = try fileHead(path, 16)
        #expect(fourCC(head, at: 0) == "RF64")
        #expect(fourCC(head, at: 12) == "ds64")
        let (r, back) = try readInt32File(path)
        #expect(r.format == fmt)
        #expect(firstDifference(back, samples) == nil)
        #expect(r.metadata.bext?.timeReference == 5_000_000_000)
        #expect(r.metadata.bext?.description == "rf64")
        #expect(r.metadata.ixml?.scene == "7")
        #expect(r.metadata.ixml?.tracks.first?.name == "Boom")
    }

    @Test("a small .wav is downgraded to plain RIFF WAV, chunks kept", arguments: [SampleFormat.pcm16, .pcm24, .pcm32, .float32])
    func autoDowngrade(format: SampleFormat) throws {
        let dir = try TempDir()
        let path = dir.path("small.wav")
        let fmt = AudioFormat(sampleRate: 48000, channels: 2, sampleFormat: format, container: .wav)
        let meta = AudioMetadata(bext: BroadcastExtension(originator: "dxkit", timeReference: 1 << 33), ixml: IXMLMetadata(take: "12"))
        let buffer = AudioBuffer(sampleRate: 48000, channels: [[0.25, -0.5, 0.125], [0, 0.75, -1]])
        try AudioFile.write(buffer, format: fmt, metadata: meta, to: path)
        let head = try fileHead(path, 12)
        #expect(fourCC(head, at: 0) == "RIFF")
        #expect(fourCC(head, at: 8) == "WAVE")
        let (back, f, m) = try AudioFile.read(path)
        #expect(f == fmt)
        #expect(back == buffer)
        #expect(m.bext?.timeReference == 1 << 33)
        #expect(m.bext?.originator == "dxkit")
        #expect(m.ixml?.take == "12")
    }

    @Test("AIFF and FLAC written by libsndfile read back exactly", arguments: [
        (AudioContainer.aiff, SampleFormat.pcm16), (.aiff, .pcm24), (.aiff, .float32), (.flac, .pcm16), (.flac, .pcm24),
    ])
    func aiffAndFlac(container: AudioContainer, format: SampleFormat) throws {
        let dir = try TempDir()
        let path = dir.path("x." + container.rawValue)
        let fmt = AudioFormat(sampleRate: 44100, channels: 2, sampleFormat: format, container: container)
        if format.isPCM {
            let samples = pcmSamples(bits: format.bitsPerSample, count: 2 * 4410, seed: 5)
            try writeInt32File(path, fmt, samples)
            let (r, back) = try readInt32File(path)
            #expect(r.format == fmt)
            #expect(firstDifference(back, samples) == nil)
        } else {
            let buffer = AudioBuffer(sampleRate: 44100, channels: [[0.1, 0.2], [-0.3, 1.25]])
            try AudioFile.write(buffer, format: fmt, metadata: .none, to: path)
            let (back, f, _) = try AudioFile.read(path)
            #expect(f == fmt)
            #expect(back == buffer)
        }
    }

    @Test("AIFF and FLAC written by sox read with the samples sox wrote", arguments: ["aiff", "flac"])
    func soxWritten(ext: String) throws {
        let dir = try TempDir()
        let reference = dir.path("ref.wav"), converted = dir.path("sox." + ext)
        let fmt = AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: .pcm16)
        let samples = pcmSamples(bits: 16, count: 4800, seed: 9)
        try writeInt32File(reference, fmt, samples)
        guard try runProgram("sox", [reference, converted]) == 0 else {
            Issue.record("sox could not convert to \(ext)")
            return
        }
        let (r, back) = try readInt32File(converted)
        #expect(r.format.container.rawValue == ext)
        #expect(r.format.sampleFormat == .pcm16)
        #expect(firstDifference(back, samples) == nil)
    }

    @Test("bext and iXML cannot go into AIFF or FLAC: refused, not dropped")
    func metadataRefusedForAIFF() throws {
        let dir = try TempDir()
        let fmt = AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: .pcm24, container: .aiff)
        let e = try #require(throws: AudioError.self) {
            try AudioWriter(path: dir.path("a.aiff"), format: fmt, metadata: AudioMetadata(bext: BroadcastExtension()))
        }
        #expect(e.kind == .unsupported)
        #expect(dir.entries.isEmpty)
    }
}
