import Foundation
import Testing
import TestSupport
import DXAudio

/// The audio fuzz target's reader calls (Fuzz/AudioFuzz.swift) on its seed corpus and on
/// every input it ever crashed on (Fixtures/fuzz-regressions/audio, copied there by
/// Fuzz/run.sh): seeds read whole, with their metadata; regressions read or throw
/// `AudioError`, never trap.
@Suite("Audio fuzz seeds and regressions replayed")
struct AudioFuzzReplayTests {
    /// Every frame as floats, then from frame 0 as integers, as the fuzz target reads;
    /// returns the frames of each pass.
    static func readTwice(_ reader: AudioReader) throws -> (floats: Int, ints: Int) {
        let step = 1024
        var floats = [Float](repeating: 0, count: step * reader.format.channels)
        var ints = [Int32](repeating: 0, count: step * reader.format.channels)
        var counts = (floats: 0, ints: 0)
        while case let n = try floats.withUnsafeMutableBufferPointer({ try reader.read(into: $0, frames: step) }), n > 0 {
            counts.floats += n
        }
        try reader.seek(toFrame: 0)
        while case let n = try ints.withUnsafeMutableBufferPointer({ try reader.readInt32(into: $0, frames: step) }), n > 0 {
            counts.ints += n
        }
        return counts
    }

    @Test("each seed reads every frame it declares, twice", arguments: [
        ("pcm16-mono.wav", 1, 64), ("pcm16-odd-chunk.wav", 1, 16), ("pcm24-stereo-ext.wav", 2, 48),
        ("pcm24-bext-ixml.wav", 1, 32), ("float32-mono.wav", 1, 32),
    ])
    func seedReads(name: String, channels: Int, frames: Int) throws {
        let path = Repo.root.appendingPathComponent("Fuzz/corpus-audio").appendingPathComponent(name).path
        let reader = try AudioReader(path: path)
        #expect(reader.format.channels == channels)
        #expect(reader.frameCount == Int64(frames))
        let counts = try Self.readTwice(reader)
        #expect(counts.floats == frames && counts.ints == frames)
        if name.contains("bext") {
            #expect(reader.metadata.bext?.timeReference == 48_000 * 3_600)
            #expect(reader.metadata.ixml?.scene == "12A")
        }
    }

    @Test("saved crash inputs read or fail with AudioError")
    func regressionsDoNotTrap() throws {
        for url in Repo.fixtures(in: "fuzz-regressions/audio") {
            do {
                _ = try Self.readTwice(try AudioReader(path: url.path, acceptTruncated: true))
            } catch let error as AudioError {
                // The reader's own answer to junk (any other error fails the test), naming the file.
                #expect(error.path == url.path, "\(url.lastPathComponent)")
            }
        }
    }
}
