import DXEditModel
import DXTimecode

/// The flags a conform must see on XML events: the same rules as for EDLs, so a list
/// reads the same whatever format it came in.
enum EventFlagging {
    static func flag(_ events: inout [Event], rate: FrameRate) {
        for i in events.indices {
            var e = events[i]
            if e.speed != nil { e.flags.insert(.speedChange) }
            if e.sourceRange.duration == 0, e.record.duration > 0 {
                e.flags.insert(.zeroLengthSource)
            } else if e.speed == nil, !durationsAgree(e, rate: rate) {
                e.flags.insert(.durationMismatch)
            }
            if e.record.duration < 0 { e.flags.insert(.negativeRecord) }
            events[i] = e
        }
        // Overlaps: per track, in record order; only enabled events can collide.
        var byTrack: [TrackID: [Int]] = [:]
        for (i, e) in events.enumerated() where e.enabled {
            for t in e.tracks { byTrack[t, default: []].append(i) }
        }
        for (_, idx) in byTrack {
            let sorted = idx.sorted { (events[$0].record.start, $0) < (events[$1].record.start, $1) }
            var end = Int64.min
            for i in sorted {
                if events[i].record.start < end, !events[i].record.isEmpty { events[i].flags.insert(.overlapsOnTrack) }
                end = max(end, events[i].record.end)
            }
        }
    }

    /// Whether source and record last as long as each other. At different rates (a 25 fps
    /// clip in a 23.976 timeline) they agree when they differ by less than one source frame.
    private static func durationsAgree(_ e: Event, rate: FrameRate) -> Bool {
        let s = e.sourceRate
        if s.numerator == rate.numerator, s.denominator == rate.denominator {
            return e.sourceRange.duration == e.record.duration
        }
        // |src/srcRate - rec/recRate| < 1/srcRate, cross-multiplied to stay exact.
        let oneFrame = Int128(s.denominator) * Int128(rate.numerator)
        let (a, o1) = Int128(e.sourceRange.duration).multipliedReportingOverflow(by: oneFrame)
        let (b, o2) = Int128(e.record.duration).multipliedReportingOverflow(by: Int128(rate.denominator) * Int128(s.numerator))
        let (d, o3) = a.subtractingReportingOverflow(b)
        if o1 || o2 || o3 { return true }  // no real list gets here; do not flag what cannot be compared
        return d.magnitude < oneFrame.magnitude
    }
}
