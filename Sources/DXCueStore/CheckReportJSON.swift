import DXEditModel

/// The JSON schema of `dx-cues check --json` ("schema": 1): beside `CheckReport`, through
/// the one JSON writer.
extension CheckReport {
    /// SQLite's checks, the schema's journal mode and migrations (`facts`), the row count
    /// of each table and the digest of the contents; ends with a newline.
    public func json(_ facts: SchemaFacts) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.field("schema", 1)
        w.field("integrity", integrity)
        w.field("foreign_key_violations", foreignKeyViolations)
        w.field("journal_mode", facts.journalMode)
        w.key("migrations"); w.beginArray(); for m in facts.migrations { w.value(m) }; w.endArray()
        w.key("rows"); w.beginObject(); for c in counts { w.field(c.table, c.rows) }; w.endObject()
        w.field("digest", digest)
        w.endObject()
        return w.output + "\n"
    }
}
