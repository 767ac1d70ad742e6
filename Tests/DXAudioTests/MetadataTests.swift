import Foundation
import Testing
import DXTimecode
@testable import DXAudio

@Suite("bext and iXML")
struct MetadataTests {
    static let productionIXML = """
    <?xml version="1.0" encoding="UTF-8"?>
    <BWFXML>
    \t<IXML_VERSION>2.10</IXML_VERSION>
    \t<PROJECT>Night Shift</PROJECT>
    \t<SCENE>42A</SCENE>
    \t<TAKE>3</TAKE>
    \t<TAPE>D014</TAPE>
    \t<CIRCLED>TRUE</CIRCLED>
    \t<NOTE>plane at end</NOTE>
    \t<SPEED><MASTER_SPEED>24000/1001</MASTER_SPEED><TIMECODE_RATE>24000/1001</TIMECODE_RATE></SPEED>
    \t<TRACK_LIST>
    \t\t<TRACK_COUNT>2</TRACK_COUNT>
    \t\t<TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><INTERLEAVE_INDEX>1</INTERLEAVE_INDEX><NAME>Boom</NAME><FUNCTION>MS-M</FUNCTION><VENDOR_GAIN>12</VENDOR_GAIN></TRACK>
    \t\t<TRACK><CHANNEL_INDEX>2</CHANNEL_INDEX><INTERLEAVE_INDEX>2</INTERLEAVE_INDEX><NAME>Lav &amp; Co</NAME></TRACK>
    \t</TRACK_LIST>
    \t<VENDOR_BLOCK maker="Acme" model="R-8"><SETTING id="hpf">80</SETTING></VENDOR_BLOCK>
    </BWFXML>
    """

    @Test("a TimeReference above 2^32 and every bext field survive write → read")
    func bextRoundTrip() throws {
        let dir = try TempDir()
        let path = dir.path("bwf.wav")
        let t: UInt64 = (1 << 32) + 123_456_789_012 % (1 << 31)
        let bext = BroadcastExtension(description: "sc 42A tk 3 — boom", originator: "Acme R-8", originatorReference: "USACM0123456789",
                                      originationDate: "2026-11-30", originationTime: "18:04:59", timeReference: t,
                                      version: 1, umid: Array(repeating: 0xA5, count: 64),
                                      codingHistory: "A=PCM,F=48000,W=24,M=mono,T=Acme R-8\r\n")
        let fmt = AudioFormat(sampleRate: 48000, channels: 1, sampleFormat: .pcm24)
        try writeInt32File(path, fmt, pcmSamples(bits: 24, count: 480, seed: 1), metadata: AudioMetadata(bext: bext))
        let r = try AudioReader(path: path)
        #expect(r.metadata.bext == bext)
        #expect(r.metadata.bext!.timeReference > UInt64(UInt32.max))
        #expect(r.warnings.isEmpty)
    }

    @Test("TimeReference ↔ timecode: exact at 24 fps, 29.97 DF and 23.976; damaged values give nil")
    func timecodes() throws {
        let ten = try Timecode(hours: 10, minutes: 0, seconds: 0, frames: 0, rate: .fps24)
        let b = BroadcastExtension().starting(at: ten, sampleRate: 48000)
        #expect(b.timeReference == 1_728_000_000)
        #expect(b.startTimecode(rate: .fps24, sampleRate: 48000)?.description == "10:00:00:00")
        let df = try Timecode(parsing: "01:00:00;00", rate: .fps29_97DF)
        let d = BroadcastExtension().starting(at: df, sampleRate: 48000)
        #expect(d.startTimecode(rate: .fps29_97DF, sampleRate: 48000) == df)
        let odd = BroadcastExtension(timeReference: 1_728_000_000 + 1999)
        #expect(odd.startTimecode(rate: .fps24, sampleRate: 48000)?.description == "10:00:00:00")
        #expect(BroadcastExtension(timeReference: 1 << 63).startTimecode(rate: .fps24, sampleRate: 48000) == nil)
    }

    @Test("coding history gains one line per process, with CR LF")
    func codingHistoryAppend() throws {
        let fmt = AudioFormat(sampleRate: 48000, channels: 8, sampleFormat: .pcm24)
        let b = BroadcastExtension(codingHistory: "A=PCM,F=48000,W=24,M=multitrack,T=Recorder\n")
            .appendingCodingHistory(BroadcastExtension.codingHistoryLine(for: fmt, tool: "dx-denoise"))
        #expect(b.codingHistory == "A=PCM,F=48000,W=24,M=multitrack,T=Recorder\r\nA=PCM,F=48000,W=24,M=multitrack,T=dx-denoise\r\n")
    }

    @Test("8-channel poly file keeps its iXML track names and production fields")
    func polyWithTrackNames() throws {
        let dir = try TempDir()
        let path = dir.path("poly.wav")
        let names = ["Mix L", "Mix R", "Boom", "Lav 1", "Lav 2", "Lav 3", "Plant", "Spare"]
        let tracks = names.enumerated().map { IXMLTrack(channelIndex: $0.offset + 1, interleaveIndex: $0.offset + 1, name: $0.element) }
        let ixml = IXMLMetadata(project: "Night Shift", scene: "42A", take: "3", tape: "D014", note: "plane", circled: true, tracks: tracks)
        let fmt = AudioFormat(sampleRate: 48000, channels: 8, sampleFormat: .pcm24)
        let samples = pcmSamples(bits: 24, count: 8 * 4800, seed: 8)
        try writeInt32File(path, fmt, samples, metadata: AudioMetadata(bext: BroadcastExtension(timeReference: 48000 * 3600 * 10), ixml: ixml))
        let (r, back) = try readInt32File(path)
        #expect(firstDifference(back, samples) == nil)
        #expect(r.format.channels == 8)
        let got = try #require(r.metadata.ixml)
        #expect(got.tracks == tracks)
        #expect(got.trackName(interleaveIndex: 3) == "Boom")
        #expect(got.project == "Night Shift")
        #expect(got.scene == "42A")
        #expect(got.take == "3")
        #expect(got.tape == "D014")
        #expect(got.note == "plane")
        #expect(got.circled == true)
        #expect(r.metadata.bext?.timeReference == 48000 * 3600 * 10)
    }

    @Test("unknown iXML elements survive; known fields are updated")
    func ixmlUnknownElementsSurvive() throws {
        let dir = try TempDir()
        let first = dir.path("a.wav"), second = dir.path("b.wav")
        var warnings: [String] = []
        var ixml = try #require(IXMLMetadata.parse(chunk: Array(Self.productionIXML.utf8)[...], path: "x", warnings: &warnings))
        #expect(warnings.isEmpty)
        #expect(ixml.tracks.map(\.name) == ["Boom", "Lav & Co"])
        #expect(ixml.tracks[0].function == "MS-M")
        let fmt = AudioFormat(sampleRate: 48000, channels: 2, sampleFormat: .pcm16)
        try writeInt32File(first, fmt, pcmSamples(bits: 16, count: 200, seed: 2), metadata: AudioMetadata(ixml: ixml))
        let r1 = try AudioReader(path: first)
        #expect(r1.metadata.ixml?.scene == "42A")

        ixml = try #require(r1.metadata.ixml)
        ixml.scene = "42B"
        ixml.note = nil
        ixml.tracks[1].name = "Lav 1"
        let w = try AudioWriter(path: second, like: r1) { _, m in m.ixml = ixml }
        try w.finish()
        let r2 = try AudioReader(path: second)
        let got = try #require(r2.metadata.ixml)
        #expect(got.scene == "42B")
        #expect(got.note == nil)
        #expect(got.take == "3")
        #expect(got.tracks.map(\.name) == ["Boom", "Lav 1"])
        let raw = try #require(got.rawXML)
        #expect(raw.contains("<MASTER_SPEED>24000/1001</MASTER_SPEED>"))
        #expect(raw.contains("<VENDOR_BLOCK maker=\"Acme\" model=\"R-8\">"))
        #expect(raw.contains("<SETTING id=\"hpf\">80</SETTING>"))
        #expect(raw.contains("<VENDOR_GAIN>12</VENDOR_GAIN>"))
        #expect(raw.contains("<TRACK_COUNT>2</TRACK_COUNT>"))
        #expect(!raw.contains("plane at end"))
        #expect(!raw.contains("\0"))
    }
}
