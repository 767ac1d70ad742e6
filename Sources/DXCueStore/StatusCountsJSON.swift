import DXCueImport
import DXEditModel

/// The JSON schema of `dx-cues status --json` ("schema": 1): beside `statusCounts()`,
/// through the one JSON writer.
public enum StatusCountsJSON {
    /// The number of cues in each status (every status, in workflow order) and the total;
    /// ends with a newline.
    public static func encode(_ counts: [(CueStatus, Int)]) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject(); w.field("schema", 1)
        w.key("counts"); w.beginObject()
        for (s, n) in counts { w.field(s.rawValue, n) }
        w.endObject()
        w.field("total", counts.reduce(0) { $0 + $1.1 })
        w.endObject()
        return w.output + "\n"
    }
}
