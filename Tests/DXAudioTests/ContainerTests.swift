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

        let copyPath = dir.path("copy.wav")
        let w = try AudioWriter(path: copyPath, like: r)
        #expect(w.format.container == .wav)
        try r.seek(toFrame: 0)
        try w.copy(from: r, frames: r.frameCount)
        try w.finish()
        #expect(try fourCC(fileHead(copyPath), at: 0) == "RIFF")
        let (r2, back2) = try readInt32File(copyPath)
        #expect(firstDifference(back2, samples) == nil)
        #expect(r2.metadata == r.metadata)
    }

    @Test("a small .wav is downgraded to plain RIFF WAV, chunks kept", arguments: [SampleFormat.pcm16, .pcm24, .pcm32, .float32, .float64])
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

    @Test("files written by sox read with the samples sox wrote", arguments: [
        ("aiff", [String]()), ("flac", []), ("wav", ["-b", "24"]), ("wav", ["-e", "floating-point", "-b", "32"]),
        ("wav", ["-e", "floating-point", "-b", "64"]), ("aiff", ["-b", "32"]),
    ])
    func soxWritten(ext: String, options: [String]) throws {
        let dir = try TempDir()
        let reference = dir.path("ref.wav"), converted = dir.path("sox." + ext)
        let fmt = AudioFormat(sampleRate: 48000, channels: 3, sampleFormat: .pcm16)
        let samples = pcmSamples(bits: 16, count: 3 * 4800, seed: 9)
        try writeInt32File(reference, fmt, samples)
        guard try runProgram("sox", [reference] + options + [converted]) == 0 else {
            Issue.record("sox could not convert to \(ext) \(options)")
            return
        }
        let (r, back) = try readInt32File(converted)
        #expect(r.format.container.rawValue == ext)
        #expect(r.format.channels == 3)
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

@Suite("Header details")
struct HeaderDetailTests {
    /// The WAVE_FORMAT_EXTENSIBLE channel mask of a file libsndfile wrote, or nil.
    func channelMask(_ path: String) throws -> UInt32? {
        let b = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)).prefix(256))
        var i = 12
        while i + 8 <= b.count {
            let size = Int(UInt32(b[i + 4]) | UInt32(b[i + 5]) << 8 | UInt32(b[i + 6]) << 16 | UInt32(b[i + 7]) << 24)
            if fourCC(b, at: i) == "fmt " {
                guard b[i + 8] == 0xFE, b[i + 9] == 0xFF else { return nil }
                let m = i + 8 + 20
                return UInt32(b[m]) | UInt32(b[m + 1]) << 8 | UInt32(b[m + 2]) << 16 | UInt32(b[m + 3]) << 24
            }
            i += 8 + size + (size & 1)
        }
        return nil
    }

    @Test("poly files carry no speaker positions; mono and stereo keep theirs", arguments: [(1, UInt32(0x4)), (2, 0x3), (4, 0), (6, 0), (8, 0)])
    func speakerMask(channels: Int, mask: UInt32) throws {
        let dir = try TempDir()
        let path = dir.path("m.wav")
        let fmt = AudioFormat(sampleRate: 48000, channels: channels, sampleFormat: .pcm24)
        let samples = pcmSamples(bits: 24, count: channels * 100, seed: 2)
        try writeInt32File(path, fmt, samples)
        #expect(try channelMask(path) == mask)
        let (_, back) = try readInt32File(path)
        #expect(back == samples)
    }

    @Test("a header never finalised (data size 0, audio after it) is reported, not read as empty")
    func unfinalisedHeader() throws {
        let dir = try TempDir()
        let path = dir.path("crash.wav")
        var w = HandMadeWAV(riffSizeOverride: 0)
        w.chunks = [("fmt ", HandMadeWAV.fmt16(channels: 1, rate: 48000)), ("data", pcm16Bytes((0..<4800).map { Int16($0 % 300) }))]
        try w.write(to: path, declaredSizes: ["data": 0])
        let e = try #require(throws: AudioError.self) { try AudioReader(path: path) }
        #expect(e.kind == .truncated)
        #expect(e.message.contains("never finalised"))
    }

    @Test("bext text: Latin-1 from old recorders is read; over-long fields are cut at a character boundary")
    func bextText() throws {
        var raw = [UInt8](repeating: 0, count: 602)
        raw.replaceSubrange(0..<5, with: [0x53, 0x63, 0xE8, 0x6E, 0x65]) // "Scène" in Latin-1
        let b = try #require(BroadcastExtension(chunk: raw[...]))
        #expect(b.description == "Scène")
        let long = BroadcastExtension(originator: String(repeating: "é", count: 40))
        let back = try #require(BroadcastExtension(chunk: long.chunkBytes[...]))
        #expect(back.originator == String(repeating: "é", count: 16))
        #expect(BroadcastExtension(chunk: [UInt8](repeating: 0, count: 100)[...]) == nil)
    }

    @Test("a buffer at another rate than the format is refused")
    func rateMismatch() throws {
        let dir = try TempDir()
        let e = try #require(throws: AudioError.self) {
            try AudioFile.write(AudioBuffer(sampleRate: 44100, channels: [[0]]),
                                format: AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: .pcm16), metadata: .none, to: dir.path("x.wav"))
        }
        #expect(e.message.contains("44100"))
        #expect(dir.entries.isEmpty)
    }
}

@Suite("Copying between formats")
struct CopyTests {
    @Test("AIFF to WAV with channel choice goes through samples, bit-exact; 16 into 24 bits is exact too")
    func convertingCopy() throws {
        let dir = try TempDir()
        let aiff = dir.path("src.aiff"), wav = dir.path("out.wav"), wide = dir.path("wide.wav")
        let fmt = AudioFormat(sampleRate: 48000, channels: 3, sampleFormat: .pcm24, container: .aiff)
        let samples = pcmSamples(bits: 24, count: 3 * 20000, seed: 12)
        try writeInt32File(aiff, fmt, samples)
        let r = try AudioReader(path: aiff)
        let w = try AudioWriter(path: wav, like: r) { f, _ in f.channels = 2 }
        #expect(w.format.container == .wav)
        #expect(try w.copy(from: r, frames: r.frameCount, sourceChannels: [2, 0]) == 20000)
        try w.finish()
        let (_, back) = try readInt32File(wav)
        var expected: [Int32] = []
        for f in 0..<20000 {
            expected.append(samples[f * 3 + 2])
            expected.append(samples[f * 3])
        }
        #expect(firstDifference(back, expected) == nil)

        let narrow = pcmSamples(bits: 16, count: 1000, seed: 13)
        try writeInt32File(dir.path("n.wav"), AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: .pcm16), narrow)
        let rn = try AudioReader(path: dir.path("n.wav"))
        let ww = try AudioWriter(path: wide, like: rn) { f, _ in f.sampleFormat = .pcm24 }
        try ww.copy(from: rn, frames: rn.frameCount)
        try ww.finish()
        #expect(try readInt32File(wide).1 == narrow)
        #expect(throws: AudioError.self) {
            let bad = try AudioWriter(path: dir.path("bad.wav"), like: rn)
            try bad.copy(from: rn, frames: 10, sourceChannels: [1])
        }
    }
}
