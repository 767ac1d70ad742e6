import DXEDL
import DXEditModel
import DXTimecode
import Foundation
import TestSupport
import Testing

/// Real EDLs from Avid, Premiere, Resolve, FCP7, Nucoda and home-brew tools
/// (Fixtures/edl, origins in Fixtures/SOURCES.md).
@Suite struct EDLCorpusTests {
    static let files = Repo.fixtures(in: "edl").map(\.lastPathComponent)

    func read(_ name: String, rate: FrameRate? = nil) throws -> Timeline {
        try EDLReader().read(try Repo.fixtureBytes("edl/\(name)"), options: .init(rate: rate, fileName: name))
    }

    func tc(_ f: Int64, _ r: FrameRate) -> String { Timecode(frames: f, rate: r).description }

    @Test func corpusIsPresent() {
        #expect(Self.files.count == 54)
    }

    /// Every list reads, every event line becomes an event (none dropped), and every
    /// non-blank line is accounted for.
    @Test(arguments: files)
    func everyEventLineIsRead(name: String) throws {
        let t = try read(name)
        let bytes = try Repo.fixtureBytes("edl/\(name)")
        let text = String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        let eventLines = lines.filter { $0.trimmingPrefix(while: { $0 == " " }).first?.isNumber == true }.count
        // Lines folded into an event: the outgoing side of two-line transitions (not an
        // outgoing line with a record duration, which is an event of its own just before).
        let outgoing = t.events.indices.filter { i in
            let e = t.events[i]
            guard let from = e.transition.from?.reel else { return false }
            return !(i > 0 && t.events[i - 1].number == e.number && t.events[i - 1].source.reel == from)
        }.count
        #expect(t.events.count + outgoing == eventLines, "\(name): \(t.events.count) events + \(outgoing) outgoing vs \(eventLines) event lines")
        #expect(t.source.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test func twoLineDissolveKeepsBothSides() throws {
        let t = try read("otio_dissolve_test_2.edl", rate: .fps24)
        #expect(t.events.count == 3)
        let d = t.events[1]
        #expect(d.number == 2)
        #expect(d.transition.kind == .dissolve && d.transition.frames == 10)
        #expect(d.transition.from?.reel == "TST")
        #expect(d.transition.from?.clipName == "clip_A")
        #expect(d.transition.fromSourceIn.map { tc($0, .fps24) } == "01:00:04:10")
        #expect(d.source.clipName == "clip_B")
        #expect(tc(d.sourceRange.start, .fps24) == "01:00:08:04")
        #expect(tc(d.record.start, .fps24) == "01:00:00:05" && tc(d.record.end, .fps24) == "01:00:00:15")
        #expect(d.comments == ["BLEND, DISSOLVE"])
    }

    @Test func wipeWithUnalignedColumns() throws {
        // pycmx's column reader reads the reel as "TST V" here; tokens are right.
        let t = try read("otio_wipe_test.edl", rate: .fps24)
        let w = t.events[1]
        #expect(w.source.reel == "TST" && w.tracks == [.editVideo])
        #expect(w.transition.kind == .wipe && w.transition.code == "W001" && w.transition.frames == 10)
    }

    @Test func reverseMotionKeepsTheSourceRangeAsWritten() throws {
        // OTIO drops a reverse M2 when source and record durations match (OTIO #948).
        let t = try read("julik_REVERSE.EDL", rate: .fps25)
        let e = try #require(t.events.first)
        #expect(e.speed?.fps == ExactDecimal("-25.0"))
        #expect(e.speed.map { $0.percent(of: .fps25) } == -100)
        #expect(tc(e.sourceRange.start, .fps25) == "09:13:03:09" && tc(e.sourceRange.end, .fps25) == "09:13:05:11")
        #expect(e.flags.contains(.speedChange))
    }

    @Test func motionSpeedsAreParsedNotRetimed() throws {
        // 17 M2 lines; OTIO rewrites 16 source outs; pycmx never parses M2.
        let t = try read("otio_speed_effects.edl", rate: .fps24)
        let speeds = t.events.compactMap(\.speed)
        #expect(speeds.count == 17)
        #expect(speeds.filter { $0.fps == ExactDecimal("0.0") }.count == 7)  // freezes
        #expect(speeds.contains { $0.fps == ExactDecimal("48.0") })
        #expect(speeds.contains { $0.fps == ExactDecimal("29.9") })
        for e in t.events where e.speed != nil {
            #expect(!e.flags.contains(.durationMismatch))
        }
    }

    @Test func audChannelsAddTracksThreeAndFour() throws {
        // Both reference parsers ignore these AUD lines (compare.py lists the rows as extra).
        let multi = try read("otio_multi_audio.edl", rate: .fps24)
        #expect(multi.events[0].tracks == [.audio(1), .audio(2), .audio(3)])
        let t25 = try read("pycmx_test_25.edl", rate: .fps25)
        let withAud = t25.events.filter { $0.tracks.contains(.audio(4)) }
        #expect(withAud.count == 1)
        #expect(withAud.first?.tracks == [.editVideo, .audio(3), .audio(4)])
    }

    @Test func keyEventsParse() throws {
        // OTIO crashes on K/KB ("'ClipHandler' object has no attribute 'transaction_id'").
        let t = try read("julik_KEY_TRANSITION.EDL", rate: .fps29_97DF)
        #expect(t.events.map(\.transition.kind) == [.keyBackground, .key])
        #expect(t.events[0].source.clipName == "foobarz_0118_023-APPLE PRORES WITH ALPHA.MOV")
        #expect(t.rate.isDropFrame)
    }

    @Test func dialogueListKeepsLeadersAndOverlapsAsWritten() throws {
        // OTIO's lenient mode re-times hundreds of later events here; we keep file values.
        let t = try read("pycmx_INS4_R1_DX_092117.edl", rate: .fps24)
        let leaders = t.events.filter { $0.flags.contains(.zeroLengthSource) }
        #expect(!leaders.isEmpty)
        #expect(leaders.allSatisfy { $0.sourceRange.duration == 0 && $0.record.duration > 0 })
        // Record times are exactly as written on their lines.
        for e in t.events.prefix(50) {
            let line = try #require(e.origin.raw.last { $0.first?.isNumber == true })
            #expect(line.contains(tc(e.record.start, .fps24)) && line.contains(tc(e.record.end, .fps24)))
        }
    }

    @Test func overlappingAudioIsKeptAndFlagged() throws {
        let text = """
            TITLE: SPLIT EDITS
            001  R1       A     C        01:00:00:00 01:00:02:00 01:00:00:00 01:00:02:00
            002  R2       A     C        02:00:00:00 02:00:02:00 01:00:01:12 01:00:03:12
            003  R3       A2    C        03:00:00:00 03:00:01:00 01:00:01:00 01:00:02:00

            """
        let t = try EDLReader().read(Array(text.utf8), options: .init(rate: .fps24))
        #expect(t.events.map { $0.flags.contains(.overlapsOnTrack) } == [false, true, false])
        #expect(tc(t.events[1].record.start, .fps24) == "01:00:01:12")
        #expect(t.tracks.map(\.id) == [.audio(1), .audio(2)])
    }

    @Test func firstEventAfterAHeaderStatementIsKept() throws {
        // pycmx silently drops an edit directly after FCM with no comment (research row 15).
        let t = try read("otio_transition_duration.edl", rate: .fps24)
        #expect(t.events.first?.number == 1)
    }

    @Test func fourDigitEventNumbersAndCompactChannels() throws {
        let t = try read("julik_REEL_IS_CLIP.edl", rate: .fps25)
        #expect(t.events.count == 4)
        #expect(t.events[0].tracks == [.editVideo, .audio(1), .audio(2), .audio(3), .audio(4)])
        let t19 = try read("pycmx_ISSUE_19_unusual01.edl")
        #expect(t19.events.count > 0)
    }

    @Test func longReelNamesInFile32Columns() throws {
        let t = try read("pycmx_ISSUE_14_conform_edl_issue_02.edl", rate: .fps24)
        #expect(t.events[0].source.reel == "C_0019C005_241014_204338_h1F4X")
        #expect(t.source.dialect == "File32")
        #expect(t.events[0].source.clipName == "40E-4 MOS*")
    }

    @Test func paddingAndLineEndings() throws {
        let trailer = try read("julik_TRAILER_EDL.edl", rate: .fps25)
        #expect(trailer.source.diagnostics.contains { $0.message.contains("padding") })
        #expect(!trailer.events.isEmpty)
        let sample = try read("julik_45S_SAMPLE.EDL", rate: .fps25)  // ^Z padded
        #expect(!sample.events.isEmpty)
        // LF and CRLF mixed in one file: one event, seven comments, none lost.
        let mixed = try read("julik_edl_mixed_line_endings.edl", rate: .fps25)
        #expect(mixed.events.count == 1)
        #expect(mixed.events.first?.comments == ["A", "B", "C", "D", "E", "F", "G"])
    }

    @Test func rateGuessesAreReported() throws {
        // No FCM, no ';': the rate named in the file name, non-drop.
        let t = try read("pyedl_test_2997.edl")
        #expect(t.rate == .fps29_97)
        #expect(t.source.diagnostics.contains { $0.message.contains("guessed 29.97 NDF") && $0.message.contains("file name") })
        // FCM: DROP FRAME and no name hint: 29.97 DF.
        let df = try read("julik_KEY_TRANSITION.EDL")
        #expect(df.rate == .fps29_97DF)
        #expect(df.source.diagnostics.contains { $0.message.contains("FCM: DROP FRAME") })
    }
}
