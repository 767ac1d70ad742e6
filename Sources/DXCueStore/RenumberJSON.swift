import DXEditModel

/// The JSON schema of `dx-cues renumber --json` ("schema": 1): beside `renumber`, through
/// the one JSON writer.
public enum RenumberJSON {
    /// Each cue's old and new number (`changes`, as `renumber` returns them) and whether
    /// this was a dry run; ends with a newline.
    public static func encode(_ changes: [(old: String, new: String)], dryRun: Bool) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject(); w.field("schema", 1); w.field("dry_run", dryRun)
        w.key("changes"); w.beginArray()
        for c in changes { w.beginObject(); w.field("old", c.old); w.field("new", c.new); w.endObject() }
        w.endArray(); w.endObject()
        return w.output + "\n"
    }
}
