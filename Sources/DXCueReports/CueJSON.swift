import DXCueImport
import DXCueStore
import DXEditModel
import DXTimecode

/// Cues as JSON (schema 1): what `dx-cues list --json` prints and the reports embed.
public enum CueJSON {
    /// An array of cue objects, each with "schema": 1.
    public static func encode(_ cues: [CueRecord], pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginArray()
        for c in cues { write(c, to: &w) }
        w.endArray()
        return w.output
    }

    public static func write(_ c: CueRecord, to w: inout JSONWriter) {
        w.beginObject()
        w.field("schema", 1)
        w.field("number", c.number)
        w.field("character", c.character)
        w.field("character_number", c.characterNumber)
        w.field("prefix", c.prefix)
        w.field("actor", c.actor)
        w.field("reel", c.reel)
        w.field("version", c.version)
        w.field("scene", c.scene)
        w.field("tc_in", c.tcIn.description)
        w.field("tc_out", c.tcOut.description)
        w.key("frames"); w.beginObject(); w.field("in", c.tcIn.frames); w.field("out", c.tcOut.frames); w.endObject()
        w.key("rate"); writeRate(c.rate, to: &w)
        w.field("line", c.line)
        w.field("reason", c.reasonCode?.rawValue)
        w.field("reason_text", c.reasonText)
        w.field("priority", c.priority)
        w.key("flags"); w.beginArray(); for f in c.flags.names { w.value(f) }; w.endArray()
        w.field("status", c.status.rawValue)
        w.field("note", c.note)
        w.field("budget_seconds", c.budgetSeconds)
        w.key("tags"); w.number(c.tagsJSON)
        w.field("source", c.source)
        w.key("takes"); w.beginArray()
        for t in c.takes { writeTake(t, to: &w) }
        w.endArray()
        w.endObject()
    }

    public static func writeTake(_ t: TakeRecord, to w: inout JSONWriter) {
        w.beginObject()
        w.field("number", t.number)
        w.field("session", t.session)
        w.field("file", t.file)
        w.field("circled", t.circled)
        w.field("comment", t.comment)
        w.key("offset_seconds")
        if let us = t.alignOffsetMicroseconds { w.number(microsecondsLiteral(us)) } else { w.null() }
        w.key("confidence")
        if let c = t.alignConfidence { w.number(trimmedDecimal(c, maxFraction: 4)) } else { w.null() }
        w.field("match", t.alignMatch)
        w.endObject()
    }

    public static func writeRate(_ r: FrameRate, to w: inout JSONWriter) {
        w.beginObject()
        w.field("num", r.numerator)
        w.field("den", r.denominator)
        w.key("fps"); w.number(r.denominator == 1 ? "\(r.numerator).0" : trimmedDecimal(Double(r.numerator) / Double(r.denominator), maxFraction: 6))
        w.field("drop_frame", r.isDropFrame)
        w.endObject()
    }

    /// 12345600 → "12.3456" (exact).
    public static func microsecondsLiteral(_ us: Int64) -> String {
        let sign = us < 0 ? "-" : ""
        let a = abs(us)
        var frac = String(a % 1_000_000)
        while frac.count < 6 { frac = "0" + frac }
        while frac.hasSuffix("0") { frac.removeLast() }
        return "\(sign)\(a / 1_000_000)" + (frac.isEmpty ? ".0" : ".\(frac)")
    }
}
