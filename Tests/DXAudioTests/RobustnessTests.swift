import Foundation
import Testing
import TestSupport
@testable import DXAudio

@Suite("Damaged headers and parallel use")
struct RobustnessTests {
    /// A small BWF with bext and iXML, as bytes.
    func sampleFile(_ dir: TempDir) throws -> [UInt8] {
        let path = dir.path("good.wav")
        let meta = AudioMetadata(bext: BroadcastExtension(description: "d", timeReference: 1 << 40, codingHistory: "A=PCM\r\n"),
                                 ixml: IXMLMetadata(scene: "1", tracks: [IXMLTrack(channelIndex: 1, interleaveIndex: 1, name: "Boom")]))
        try writeInt32File(path, AudioFormat(sampleRate: 48000, channels: 2, sampleFormat: .pcm24), pcmSamples(bits: 24, count: 2 * 500, seed: 3), metadata: meta)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Opens and reads a damaged file: any AudioError is fine, a crash is not; what opens must read to its end.
    func openAndRead(_ path: String) -> AudioError.Kind? {
        do {
            let r = try AudioReader(path: path, acceptTruncated: true)
            _ = try r.readAll()
            return nil
        } catch {
            #expect(error.description.hasPrefix(path))
            #expect(!error.message.isEmpty)
            return error.kind
        }
    }

    @Test("every truncation point through the header gives a clear error or a readable file")
    func truncatedEverywhere() throws {
        let dir = try TempDir()
        let bytes = try sampleFile(dir)
        let path = dir.path("cut.wav")
        var kinds: [AudioError.Kind: Int] = [:]
        for length in Swift.stride(from: 1, to: min(bytes.count, 1400), by: 7) {
            try Data(bytes.prefix(length)).write(to: URL(fileURLWithPath: path))
            if let k = openAndRead(path) { kinds[k, default: 0] += 1 }
        }
        #expect(kinds[.truncated, default: 0] > 0)
        #expect(kinds[.notAudio, default: 0] > 0)
    }

    @Test("random byte damage in the header never crashes")
    func damagedBytes() throws {
        let dir = try TempDir()
        let bytes = try sampleFile(dir)
        let path = dir.path("bad.wav")
        var rng = SplitMix64(state: 99)
        var opened = 0
        for _ in 0..<400 {
            var b = bytes
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % 1400)
                b[at] = rng.next() % 3 == 0 ? 0xFF : UInt8(truncatingIfNeeded: rng.next())
            }
            try Data(b).write(to: URL(fileURLWithPath: path))
            if openAndRead(path) == nil { opened += 1 }
        }
        #expect(opened > 0)
    }

    @Test("sixteen files read and written in parallel tasks are each exact")
    func parallelFiles() async throws {
        let dir = try TempDir()
        let fmt = AudioFormat(sampleRate: 48000, channels: 2, sampleFormat: .pcm24)
        let base = dir.url.path
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let samples = pcmSamples(bits: 24, count: 2 * 20000, seed: UInt64(i))
                    let src = base + "/in\(i).wav", out = base + "/out\(i).wav"
                    try writeInt32File(src, fmt, samples, metadata: AudioMetadata(bext: BroadcastExtension(timeReference: UInt64(i))))
                    let r = try AudioReader(path: src)
                    let w = try AudioWriter(path: out, like: r)
                    try w.copy(from: r, frames: r.frameCount)
                    try w.finish()
                    _ = try? AudioReader(path: base + "/missing\(i).wav")
                    let back = try AudioReader(path: out)
                    var got = [Int32](repeating: 0, count: samples.count)
                    _ = try got.withUnsafeMutableBufferPointer { try back.readInt32(into: $0, frames: 20000) }
                    return got == samples && back.metadata.bext?.timeReference == UInt64(i)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 })
    }
}
