import Foundation
import Testing
@testable import DXAudio

@Suite("iXML: safe parsing, recovery, mirrors, tool notes")
struct IXMLTests {
    let samples: [Int16] = [1, -2, 3, -4, 32767, -32768]

    func wav(ixml: String, after: Bool = false) -> HandMadeWAV {
        var w = HandMadeWAV()
        w.chunks.append(("fmt ", HandMadeWAV.fmt16(channels: 1, rate: 48000)))
        if !after { w.chunks.append(("iXML", Array(ixml.utf8))) }
        w.chunks.append(("data", pcm16Bytes(samples)))
        if after { w.chunks.append(("iXML", Array(ixml.utf8))) }
        return w
    }

    @Test("an iXML chunk declaring an external entity is refused by DXXML; the audio still reads")
    func externalEntityRefused() throws {
        let dir = try TempDir()
        let path = dir.path("xxe.wav")
        let xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE BWFXML [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
        <BWFXML><PROJECT>&secret;</PROJECT></BWFXML>
        """
        try wav(ixml: xxe).write(to: path)
        let (r, back) = try readInt32File(path)
        #expect(r.metadata.ixml == nil)
        #expect(r.warnings.contains { $0.contains("external entity") && $0.contains("iXML") })
        #expect(back.map { Int16($0 >> 16) } == samples)
    }

    @Test("iXML after the data chunk is found; an unescaped ampersand is recovered with a warning")
    func afterDataAndRecovered() throws {
        let dir = try TempDir()
        let path = dir.path("late.wav")
        try wav(ixml: "<BWFXML><SCENE>12</SCENE><NOTE>boom & lav swapped</NOTE></BWFXML>", after: true).write(to: path)
        let r = try AudioReader(path: path)
        #expect(r.metadata.ixml?.scene == "12")
        #expect(r.frameCount == 6)
        #expect(!r.warnings.isEmpty)
    }

    @Test("iXML in ISO-8859-1 reads correctly and is rewritten as UTF-8 without mojibake")
    func latin1IXML() throws {
        let dir = try TempDir()
        let source = dir.path("latin1.wav"), out = dir.path("out.wav")
        var w = HandMadeWAV()
        let xml = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<BWFXML><SCENE>Sc".utf8) + [0xE8]
            + Array("ne 4</SCENE><VENDOR>caf".utf8) + [0xE9] + Array("</VENDOR></BWFXML>".utf8)
        w.chunks = [("fmt ", HandMadeWAV.fmt16(channels: 1, rate: 48000)), ("iXML", xml), ("data", pcm16Bytes(samples))]
        try w.write(to: source)
        let r = try AudioReader(path: source)
        #expect(r.metadata.ixml?.scene == "Scène 4")
        let writer = try AudioWriter(path: out, like: r)
        try writer.copy(from: r, frames: r.frameCount)
        try writer.finish()
        let again = try #require(try AudioReader(path: out).metadata.ixml)
        #expect(again.scene == "Scène 4")
        #expect(again.rawXML?.contains("<VENDOR>café</VENDOR>") == true)
        #expect(again.rawXML?.contains("UTF-8") == true)
    }

    @Test("a track list naming channels the file does not have is kept, with a warning")
    func tracksBeyondChannels() throws {
        let dir = try TempDir()
        let path = dir.path("split.wav")
        let tracks = (1...4).map { IXMLTrack(channelIndex: $0, interleaveIndex: $0, name: "T\($0)") }
        try writeInt32File(path, AudioFormat(sampleRate: 48000, channels: 2, sampleFormat: .pcm16), pcmSamples(bits: 16, count: 20, seed: 1),
                           metadata: AudioMetadata(ixml: IXMLMetadata(tracks: tracks)))
        let r = try AudioReader(path: path)
        #expect(r.metadata.ixml?.tracks == tracks)
        #expect(r.warnings.count == 2)
        #expect(r.warnings.allSatisfy { $0.contains("the file has 2 channels") })
    }

    @Test("encoding declarations are read from the bytes")
    func encodingDeclarations() {
        #expect(declaresUTF8OrNothing(Array("<BWFXML/>".utf8)))
        #expect(declaresUTF8OrNothing(Array("<?xml version='1.0' encoding='utf-8'?><BWFXML/>".utf8)))
        #expect(declaresUTF8OrNothing(Array("\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF8\"?><BWFXML/>".utf8)))
        #expect(declaresUTF8OrNothing(Array("<?xml version=\"1.0\"?><BWFXML/>".utf8)))
        #expect(!declaresUTF8OrNothing(Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><BWFXML/>".utf8)))
        #expect(!declaresUTF8OrNothing([0xFF, 0xFE, 0x3C, 0x00]))
    }

    @Test("rewriting a file updates iXML's copies of the timestamp")
    func timestampMirrors() throws {
        let dir = try TempDir()
        let source = dir.path("src.wav"), out = dir.path("out.wav")
        let ixml = """
        <BWFXML><SPEED><TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>0</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>\
        <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>100</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>\
        <TIMESTAMP_SAMPLE_RATE>48000</TIMESTAMP_SAMPLE_RATE></SPEED>\
        <BEXT><BWF_TIME_REFERENCE_LOW>100</BWF_TIME_REFERENCE_LOW><BWF_TIME_REFERENCE_HIGH>0</BWF_TIME_REFERENCE_HIGH></BEXT></BWFXML>
        """
        try wav(ixml: ixml).write(to: source)
        let r = try AudioReader(path: source)
        let t: UInt64 = (3 << 32) + 7
        let w = try AudioWriter(path: out, like: r) { _, m in m.bext = BroadcastExtension(timeReference: t) }
        try w.copy(from: r, frames: r.frameCount)
        try w.finish()
        let raw = try #require(try AudioReader(path: out).metadata.ixml?.rawXML)
        #expect(raw.contains("<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>3</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>"))
        #expect(raw.contains("<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>7</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>"))
        #expect(raw.contains("<BWF_TIME_REFERENCE_HIGH>3</BWF_TIME_REFERENCE_HIGH>"))
        #expect(raw.contains("<BWF_TIME_REFERENCE_LOW>7</BWF_TIME_REFERENCE_LOW>"))
    }

    @Test("tool notes (an alignment record) round-trip in a <DXKIT> block beside the recorder's fields")
    func toolNotes() throws {
        let dir = try TempDir()
        let path = dir.path("aligned.wav")
        let ixml = IXMLMetadata(scene: "3", take: "1")
            .noting("ALIGNMENT", ["GUIDE": "guide <1>.wav", "OFFSET_SAMPLES": "123456", "CONFIDENCE": "0.94"])
        let fmt = AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: .pcm24)
        try writeInt32File(path, fmt, pcmSamples(bits: 24, count: 10, seed: 1), metadata: AudioMetadata(ixml: ixml))
        let got = try #require(try AudioReader(path: path).metadata.ixml)
        #expect(got.toolNotes == ["ALIGNMENT": ["GUIDE": "guide <1>.wav", "OFFSET_SAMPLES": "123456", "CONFIDENCE": "0.94"]])
        #expect(got.scene == "3")
        #expect(got.rawXML?.contains("<GUIDE>guide &lt;1&gt;.wav</GUIDE>") == true)
    }

    @Test("choosing channels keeps those tracks, renumbered, and the samples bit-exact")
    func channelSelection() throws {
        let dir = try TempDir()
        let source = dir.path("poly.wav"), out = dir.path("two.wav")
        let names = ["Mix L", "Mix R", "Boom", "Lav 1", "Lav 2", "Lav 3"]
        let ixml = IXMLMetadata(tracks: names.enumerated().map { IXMLTrack(channelIndex: $0.offset + 1, interleaveIndex: $0.offset + 1, name: $0.element) })
        let fmt = AudioFormat(sampleRate: 48000, channels: 6, sampleFormat: .pcm24)
        let samples = pcmSamples(bits: 24, count: 6 * 40000, seed: 6)
        try writeInt32File(source, fmt, samples, metadata: AudioMetadata(ixml: ixml))
        let r = try AudioReader(path: source)
        let pick = [r.metadata.ixml!.interleaveIndex(ofTrackNamed: "lav 1")! - 1, r.metadata.ixml!.interleaveIndex(ofTrackNamed: "Boom")! - 1]
        #expect(pick == [3, 2])
        try r.seek(toFrame: 1000)
        let w = try AudioWriter(path: out, like: r) { f, m in
            f.channels = 2
            m.ixml = m.ixml?.selectingChannels(pick)
        }
        #expect(try w.copy(from: r, frames: 50000, sourceChannels: pick) == 39000)
        try w.finish()
        let (r2, back) = try readInt32File(out)
        var expected: [Int32] = []
        for f in 1000..<40000 {
            expected.append(samples[f * 6 + 3])
            expected.append(samples[f * 6 + 2])
        }
        #expect(firstDifference(back, expected) == nil)
        #expect(r2.metadata.ixml?.tracks == [IXMLTrack(channelIndex: 4, interleaveIndex: 1, name: "Lav 1"),
                                             IXMLTrack(channelIndex: 3, interleaveIndex: 2, name: "Boom")])
    }
}
