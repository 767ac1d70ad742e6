import DXEditModel

extension ScanReport {
    /// The JSON of `dx-conform index --json`: "schema": 1, the index file and how many
    /// files it holds after the scan, then what this scan did (paths as scanned, moves as
    /// from/to, unreadable files with why). Beside `ScanReport`, so the schema changes with
    /// the type it writes, through the one JSON writer; ends with a newline.
    public func json(index: String, files: Int) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.field("schema", 1)
        w.field("index", index)
        w.field("files", files)
        w.key("added"); Self.strings(added, &w)
        w.key("updated"); Self.strings(updated, &w)
        w.field("unchanged", unchanged)
        w.key("moved"); w.beginArray()
        for m in moved { w.beginObject(); w.field("from", m.from); w.field("to", m.to); w.endObject() }
        w.endArray()
        w.key("missing"); Self.strings(missing, &w)
        w.key("failed"); w.beginArray()
        for f in failed { w.beginObject(); w.field("path", f.path); w.field("reason", f.reason); w.endObject() }
        w.endArray()
        w.key("without_time_reference"); Self.strings(withoutTimeReference, &w)
        w.endObject()
        w.finishLine()
        return w.output
    }

    private static func strings(_ a: [String], _ w: inout JSONWriter) {
        w.beginArray()
        for s in a { w.value(s) }
        w.endArray()
    }
}
