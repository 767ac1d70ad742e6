import DXEditModel

/// What `match` found, as JSON ("schema": 1): beside `EventMatch`, so the schema changes
/// with the type it writes, and through the one JSON writer (DXEditModel's `JSONWriter`).
public enum MatchList {
    /// One object: the list and index named, counts, and a row per audio event with its
    /// status, file, channels (1-based), candidates and reasons.
    public static func json(_ matches: [EventMatch], list: String, index: String) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.field("schema", 1)
        w.field("list", list)
        w.field("index", index)
        w.field("events", matches.count)
        w.field("matched", matches.filter { $0.status == .matched }.count)
        w.key("matches"); w.beginArray()
        for m in matches {
            w.beginObject()
            w.field("event", m.event.number)
            w.field("edit", m.eventIndex)
            w.key("tracks"); w.beginArray(); for tr in m.event.tracks { w.value(tr.description) }; w.endArray()
            w.field("status", m.status.rawValue)
            w.field("file", m.file?.path)
            w.field("scene", m.file?.scene)
            w.field("take", m.file?.take)
            w.key("channels"); w.beginArray(); for c in m.channels { w.value(c + 1) }; w.endArray()
            w.field("partial", m.partial)
            w.field("speed_change", m.speedChange)
            w.key("candidates"); w.beginArray(); for c in m.candidates { w.value(c.path) }; w.endArray()
            w.key("reasons"); w.beginArray(); for r in m.reasons { w.value(r) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output
    }
}
