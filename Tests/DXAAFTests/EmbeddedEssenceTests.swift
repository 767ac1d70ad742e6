@testable import DXAAF
import TestSupport
import Testing

/// Embedded essence read from the four Fixtures/aaf files that carry some (origins in
/// Fixtures/SOURCES.md; expected values and where they come from in ``EssenceOracle``).
@Suite struct EmbeddedEssenceTests {
    func essence(_ o: EssenceOracle) throws -> (AAFFile, EmbeddedEssence) {
        let file = try AAFFile(path: Repo.fixture("aaf/\(o.file)").path)
        let all = try file.embeddedEssences()
        try #require(all.count == 1)
        return (file, all[0])
    }

    @Test func sha256KnownAnswers() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Two blocks of padding (56 bytes of input).
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test(arguments: EssenceOracle.all)
    func describesTheEssence(_ o: EssenceOracle) throws {
        let (_, e) = try essence(o)
        #expect(e.format?.rawValue == o.format)
        #expect(e.sampleRate?.description == "\(o.sampleRate)")
        #expect(e.channels == o.channels)
        #expect(e.bits == o.bits)
        #expect(e.bigEndian == o.bigEndian)
        #expect(e.statedFrames == o.statedFrames)
        #expect(e.streamFrames == o.streamFrames)
        #expect(e.frames == o.frames)
        #expect(e.timeReference == o.timeReference)
        #expect(e.timeReferenceSource != nil)
    }

    /// The samples read equal the stored bytes of the first `frames` frames, bit for bit:
    /// re-encoded to the stored width and byte order, their SHA-256 is the oracle's.
    @Test(arguments: EssenceOracle.all)
    func samplesAreTheStoredPCM(_ o: EssenceOracle) throws {
        let (file, e) = try essence(o)
        var reader = try PCMSampleReader(file: file, essence: e)
        var hash = SHA256()
        var block = [Int32](repeating: 0, count: 5000 * e.channels)
        var frames: Int64 = 0
        while true {
            // An odd block size, so blocks straddle the stream's sectors.
            let n = try block.withUnsafeMutableBufferPointer { try reader.read(into: $0, frames: 4999) }
            if n == 0 { break }
            frames += Int64(n)
            hash.update(EssenceOracle.storedBytes(block[0..<(n * e.channels)], width: e.bytesPerSample, bigEndian: e.bigEndian))
        }
        #expect(frames == o.frames)
        #expect(hash.hexDigest() == o.sha256)
    }

    /// Fewer frames than stated (Premiere's AIFF) and a stream longer than stated (a raw
    /// stream padded to whole sectors) are told apart: only the first is a warning.
    @Test func lengthWarnings() throws {
        let (_, aiff) = try essence(EssenceOracle.all[1])
        #expect(aiff.warnings.contains { $0.contains("states 51260 frames but the stream holds 51256") })
        let (_, raw) = try essence(EssenceOracle.all[3])
        #expect(raw.warnings.isEmpty)
    }

    @Test func mobIDPrintsAsAUMIDURN() throws {
        let (_, e) = try essence(EssenceOracle.all[0])
        // As the oracle prints it (mob_id of PR_WAV_Internal's embedded_essence).
        #expect(e.mobID?.urn == "urn:smpte:umid:060a2b34.01010101.01010f00.13000000.060e2b34.7f7f2a80.65a2bc50.949c1271")
    }

    /// Every stored layout decodes to the sample's integer: widths 1 to 4, both byte
    /// orders, unsigned 8-bit WAVE / raw PCM and signed 8-bit AIFF.
    @Test func decodesEveryLayout() {
        func decode(_ bytes: [UInt8], width: Int, bigEndian: Bool, unsigned8: Bool = false) -> [Int32] {
            let e = EmbeddedEssence(mobID: nil, mobName: nil, descriptorClass: nil, streamPath: "", streamBytes: 0,
                                    format: .pcm, sampleRate: Ratio(48000), channels: 1, bits: 8 * width,
                                    bytesPerSample: width, bigEndian: bigEndian, unsigned8: unsigned8, pcmOffset: 0,
                                    pcmBytes: 0, streamFrames: 0, statedFrames: nil, frames: 0, timeReference: 0,
                                    timeReferenceSource: nil, warnings: [], streamEntry: nil)
            var out = [Int32](repeating: 0, count: bytes.count / width)
            bytes.withUnsafeBytes { b in
                out.withUnsafeMutableBufferPointer { PCMSampleReader.decode(b, count: bytes.count / width, into: $0, essence: e) }
            }
            return out
        }
        #expect(decode([0x00, 0x80, 0xFF], width: 1, bigEndian: false, unsigned8: true) == [-128, 0, 127])
        #expect(decode([0x80, 0x00, 0x7F], width: 1, bigEndian: true) == [-128, 0, 127])
        #expect(decode([0x00, 0x80, 0xFF, 0x7F, 0xFF, 0xFF], width: 2, bigEndian: false) == [-32768, 32767, -1])
        #expect(decode([0x80, 0x00, 0x7F, 0xFF, 0xFF, 0xFF], width: 2, bigEndian: true) == [-32768, 32767, -1])
        #expect(decode([0x01, 0x00, 0x80, 0xFF, 0xFF, 0x7F], width: 3, bigEndian: false) == [-8_388_607, 8_388_607])
        #expect(decode([0x80, 0x00, 0x01, 0x7F, 0xFF, 0xFF], width: 3, bigEndian: true) == [-8_388_607, 8_388_607])
        #expect(decode([0x00, 0x00, 0x00, 0x80, 0x02, 0x01, 0x00, 0x00], width: 4, bigEndian: false) == [Int32.min, 258])
        #expect(decode([0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02], width: 4, bigEndian: true) == [Int32.min, 258])
    }

    /// A stream cut short by damage: the reader stops with an error naming the stream.
    @Test func truncatedFileIsAnError() throws {
        var bytes = try Repo.fixtureBytes("aaf/otio_marker-over-audio.aaf")
        bytes.removeLast(bytes.count / 2)
        #expect(throws: AAFError.self) {
            let file = try AAFFile(bytes: bytes)
            for e in try file.embeddedEssences() {
                var r = try PCMSampleReader(file: file, essence: e)
                var block = [Int32](repeating: 0, count: 65536)
                while try block.withUnsafeMutableBufferPointer({ try r.read(into: $0, frames: 65536) }) > 0 {}
            }
        }
    }
}
