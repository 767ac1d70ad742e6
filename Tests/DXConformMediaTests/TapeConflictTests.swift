import DXConformMedia
import DXEditModel
import DXTimecode
import Testing

/// Time-of-day timecode repeats every shooting day: a file at the right timecode whose
/// iXML tape is another one than the list's reel is not the event's take unless asked.
struct TapeConflictTests {
    let matching = MatchingTests()
    static let ten: Int64 = 10 * 3600 * 48000

    var media: [MediaRecord] {
        [
            matching.record("DAY2_T01.WAV", tr: Self.ten, tape: "DAY2"),                  // 10:00, another day's tape
            matching.record("NOTAPE_T01.WAV", tr: Self.ten + 3600 * 48000),                // 11:00, no tape name
            matching.record("DAY3/ROLL_T01.WAV", tr: Self.ten + 2 * 3600 * 48000, tape: "X9"), // 12:00, folder DAY3
        ]
    }

    var timeline: Timeline {
        get throws {
            var t = Timeline(rate: .fps24)
            t.events = [
                try matching.event(1, reel: "DAY1", tc: "10:00:02:00"),   // only DAY2's file there
                try matching.event(2, reel: "DAY1", tc: "11:00:02:00"),   // a file without a tape: timecode will do
                try matching.event(3, reel: "DAY3", tc: "12:00:02:00"),   // tape X9, but the folder is DAY3
                try matching.event(4, reel: "AX", tc: "10:00:02:00"),     // no reel named: timecode will do
                try matching.event(5, reel: "DAY2", tc: "10:00:02:00"),   // the right tape
            ]
            return t
        }
    }

    @Test func anotherTapeIsNotMatchedOnTimecodeAlone() throws {
        let m = EventMatcher().match(try timeline, media: media)
        #expect(m.map(\.status) == [.unmatched, .matched, .matched, .matched, .matched])
        #expect(m[0].file == nil)
        #expect(m[0].reasonText.contains("reel DAY1"))
        #expect(m[0].reasonText.contains("DAY2_T01.WAV (tape DAY2)"))
        // The library states the remedy; the tool names its flag.
        #expect(m[0].remedy == .allowTimecodeOnly)
        #expect(!m[0].reasonText.contains("--"))
        #expect(m[1...].allSatisfy { $0.remedy == nil })
        #expect(m[1].file?.fileName == "NOTAPE_T01.WAV" && m[1].reasonText.contains("timecode only"))
        #expect(m[2].file?.fileName == "ROLL_T01.WAV" && m[2].reasonText.contains("reel DAY3 is the name of the file's folder"))
        #expect(m[3].file?.fileName == "DAY2_T01.WAV")
        #expect(m[4].file?.fileName == "DAY2_T01.WAV" && m[4].reasonText.contains("reel DAY2 is the iXML tape"))
    }

    @Test func allowTimecodeOnlyTakesItAndSaysSo() throws {
        let m = EventMatcher(allowTimecodeOnly: true).match(try timeline, media: media)
        #expect(m.map(\.status) == [.matched, .matched, .matched, .matched, .matched])
        #expect(m[0].file?.fileName == "DAY2_T01.WAV")
        #expect(m[0].reasonText.contains("reel DAY1 is not the file's tape DAY2: taken on timecode alone, as allowed"))
        #expect(m[0].remedy == nil)
        #expect(m[0].reasonText.contains("timecode only"))
    }

    /// A file of the right tape at the same timecode wins over another day's; the other
    /// day's file is not a candidate that makes the event ambiguous.
    @Test func theRightTapeWinsWithoutAmbiguity() throws {
        let files = media + [matching.record("DAY1_T07.WAV", tr: Self.ten, tape: "DAY1")]
        let m = EventMatcher().match(try timeline, media: files)
        #expect(m[0].status == .matched && m[0].file?.fileName == "DAY1_T07.WAV")
    }
}
