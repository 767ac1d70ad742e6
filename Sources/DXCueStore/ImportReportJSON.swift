import DXCueImport
import DXEditModel

/// The JSON schema of `dx-cues import --json` ("schema": 1): beside `ImportReport`, so the
/// schema changes with the type it writes, and through the one JSON writer.
extension ImportReport {
    /// One object for one imported file: what was read (`imp`: format, cue count, events
    /// without a cue number, warnings) and what the store did with it (`dryRun`: nothing
    /// was stored). The caller writes the array around one object per file.
    public func writeJSON(_ imp: CueImport, dryRun: Bool, to w: inout JSONWriter) {
        w.beginObject()
        w.field("schema", 1)
        w.field("file", file)
        w.field("format", imp.format)
        w.field("cues", imp.cues.count)
        w.field("other_events", imp.otherEvents)
        w.field("dry_run", dryRun)
        w.field("created_project", createdProject)
        w.field("converted", converted)
        w.key("added"); w.beginArray(); for a in added { w.value(a) }; w.endArray()
        w.key("updated"); w.beginArray()
        for u in updated {
            w.beginObject()
            w.field("number", u.number)
            w.key("changes"); w.beginArray()
            for f in u.fields {
                w.beginObject(); w.field("field", f.field); w.field("old", f.old); w.field("new", f.new); w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.field("unchanged", unchanged)
        w.key("missing"); w.beginArray(); for m in missing { w.value(m) }; w.endArray()
        w.key("omitted"); w.beginArray(); for m in omitted { w.value(m) }; w.endArray()
        w.key("warnings"); w.beginArray(); for d in imp.warnings { w.value(d.description) }; w.endArray()
        w.endObject()
    }
}
