import Foundation
import TestSupport
import Testing

/// Runs the built `dx-conform extract` on the Fixtures/aaf files with embedded essence and
/// reads the WAVs back with a RIFF parser of its own (not dxkit's), comparing them with
/// the pyaaf2 oracle's values (``EssenceOracle``).
@Suite(.serialized) struct ExtractCLITests {
    /// What a PCM WAV holds: format, samples as integers, bext TimeReference.
    struct WAV {
        var formatTag = 0
        var channels = 0
        var sampleRate = 0
        var bits = 0
        var samples: [Int32] = []
        var timeReference: UInt64?

        init(_ b: [UInt8]) throws {
            func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
            func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
            try #require(b.count >= 12 && b[0..<4].elementsEqual("RIFF".utf8) && b[8..<12].elementsEqual("WAVE".utf8))
            var i = 12
            while i + 8 <= b.count {
                let id = String(decoding: b[i..<(i + 4)], as: UTF8.self), size = u32(i + 4), at = i + 8
                switch id {
                case "fmt ":
                    formatTag = u16(at)
                    channels = u16(at + 2)
                    sampleRate = u32(at + 4)
                    bits = u16(at + 14)
                    if formatTag == 0xFFFE { formatTag = u16(at + 24) }
                case "bext":
                    timeReference = UInt64(u32(at + 338)) | UInt64(u32(at + 342)) << 32
                case "data":
                    let width = bits / 8
                    samples = stride(from: at, to: at + size, by: width).map { p in
                        var u: UInt32 = 0
                        for k in 0..<width { u |= UInt32(b[p + k]) << (8 * (4 - width + k)) }
                        return Int32(bitPattern: u) >> (32 - 8 * width)
                    }
                default: break
                }
                i = at + size + (size & 1)
            }
        }
    }

    func fixture(_ name: String) -> String { Repo.fixture("aaf/\(name)").path }

    func rows(_ stdout: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [[String: Any]])
    }

    /// Every essence is written sample for sample: the WAV's samples, turned back into the
    /// stored layout (AIFC big-endian), hash to the oracle's digest of the PCM as stored.
    @Test(arguments: EssenceOracle.all)
    func extractIsBitExact(_ o: EssenceOracle) throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Repo.run("dx-conform", ["extract", "--json", fixture(o.file), "-o", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let list = try rows(r.stdout)
        try #require(list.count == 1)
        let row = list[0]
        let path = try #require(row["file"] as? String)
        #expect(row["frames"] as? Int == Int(o.frames))
        #expect(row["sample_rate"] as? String == "\(o.sampleRate)")
        #expect(row["channels"] as? Int == o.channels)
        #expect(row["bits"] as? Int == o.bits)
        #expect(row["time_reference"] as? Int == Int(o.timeReference))

        let wav = try WAV([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(wav.formatTag == 1)
        #expect(wav.sampleRate == o.sampleRate)
        #expect(wav.channels == o.channels)
        #expect(wav.bits == o.bits)
        #expect(Int64(wav.samples.count) == o.frames * Int64(o.channels))
        #expect(wav.timeReference == o.timeReference)
        let stored = EssenceOracle.storedBytes(wav.samples, width: (o.bits + 7) / 8, bigEndian: o.bigEndian)
        #expect(SHA256.hex(stored) == o.sha256)
    }

    /// Fewer frames than the descriptor states: what is there is written, and a warning
    /// says so (quiet with -q).
    @Test func shortStreamWarns() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Repo.run("dx-conform", ["extract", fixture("PR_AIFF_Internal.aaf"), "-o", dir.path])
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning: essence of urn:smpte:umid:060a2b34.01010101.01010f00.13000000.060e2b34.7f7f2a80.65a2bc78.2eba1272: the descriptor states 51260 frames but the stream holds 51256"))
        // An unnamed mob's file is named by its UMID.
        #expect(r.stdout.contains("/060a2b34.01010101.01010f00.13000000.060e2b34.7f7f2a80.65a2bc78.2eba1272.wav: 51256 frames"))
        let quiet = try Repo.run("dx-conform", ["extract", "-q", "--force", fixture("PR_AIFF_Internal.aaf"), "-o", dir.path])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
    }

    @Test func existingFileIsKeptUnlessForced() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("PT_PCM_Internal.wav")
        try Data("keep me".utf8).write(to: target)
        let r = try Repo.run("dx-conform", ["extract", fixture("PT_PCM_Internal.aaf"), "-o", dir.path])
        #expect(r.status == 73)
        #expect(r.stderr.contains("PT_PCM_Internal.wav: exists; --force replaces it"))
        #expect(try Data(contentsOf: target) == Data("keep me".utf8))
        let forced = try Repo.run("dx-conform", ["extract", "--force", fixture("PT_PCM_Internal.aaf"), "-o", dir.path])
        #expect(forced.status == 0)
        #expect(try WAV([UInt8](Data(contentsOf: target))).samples.count == 32000)
    }

    /// A damaged essence stream (its directory entry points at a sector beyond the file) is
    /// bad data: exit 65, the message naming the stream and the byte, nothing written.
    @Test func damagedStreamIsDataError() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var b = try Repo.fixtureBytes("aaf/PT_PCM_Internal.aaf")
        // The directory entry named "Data-2702" (UTF-16LE; name length 20, type 2 = stream):
        // its start sector is at byte 116 of the 128-byte entry.
        let name = Array("Data-2702".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        func isEntry(_ i: Int) -> Bool {
            b[i + 64] == 20 && b[i + 66] == 2 && b[i..<(i + name.count)].elementsEqual(name)
        }
        let found = stride(from: 0, to: b.count - 128, by: 128).first(where: isEntry)
        let at = try #require(found)
        b.replaceSubrange((at + 116)..<(at + 120), with: [0xFF, 0xFF, 0xFF, 0x00])
        let damaged = dir.appendingPathComponent("damaged.aaf")
        try Data(b).write(to: damaged)
        let out = dir.appendingPathComponent("out")
        let r = try Repo.run("dx-conform", ["extract", damaged.path, "-o", out.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("error: AAF: the stream's chain reaches sector 16777215, beyond the end of the file"))
        #expect(r.stderr.contains("(stream /"))
        #expect(r.stderr.contains("Data-2702, byte "))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func notAnAAFIsDataError() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Repo.run("dx-conform", ["extract", Repo.fixture("edl/otio_25fps.edl").path, "-o", dir.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("AAF:"))
        let missing = try Repo.run("dx-conform", ["extract", dir.appendingPathComponent("none.aaf").path, "-o", dir.path])
        #expect(missing.status == 66)
    }
}
