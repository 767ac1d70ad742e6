import DXEditModel

/// The JSON schema of `dx-cues session list --json`: beside `SessionRecord`, through the
/// one JSON writer.
extension SessionRecord {
    /// An array of session objects, each with "schema": 1; ends with a newline.
    public static func json(_ sessions: [SessionRecord]) -> String {
        var w = JSONWriter(pretty: true)
        w.beginArray()
        for s in sessions {
            w.beginObject(); w.field("schema", 1); w.field("name", s.name); w.field("stage", s.stage); w.field("date", s.date)
            w.field("engineer", s.engineer); w.field("note", s.note)
            w.key("actors"); w.beginArray(); for a in s.actors { w.value(a) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        return w.output + "\n"
    }
}
