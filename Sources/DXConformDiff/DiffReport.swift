import DXEDL
import DXEditModel
import DXTimecode

/// The three forms of a diff: a readable report, JSON ("schema": 1) and a change EDL.
public enum DiffReport {
    // MARK: text

    public static func text(_ d: CutDiff) -> String {
        var out = "old: \(describe(d.old, items: d.oldItems))\n"
        out += "new: \(describe(d.new, items: d.newItems))\n"
        out += "tracks compared: \(d.tracks.isEmpty ? "none" : d.tracks.map(\.description).joined(separator: " "))\n"
        for n in d.notes { out += "note: \(n)\n" }
        if d.changes.isEmpty {
            out += "no changes: every event is in place with the same source range\n"
            return out
        }
        out += "\n"
        var rows: [[String]] = [["AT (NEW)", "CHANGE", "TRACKS", "EVENT OLD→NEW", "SOURCE", "WHAT", "AFTER"]]
        for c in d.changes {
            rows.append([
                tc(c.position, d.new), c.kind.rawValue, c.tracks.map(\.description).joined(separator: ","),
                "\(c.old.map(eventLabel) ?? "-")→\(c.new.map(eventLabel) ?? "-")",
                sourceLabel(c), what(c, d), c.shiftAfter.map(frames) ?? "(end)",
            ])
        }
        out += table(rows)
        out += "\n" + summaryLine(d) + "\n"
        return out
    }

    public static func summaryLine(_ d: CutDiff) -> String {
        let counts = CutChange.Kind.allCases.map { "\(d.count($0)) \($0.rawValue)" }.joined(separator: ", ")
        return "summary: \(counts); \(d.unchangedItems) of \(d.newItems) event×track items unchanged"
    }

    static func describe(_ t: Timeline, items: Int) -> String {
        let name = t.source.path ?? "<input>"
        let title = t.title.map { "\"\($0)\"" } ?? "(untitled)"
        return "\(name): \(title), \(t.rate) fps, \(t.events.count) event\(t.events.count == 1 ? "" : "s") (\(items) event×track items)"
    }

    static func eventLabel(_ e: EventRef) -> String { e.number.map(String.init) ?? "#\(e.index + 1)" }

    static func sourceName(_ s: SourceRef) -> String {
        var parts: [String] = []
        if let r = s.reel { parts.append(r) }
        if let c = s.clipName, c != s.reel { parts.append("(\(c))") }
        if parts.isEmpty, let f = s.file { parts.append(SourceIdentity.fileName(f)) }
        return parts.joined(separator: " ")
    }

    static func sourceLabel(_ c: CutChange) -> String {
        switch (c.old, c.new) {
        case let (o?, n?) where c.kind == .replaced: return "\(sourceName(o.source)) → \(sourceName(n.source))"
        case let (_, n?): return sourceName(n.source)
        case let (o?, nil): return sourceName(o.source)
        default: return ""
        }
    }

    static func what(_ c: CutChange, _ d: CutDiff) -> String {
        var parts: [String] = []
        switch c.kind {
        case .inserted:
            if let n = c.new { parts.append("\(frames(n.record.duration, signed: false)) at \(tc(n.record.start, d.new))") }
        case .deleted:
            if let o = c.old { parts.append("\(frames(o.record.duration, signed: false)) was at \(tc(o.record.start, d.old))") }
        case .moved:
            if let o = c.old { parts.append("from \(tc(o.record.start, d.old))") }
            if let s = c.shift { parts.append("material \(frames(s))") }
            if c.headFrames != 0 { parts.append("head \(frames(c.headFrames))") }
            if c.tailFrames != 0 { parts.append("tail \(frames(c.tailFrames))") }
        case .trimmed:
            if c.headFrames != 0 { parts.append("head \(frames(c.headFrames))") }
            if c.tailFrames != 0 { parts.append("tail \(frames(c.tailFrames))") }
            if c.headFrames == -c.tailFrames { parts.append("(slip)") }
        case .replaced:
            if let o = c.old, let n = c.new {
                parts.append("\(frames(o.record.duration, signed: false)) → \(frames(n.record.duration, signed: false))")
            }
        case .gap:
            if let s = c.shift { parts.append("\(frames(s)) before this event") }
        }
        if let n = c.note { parts.append(n) }
        return parts.joined(separator: "; ")
    }

    static func frames(_ f: Int64) -> String { frames(f, signed: true) }

    static func frames(_ f: Int64, signed: Bool) -> String {
        (signed && f > 0 ? "+" : "") + "\(f) fr"
    }

    static func tc(_ frames: Int64, _ t: Timeline) -> String { Timecode(frames: frames, rate: t.rate).description }

    static func table(_ rows: [[String]]) -> String { TextTable.render(rows, maxColumnWidth: 40) }

    // MARK: JSON

    public static func json(_ d: CutDiff) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.field("schema", 1)
        w.key("old"); side(d.old, items: d.oldItems, to: &w)
        w.key("new"); side(d.new, items: d.newItems, to: &w)
        w.key("tracks"); w.beginArray(); for t in d.tracks { w.value(t.description) }; w.endArray()
        w.key("notes"); w.beginArray(); for n in d.notes { w.value(n) }; w.endArray()
        w.key("summary"); w.beginObject()
        for k in CutChange.Kind.allCases { w.field(k.rawValue, d.count(k)) }
        w.field("unchanged_items", d.unchangedItems)
        w.endObject()
        w.key("changes"); w.beginArray()
        for c in d.changes {
            w.beginObject()
            w.field("kind", c.kind.rawValue)
            w.key("tracks"); w.beginArray(); for t in c.tracks { w.value(t.description) }; w.endArray()
            if let f = c.fromTracks { w.key("from_tracks"); w.beginArray(); for t in f { w.value(t.description) }; w.endArray() }
            w.field("at", tc(c.position, d.new))
            w.field("at_frames", c.position)
            w.key("old"); eventRef(c.old, d.old, to: &w)
            w.key("new"); eventRef(c.new, d.new, to: &w)
            if c.kind == .trimmed || c.kind == .moved {
                w.field("head_frames", c.headFrames)
                w.field("tail_frames", c.tailFrames)
            }
            w.field("shift_frames", c.shift)
            w.field("shift_before_frames", c.shiftBefore)
            w.field("shift_after_frames", c.shiftAfter)
            w.field("note", c.note)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    static func side(_ t: Timeline, items: Int, to w: inout JSONWriter) {
        w.beginObject()
        w.field("file", t.source.path)
        w.field("title", t.title)
        w.field("format", t.source.format.rawValue)
        w.field("rate", t.rate.description)
        w.field("events", t.events.count)
        w.field("items", items)
        w.endObject()
    }

    static func eventRef(_ e: EventRef?, _ t: Timeline, to w: inout JSONWriter) {
        guard let e else { w.null(); return }
        func stc(_ f: Int64) -> String { Timecode(frames: f, rate: e.sourceRate).description }
        w.beginObject()
        w.field("event", e.number)
        w.field("edit", e.index)
        w.field("reel", e.source.reel)
        w.field("clip_name", e.source.clipName)
        w.field("source_file", e.source.file)
        w.field("source_in", stc(e.sourceRange.start))
        w.field("source_out", stc(e.sourceRange.end))
        w.field("record_in", tc(e.record.start, t))
        w.field("record_out", tc(e.record.end, t))
        w.key("frames"); w.beginObject()
        w.field("source_in", e.sourceRange.start)
        w.field("source_out", e.sourceRange.end)
        w.field("record_in", e.record.start)
        w.field("record_out", e.record.end)
        w.endObject()
        w.endObject()
    }

    // MARK: change EDL

    /// A CMX 3600 list of the changes: each changed event of the new cut on the changed
    /// tracks (a deletion as a zero-length record event where the cut closed up), with
    /// `* DXKIT CHANGE:` comments saying what changed and the shift after it.
    public static func changeEDL(_ d: CutDiff) -> String {
        var t = Timeline(title: "CHANGES \(d.old.title ?? "OLD") TO \(d.new.title ?? "NEW")", rate: d.new.rate)
        var number = 1
        for c in d.changes {
            var e: Event
            if let n = c.new {
                e = d.new.events[n.index]
            } else if let o = c.old {
                e = d.old.events[o.index]
                e.record = FrameRange(start: c.position, end: c.position)
                e.transition = .cut
                e.speed = nil
            } else { continue }
            e.number = number
            number += 1
            e.tracks = c.tracks
            e.markers = []
            var line = "DXKIT CHANGE: \(c.kind.rawValue.uppercased())"
            if c.kind == .trimmed || c.kind == .moved { line += " HEAD \(signed(c.headFrames)) TAIL \(signed(c.tailFrames))" }
            if let s = c.shift, c.kind == .moved || c.kind == .gap { line += " SHIFT \(signed(s))" }
            line += ", AFTER \(c.shiftAfter.map(signed) ?? "END")"
            var comments = [line]
            if let o = c.old {
                comments.append("DXKIT OLD: EVENT \(o.number.map(String.init) ?? "#\(o.index + 1)") \(sourceName(o.source)) "
                    + "SRC \(Timecode(frames: o.sourceRange.start, rate: o.sourceRate)) \(Timecode(frames: o.sourceRange.end, rate: o.sourceRate)) "
                    + "REC \(tc(o.record.start, d.old)) \(tc(o.record.end, d.old))")
            }
            if let n = c.note { comments.append("DXKIT NOTE: \(n)") }
            e.comments = comments
            t.events.append(e)
        }
        return EDLWriter().write(t)
    }

    static func signed(_ f: Int64) -> String { (f >= 0 ? "+" : "") + String(f) }
}
