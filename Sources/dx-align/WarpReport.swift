import DXAlign
import DXEditModel
import DXStretch
import DXWarp

/// A warp as JSON (the alignment's object plus `out`, `map_file` and a `warp` object with the
/// map in the map file's coordinates) or as a few lines of text.
struct WarpReport {
    var report: AlignmentReport
    var job: WarpJob

    func json(_ o: WarpJob.Outcome, extra: (inout JSONWriter) -> Void = { _ in }) -> String {
        report.json(o.alignment, take: job.take, guide: job.guide) { w in
            w.field("out", o.plan == nil ? nil : job.out)
            w.field("map_file", o.plan == nil ? nil : job.mapFile)
            if let refused = o.refused { w.field("not_written", refused) }
            w.key("warp")
            guard let map = o.map, let plan = o.plan else { w.null(); extra(&w); return }
            w.beginObject()
            w.key("confidence"); w.number(AlignmentReport.number(map.confidence, digits: 4))
            w.key("stretch_used")
            if let s = map.stretchRange(minSpan: map.sampleRate / 20) { pair(s.lowerBound, s.upperBound, &w) } else { w.null() }
            w.key("stretch_limits"); pair(job.options.minStretch, job.options.maxStretch, &w)
            w.key("strength"); w.number(AlignmentReport.number(job.options.strength, digits: 3))
            w.field("engine", job.settings.engine.rawValue)
            w.field("guide_length", job.guideLength)
            w.field("output_start_samples", plan.windowStart)
            w.field("output_frames", plan.windowFrames)
            w.key("time_reference"); w.number(String(o.timeReference ?? 0))
            w.field("timecode", report.timecode(Int64(plan.windowStart), sampleRate: map.sampleRate))
            map.writeFields(to: &w)
            w.endObject()
            extra(&w)
        }
    }

    private func pair(_ a: Double, _ b: Double, _ w: inout JSONWriter) {
        w.beginArray()
        w.number(AlignmentReport.number(a, digits: 4))
        w.number(AlignmentReport.number(b, digits: 4))
        w.endArray()
    }

    func text(_ o: WarpJob.Outcome) -> String {
        var s = report.text(o.alignment, take: job.take, guide: job.guide)
        if let refused = o.refused { return s + "  not warped: \(refused)\n" }
        guard let map = o.map, let plan = o.plan else { return s }
        let n = AlignmentReport.number
        s += "  warped     \(map.points.count) map points, map confidence \(n(map.confidence, 3))"
        if let r = map.stretchRange(minSpan: map.sampleRate / 20) { s += ", stretch \(n(r.lowerBound, 3))–\(n(r.upperBound, 3))" }
        s += " (limits \(job.options.minStretch)–\(job.options.maxStretch)), engine \(job.settings.engine.rawValue)\n"
        for f in map.flags {
            s += "  flagged    take \(WarpMap.seconds(f.take.lowerBound, rate: map.sampleRate))–"
            s += "\(WarpMap.seconds(f.take.upperBound, rate: map.sampleRate)) s, guide "
            s += "\(WarpMap.seconds(f.guide.lowerBound, rate: map.sampleRate))–"
            s += "\(WarpMap.seconds(f.guide.upperBound, rate: map.sampleRate)) s: \(f.reason.rawValue)\n"
        }
        s += "  written    \(job.out) at \(report.timecode(Int64(plan.windowStart), sampleRate: map.sampleRate))"
        s += " (TimeReference \(o.timeReference ?? 0)), \(plan.windowFrames) frames\n"
        if let m = job.mapFile { s += "  map        \(m)\n" }
        return s
    }
}
