import DXConformMedia
import DXEditModel
import DXTimecode
import Testing

/// A bext TimeReference no recorder writes (a damaged header: up to 2^64 - 1, clamped
/// to Int64.max when indexed) must not trap the sample arithmetic of matching and
/// reports: such a file has no usable time of day.
struct TimeReferenceRangeTests {
    let matching = MatchingTests()

    @Test(arguments: [Int64.max, Int64.max - 48000 * 5, -1, Int64(1) << 50])
    func absurdTimeReferenceIsNoTimeOfDay(tr: Int64) throws {
        let bad = matching.record("BAD.WAV", tr: tr, tape: "DAY1")
        let ten: Int64 = 10 * 3600 * 48000
        let good = matching.record("GOOD.WAV", tr: ten, tape: "DAY1")
        #expect(bad.timeOfDay == nil)
        #expect(bad.startTimecode(.fps25) == nil)
        let day: Range<Int64> = ten ..< (ten + 480_000)
        #expect(good.timeOfDay == day)
        var t = Timeline(rate: .fps24)
        t.events = [try matching.event(1, reel: "DAY1", tc: "10:00:02:00")]
        let m = EventMatcher().match(t, media: [bad, good])
        #expect(m.first?.status == .matched && m.first?.file?.fileName == "GOOD.WAV")
        #expect(EventMatcher().match(t, media: [bad]).first?.status == .unmatched)
    }
}
