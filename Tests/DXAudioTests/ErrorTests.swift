import Foundation
import Testing
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
