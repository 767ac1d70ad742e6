import Foundation
import Testing
import TestSupport
@testable import DXAudio

@Suite("Bad input and unwritable output")
struct ErrorTests {
    func expectError(_ path: String, _ kind: AudioError.Kind, mentioning words: [String] = [],
                     sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try AudioReader(path: path)
            Issue.record("\(path) opened", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == kind, sourceLocation: sourceLocation)
            #expect(error.kind.sysexitsCode == (kind == .notFound ? 66 : 65), sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(path + ": "), sourceLocation: sourceLocation)
            for w in words { #expect(error.message.contains(w), "\(error.message)", sourceLocation: sourceLocation) }
        }
    }

    @Test("missing, empty, directory and non-audio files")
    func notAudio() throws {
        let dir = try TempDir()
        expectError(dir.path("missing.wav"), .notFound, mentioning: ["no such file"])
        _ = FileManager.default.createFile(atPath: dir.path("empty.wav"), contents: Data())
        expectError(dir.path("empty.wav"), .notAudio, mentioning: ["empty", "0 bytes"])
        expectError(dir.url.path, .notAudio, mentioning: ["directory"])
        _ = FileManager.default.createFile(atPath: dir.path("notes.wav"), contents: Data("TITLE: REEL 1\n001 A001 V C\n".utf8))
        expectError(dir.path("notes.wav"), .notAudio, mentioning: ["expected WAV"])
    }

    @Test("a WAV whose header promises more audio than it holds is refused, or read when asked")
    func truncated() throws {
        let dir = try TempDir()
        let full = dir.path("full.wav"), cut = dir.path("cut.wav")
        let fmt = AudioFormat(sampleRate: 48000, channels: 2, sampleFormat: .pcm24)
        let samples = pcmSamples(bits: 24, count: 2 * 48000, seed: 4)
        try writeInt32File(full, fmt, samples, metadata: AudioMetadata(bext: BroadcastExtension(timeReference: 99)))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
        let kept = bytes.count - 6 * 12000 - 3 // 12000 frames and half a frame missing
        try bytes.prefix(kept).write(to: URL(fileURLWithPath: cut))
        expectError(cut, .truncated, mentioning: ["48000 frames", "holds 35999", "0:00:01.000", "72003 bytes"])

        let r = try AudioReader(path: cut, acceptTruncated: true)
        #expect(r.frameCount == 35999)
        #expect(r.warnings.count == 1)
        #expect(r.warnings.first?.contains("35999 frames present") == true)
        #expect(r.metadata.bext?.timeReference == 99)
        var out = [Int32](repeating: 0, count: 2 * 48000)
        let n = try out.withUnsafeMutableBufferPointer { try r.readInt32(into: $0, frames: 48000) }
        #expect(n == 35999)
        #expect(Array(out[0..<(2 * n)]) == Array(samples[0..<(2 * n)]))

        try bytes.prefix(30).write(to: URL(fileURLWithPath: cut))
        expectError(cut, .truncated, mentioning: ["inside the WAV header"])
    }

    @Test("a cut-off AIFF is refused at open and a cut-off FLAC when the stream stops; both readable when asked",
          arguments: [AudioContainer.aiff, .flac])
    func truncatedAIFFAndFLAC(container: AudioContainer) throws {
        let dir = try TempDir()
        let full = dir.path("full." + container.rawValue), cut = dir.path("cut." + container.rawValue)
        let fmt = AudioFormat(sampleRate: 48000, channels: 2, sampleFormat: .pcm24, container: container)
        var rng = SplitMix64(state: 5)
        // Noise-like but compressible enough that FLAC frames end well before the cut.
        var samples: [Int32] = []
        for i in 0..<(2 * 96000) {
            let noise = Int(rng.next() % 2001) - 1000
            let ramp = (i % 500) * 1000
            samples.append(Int32(noise + ramp) << 8)
        }
        try writeInt32File(full, fmt, samples)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
        try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: cut))
        let e = try #require(throws: AudioError.self) { try AudioFile.read(cut) }
        #expect(e.kind == .truncated)
        #expect(e.message.contains("96000"))

        let r = try AudioReader(path: cut, acceptTruncated: true)
        var out = [Int32](repeating: 0, count: samples.count)
        var got = 0
        while true {
            let n = try out.withUnsafeMutableBufferPointer { b in
                try r.readInt32(into: UnsafeMutableBufferPointer(rebasing: b[(got * 2)...]), frames: min(4096, 96000 - got))
            }
            if n == 0 { break }
            got += n
        }
        #expect(got > 30000 && got < 96000)
        #expect(r.position == Int64(got))
        #expect(r.warnings.contains { $0.contains("truncated") })
        #expect(firstDifference(Array(out[0..<(2 * got)]), Array(samples[0..<(2 * got)])) == nil)
    }

    @Test("8-bit input is read; 8-bit output is refused")
    func eightBit() throws {
        let dir = try TempDir()
        let path = dir.path("u8.wav")
        guard try runProgram("sox", ["-n", "-r", "8000", "-b", "8", "-e", "unsigned-integer", path, "synth", "0.1", "sine", "440"]) == 0 else {
            Issue.record("sox could not write an 8-bit WAV")
            return
        }
        let (buffer, format, _) = try AudioFile.read(path)
        #expect(format.sampleFormat == .pcm8)
        #expect(buffer.frameCount == 800)
        #expect(buffer.channels[0].map(abs).max()! > 0.5)
        let e = try #require(throws: AudioError.self) {
            try AudioWriter(path: dir.path("out.wav"), format: format, metadata: .none)
        }
        #expect(e.kind == .unsupported)
        #expect(e.message.contains("8-bit"))
        let copy = try AudioWriter(path: dir.path("copy.wav"), like: try AudioReader(path: path))
        #expect(copy.format.sampleFormat == .pcm16)
    }

    @Test("an output directory that does not exist or is a file: cannot create, nothing written")
    func unwritable() throws {
        let dir = try TempDir()
        let fmt = AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: .pcm16)
        for target in [dir.path("no/such/dir/out.wav"), dir.path("plain-file/out.wav"), dir.url.path] {
            if target.contains("plain-file") { _ = FileManager.default.createFile(atPath: dir.path("plain-file"), contents: Data("x".utf8)) }
            let e = try #require(throws: AudioError.self) { try AudioWriter(path: target, format: fmt, metadata: .none) }
            #expect(e.kind == .cannotCreate)
            #expect(e.kind.sysexitsCode == 73)
            #expect(e.path == target)
        }
        #expect(dir.entries == ["plain-file"])
    }

    @Test("a writer dropped before finish leaves nothing, and the old file is untouched")
    func abandonedWriter() throws {
        let dir = try TempDir()
        let path = dir.path("take.wav")
        let fmt = AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: .pcm16)
        let original = pcmSamples(bits: 16, count: 100, seed: 1)
        try writeInt32File(path, fmt, original)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let w = try AudioWriter(path: path, format: fmt, metadata: .none)
            let other = pcmSamples(bits: 16, count: 1000, seed: 2)
            try other.withUnsafeBufferPointer { try w.write(int32: $0, frames: 1000) }
            #expect(dir.entries.count == 2)
        }
        #expect(dir.entries == ["take.wav"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}

@Suite("Inputs are never overwritten")
struct InputSafetyTests {
    @Test("a writer \"like\" a reader refuses the reader's own path, also through another spelling")
    func sameFileRefused() throws {
        let dir = try TempDir()
        let path = dir.path("take.wav")
        let fmt = AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: .pcm16)
        try writeInt32File(path, fmt, pcmSamples(bits: 16, count: 100, seed: 1))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let r = try AudioReader(path: path)
        for target in [path, dir.url.path + "/./take.wav"] {
            let e = try #require(throws: AudioError.self) { try AudioWriter(path: target, like: r) }
            #expect(e.kind == .cannotCreate)
            #expect(e.message.contains("input"))
        }
        #expect(dir.entries == ["take.wav"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("any writer refuses a path whose file is open in a reader; once the reader is gone it may be replaced")
    func openInputRefused() throws {
        let dir = try TempDir()
        let path = dir.path("source.wav")
        let fmt = AudioFormat(sampleRate: 48000, channels: 2, sampleFormat: .pcm24)
        try writeInt32File(path, fmt, pcmSamples(bits: 24, count: 200, seed: 1))
        try FileManager.default.createSymbolicLink(atPath: dir.path("alias.wav"), withDestinationPath: path)
        do {
            let r = try AudioReader(path: path)
            for target in [path, dir.path("alias.wav")] {
                let e = try #require(throws: AudioError.self) { try AudioWriter(path: target, format: fmt, metadata: .none) }
                #expect(e.kind == .cannotCreate)
                #expect(e.message.contains(path))
            }
            #expect(r.frameCount == 100)
        }
        try writeInt32File(path, fmt, pcmSamples(bits: 24, count: 20, seed: 2))
        #expect(try AudioReader(path: path).frameCount == 10)
        #expect(dir.entries == ["alias.wav", "source.wav"])
    }
}
