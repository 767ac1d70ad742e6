import DXTimecode

/// The canonical JSON form of a timeline ("schema 1"): one row per event × track,
/// timecodes as SMPTE strings at the list's rate, plus exact frame counts and rates so
/// the form can be read back without loss. The shape is documented in
/// man/dx-conform.1 and matches the corpus oracle's schema (extra fields added).
public enum CanonicalJSON {
    public static let schema = 1

    public static func encode(_ timeline: Timeline, pretty: Bool = false) -> String {
        var w = JSONWriter(pretty: pretty)
        write(timeline, to: &w)
        return w.output
    }

    /// One document for a file that holds several timelines (XML projects): the first
    /// timeline as the document itself, the others under `additional_timelines`.
    public static func encode(_ timelines: [Timeline], pretty: Bool = false) -> String {
        guard let first = timelines.first else { return emptyDocument(file: nil) }
        var w = JSONWriter(pretty: pretty)
        write(first, to: &w, additional: Array(timelines.dropFirst()))
        return w.output
    }

    public static func write(_ t: Timeline, to w: inout JSONWriter, additional: [Timeline] = []) {
        w.beginObject()
        w.field("schema", schema)
        w.field("file", t.source.path)
        w.field("format", t.source.format.rawValue)
        w.field("dialect", t.source.dialect)
        w.field("title", t.title)
        w.key("rate"); writeRate(t.rate, to: &w)
        w.field("drop_frame", t.rate.isDropFrame)
        w.field("rate_basis", t.source.rateBasis)
        w.field("record_start", t.recordStart.map { Timecode(frames: $0, rate: t.rate).description })
        w.key("markers"); writeMarkers(t.markers, rate: t.rate, to: &w)
        w.key("comments"); w.beginArray(); for c in t.comments { w.value(c) }; w.endArray()
        w.key("warnings"); w.beginArray()
        for d in t.source.diagnostics { w.value(d.description) }
        w.endArray()
        w.key("events"); w.beginArray()
        for (index, e) in t.events.enumerated() {
            for track in e.tracks.isEmpty ? [nil] : e.tracks.map(Optional.some) {
                writeRow(e, index: index, track: track, timeline: t, to: &w)
            }
        }
        w.endArray()
        if !additional.isEmpty {
            w.key("additional_timelines")
            w.beginArray()
            for other in additional { write(other, to: &w) }
            w.endArray()
        }
        w.endObject()
    }

    /// The document for a list that holds no timeline at all (an empty XML project).
    public static func emptyDocument(file: String?) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.field("schema", schema)
        w.field("file", file)
        w.field("title", nil as String?)
        w.key("rate"); w.null()
        w.key("events"); w.beginArray(); w.endArray()
        w.endObject()
        return w.output
    }

    static func writeRate(_ r: FrameRate, to w: inout JSONWriter) {
        w.beginObject()
        w.field("num", r.numerator)
        w.field("den", r.denominator)
        w.key("fps"); w.number(fpsLiteral(r))
        w.endObject()
    }

    static func fpsLiteral(_ r: FrameRate) -> String {
        if r.denominator == 1 { return "\(r.numerator).0" }
        return trimmedDecimal(Double(r.numerator) / Double(r.denominator), maxFraction: 6)
    }

    static func writeMarkers(_ markers: [Marker], rate: FrameRate, to w: inout JSONWriter) {
        w.beginArray()
        for m in markers {
            w.beginObject()
            w.field("tc", Timecode(frames: m.at, rate: rate).description)
            w.field("frames", m.at)
            if m.duration != 0 { w.field("duration", m.duration) }
            w.field("color", m.color)
            w.field("name", m.name)
            if let n = m.note { w.field("note", n) }
            w.endObject()
        }
        w.endArray()
    }

    static func writeRow(_ e: Event, index: Int, track: TrackID?, timeline t: Timeline, to w: inout JSONWriter) {
        // EDL labels follow the event's own counting mode (FCM may change mid-list).
        let recordRate = t.source.format == .cmx3600 ? e.sourceRate : t.rate
        func tc(_ f: Int64, _ r: FrameRate) -> String { Timecode(frames: f, rate: r).description }
        w.beginObject()
        w.field("event", e.number)
        w.field("track", track?.description ?? "NONE")
        w.field("reel", e.source.reel)
        w.field("clip_name", e.source.clipName)
        let sourceKnown = e.audio?.sourceTimecodeKnown ?? true
        w.field("source_in", sourceKnown ? tc(e.sourceRange.start, e.sourceRate) : nil)
        w.field("source_out", sourceKnown ? tc(e.sourceRange.end, e.sourceRate) : nil)
        w.field("record_in", tc(e.record.start, recordRate))
        w.field("record_out", tc(e.record.end, recordRate))
        w.key("transition"); w.beginObject()
        w.field("type", e.transition.kind.rawValue)
        w.field("frames", e.transition.frames)
        if e.transition.kind != .cut || e.transition.code != "C" { w.field("code", e.transition.code) }
        if let f = e.transition.from {
            w.field("from_reel", f.reel)
            w.field("from_source_in", e.transition.fromSourceIn.map { tc($0, e.sourceRate) })
            w.field("from_clip_name", f.clipName)
        }
        if let n = e.transition.effectName { w.field("effect", n) }
        w.endObject()
        w.key("speed")
        if let s = e.speed {
            w.beginObject()
            if let fps = s.fps { w.key("fps"); w.number(fps.description) }
            w.key("percent"); w.number(trimmedDecimal(s.percent(of: t.rate), maxFraction: 3))
            if let r = s.reel { w.field("reel", r) }
            if let entry = s.entry { w.field("entry", tc(entry, e.sourceRate)) }
            w.endObject()
        } else {
            w.null()
        }
        w.field("source_file", e.source.file)
        w.key("markers"); writeMarkers(e.markers, rate: recordRate, to: &w)
        w.key("comments"); w.beginArray(); for c in e.comments { w.value(c) }; w.endArray()
        w.field("enabled", e.enabled)
        w.key("source_rate"); writeRate(e.sourceRate, to: &w)
        w.field("source_drop_frame", e.sourceRate.isDropFrame)
        w.key("frames"); w.beginObject()
        w.field("source_in", e.sourceRange.start)
        w.field("source_out", e.sourceRange.end)
        w.field("record_in", e.record.start)
        w.field("record_out", e.record.end)
        if let f = e.transition.fromSourceIn { w.field("from_source_in", f) }
        w.endObject()
        if let c = e.source.channel { w.field("source_channel", c) }
        if let s = e.source.scene { w.field("scene", s) }
        if let s = e.source.take { w.field("take", s) }
        if let s = e.source.role { w.field("role", s) }
        if let a = e.audio { writeAudio(a, to: &w) }
        w.key("flags"); w.beginArray(); for f in e.flags.names { w.value(f) }; w.endArray()
        w.field("edit", index)
        w.field("line", e.origin.firstLine)
        w.endObject()
    }

    /// The sample-exact fields of an event that has them (AAF): `samples`, `channels`,
    /// `gain_db` ("-inf" for silence), `fade_in`, `fade_out`, `muted`.
    static func writeAudio(_ a: AudioPlacement, to w: inout JSONWriter) {
        w.key("samples"); w.beginObject()
        w.field("rate", a.rate)
        w.field("record_in", a.recordIn)
        w.field("record_out", a.recordOut)
        w.field("source_rate", a.sourceRate)
        w.field("source_in", a.sourceIn)
        w.endObject()
        w.key("channels"); w.beginArray(); for c in a.channels { w.value(c) }; w.endArray()
        w.key("gain_db")
        if let g = a.gainDB {
            if g.isFinite { w.number(trimmedDecimal(g, maxFraction: 3)) } else { w.value(g < 0 ? "-inf" : "inf") }
        } else {
            w.null()
        }
        w.field("fade_in", a.fadeIn)
        w.field("fade_out", a.fadeOut)
        w.field("muted", a.muted)
    }
}
