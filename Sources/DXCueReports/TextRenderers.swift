import DXCueImport
import DXEditModel

/// CSV, JSON and HTML renderings of a report.
public enum ReportText {
    /// The report as UTF-8 bytes in `format` (csv, json or html), ready to write.
    public static func utf8(_ doc: ReportDocument, format: String) -> [UInt8] {
        switch format {
        case "json": return jsonBytes(doc)
        case "html": return htmlBytes(doc).bytes
        default: return csvBytes(doc).bytes
        }
    }

    /// RFC 4180 CSV: a `Section` column, then the section's columns; a header line whenever
    /// the columns change. Subtotal and total rows carry their style in a last column.
    public static func csv(_ doc: ReportDocument) -> String { csvBytes(doc).string }

    static func csvBytes(_ doc: ReportDocument) -> ByteText {
        var out = ByteText(capacity: 1 << 20)
        var lastHeader: [String]?
        let cards = doc.sections.first?.layout == .cards
        func line(_ cells: [String]) {
            for (i, c) in cells.enumerated() {
                if i > 0 { out.add(byte: 0x2C) }
                out.addCSV(c)
            }
            out.add("\r\n" as StaticString)
        }
        for s in doc.sections {
            var header = ["Section"] + s.columns.map(\.title) + ["Row"]
            if cards { header.insert("Take grid", at: header.count - 1) }
            if header != lastHeader {
                line(header)
                lastHeader = header
            }
            let heading = s.heading ?? ""
            for r in s.rows {
                out.addCSV(heading)
                for c in r.cells {
                    out.add(byte: 0x2C)
                    out.addCSV(c)
                }
                if cards {
                    out.add(byte: 0x2C)
                    out.addCSV(gridText(r.takeGrid))
                }
                out.add(byte: 0x2C)
                out.addCSV(r.style.rawValue)
                out.add("\r\n" as StaticString)
            }
        }
        return out
    }

    static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
        }
        return s
    }

    /// "1 2 (3) 4" — circled takes in parentheses.
    static func gridText(_ g: ReportDocument.TakeGrid?) -> String {
        guard let g else { return "" }
        return g.recorded.sorted().map { g.circled.contains($0) ? "(\($0))" : String($0) }.joined(separator: " ")
    }

    /// JSON (schema 1): the report's meta, and per section its columns and rows as objects.
    public static func json(_ doc: ReportDocument) -> String { String(decoding: jsonBytes(doc), as: UTF8.self) }

    static func jsonBytes(_ doc: ReportDocument) -> [UInt8] {
        var w = JSONWriter(pretty: true, capacity: 1 << 20)
        w.beginObject()
        w.field("schema", 1)
        w.field("report", doc.kind)
        w.field("title", doc.title)
        w.key("meta"); w.beginObject(); for m in doc.meta { w.field(m.label.lowercased(), m.value) }; w.endObject()
        w.key("sections"); w.beginArray()
        for s in doc.sections {
            w.beginObject()
            w.field("heading", s.heading)
            w.key("details"); w.beginArray(); for d in s.details { w.value(d) }; w.endArray()
            w.key("columns"); w.beginArray(); for c in s.columns { w.value(c.title) }; w.endArray()
            let keys = s.columns.map { key($0.title) }
            w.key("rows"); w.beginArray()
            for r in s.rows {
                w.beginObject()
                for (k, v) in zip(keys, r.cells) { w.field(k, v) }
                if r.style != .normal { w.field("row", r.style.rawValue) }
                if let g = r.takeGrid {
                    w.key("take_grid"); w.beginObject()
                    w.field("slots", g.slots)
                    w.key("recorded"); w.beginArray(); for n in g.recorded { w.value(n) }; w.endArray()
                    w.key("circled"); w.beginArray(); for n in g.circled { w.value(n) }; w.endArray()
                    w.endObject()
                }
                w.endObject()
            }
            w.endArray()
            w.key("footnotes"); w.beginArray(); for f in s.footnotes { w.value(f) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.finishLine()
        return w.bytes
    }

    /// "TC In" → "tc_in", "Reason / note" → "reason_note".
    static func key(_ title: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for ch in title.lowercased() {
            if ch.isLetter || ch.isNumber {
                if pendingUnderscore && !out.isEmpty { out.append("_") }
                pendingUnderscore = false
                out.append(ch)
            } else {
                pendingUnderscore = true
            }
        }
        return out
    }

    /// One self-contained HTML page (no scripts, no external resources) with print CSS:
    /// A4, headers repeated on each printed page, sections that ask for it on a new page.
    public static func html(_ doc: ReportDocument) -> String { htmlBytes(doc).string }

    static func htmlBytes(_ doc: ReportDocument) -> ByteText {
        var h = ByteText(capacity: 1 << 20)
        h.add("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>\(esc(doc.title)) — \(esc(doc.meta.first?.value ?? ""))</title>
            <style>
            body { font: 10pt/1.35 "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 1.5em; color: #111; }
            h1 { font-size: 16pt; margin: 0 0 .2em; }
            .meta { color: #444; margin-bottom: 1em; }
            .meta span { margin-right: 1.5em; }
            h2 { font-size: 12pt; margin: 1.2em 0 .3em; border-bottom: 1px solid #888; }
            .details { color: #333; margin: .2em 0 .5em; }
            table { border-collapse: collapse; width: 100%; }
            th, td { border: 1px solid #bbb; padding: 2px 4px; vertical-align: top; text-align: left; }
            th { background: #eee; }
            td.r, th.r { text-align: right; }
            td.mono { font-family: "DejaVu Sans Mono", monospace; white-space: nowrap; }
            tr.total td, tr.subtotal td { font-weight: bold; background: #f4f4f4; }
            .card { border: 1px solid #999; padding: .4em .6em; margin: .4em 0; page-break-inside: avoid; }
            .card .num { font-size: 14pt; font-weight: bold; margin-right: .6em; }
            .card .line { font-size: 12pt; margin: .3em 0; }
            .grid { display: flex; gap: 3px; margin-top: .3em; }
            .grid span { display: inline-block; width: 1.7em; height: 1.7em; line-height: 1.7em; text-align: center; border: 1px solid #666; }
            .grid span.rec { background: #ddd; }
            .grid span.circ { border-radius: 50%; border: 2px solid #000; font-weight: bold; }
            .foot { color: #444; font-style: italic; margin: .3em 0 0; }
            @page { size: A4 \(doc.landscape ? "landscape" : "portrait"); margin: 12mm; }
            @media print {
              body { margin: 0; font-size: 9pt; }
              .newpage { break-before: page; page-break-before: always; }
              thead { display: table-header-group; }
              tr { break-inside: avoid; page-break-inside: avoid; }
            }
            </style></head><body>
            <h1>\(esc(doc.title))</h1>
            <div class="meta">\(doc.meta.map { "<span><b>\(esc($0.label)):</b> \(esc($0.value))</span>" }.joined())</div>

            """)
        for s in doc.sections {
            h.add(s.pageBreakBefore ? "<section class=\"newpage\">\n" as StaticString : "<section>\n")
            if let head = s.heading { h.add("<h2>" as StaticString); h.addHTML(head); h.add("</h2>\n" as StaticString) }
            for d in s.details { h.add("<div class=\"details\">" as StaticString); h.addHTML(d); h.add("</div>\n" as StaticString) }
            if s.layout == .cards {
                for r in s.rows { card(s, r, into: &h) }
            } else {
                h.add("<table><thead><tr>" as StaticString)
                for c in s.columns {
                    h.add(c.alignRight ? "<th class=\"r\">" as StaticString : "<th>")
                    h.addHTML(c.title)
                    h.add("</th>" as StaticString)
                }
                h.add("</tr></thead><tbody>\n" as StaticString)
                let opens: [StaticString] = s.columns.map { c in
                    c.alignRight ? "<td class=\"r\">" : (c.title.hasPrefix("TC") ? "<td class=\"mono\">" : "<td>")
                }
                for r in s.rows {
                    if r.style == .normal {
                        h.add("<tr>" as StaticString)
                    } else {
                        h.add("<tr class=\"" as StaticString); h.add(r.style.rawValue); h.add("\">" as StaticString)
                    }
                    for (open, v) in zip(opens, r.cells) {
                        h.add(open)
                        h.addHTML(v)
                        h.add("</td>" as StaticString)
                    }
                    h.add("</tr>\n" as StaticString)
                }
                h.add("</tbody></table>\n" as StaticString)
            }
            for f in s.footnotes { h.add("<p class=\"foot\">" as StaticString); h.addHTML(f); h.add("</p>\n" as StaticString) }
            h.add("</section>\n" as StaticString)
        }
        h.add("</body></html>\n" as StaticString)
        return h
    }

    static func card(_ s: ReportDocument.Section, _ r: ReportDocument.Row, into h: inout ByteText) {
        h.add("<div class=\"card\"><div><span class=\"num\">" as StaticString)
        h.addHTML(r.cells.first ?? "")
        h.add("</span>" as StaticString)
        // Cue, character, TC in, TC out, line, reason/note, flags, takes.
        let c = r.cells.count >= 8 ? r.cells : r.cells + Array(repeating: "", count: 8 - r.cells.count)
        h.add("<b>" as StaticString); h.addHTML(c[1]); h.add("</b> &nbsp; <span class=\"mono\">" as StaticString)
        h.addHTML(c[2]); h.add(" – " as StaticString); h.addHTML(c[3]); h.add("</span>" as StaticString)
        if !c[6].isEmpty { h.add(" &nbsp; [" as StaticString); h.addHTML(c[6]); h.add("]" as StaticString) }
        h.add("</div><div class=\"line\">" as StaticString); h.addHTML(c[4]); h.add("</div>" as StaticString)
        if !c[5].isEmpty { h.add("<div>" as StaticString); h.addHTML(c[5]); h.add("</div>" as StaticString) }
        if let g = r.takeGrid {
            h.add("<div class=\"grid\">" as StaticString)
            for n in 1...g.slots {
                if g.circled.contains(n) {
                    h.add("<span class=\"rec circ\">" as StaticString)
                } else if g.recorded.contains(n) {
                    h.add("<span class=\"rec\">" as StaticString)
                } else {
                    h.add("<span>" as StaticString)
                }
                h.add(n)
                h.add("</span>" as StaticString)
            }
            h.add("</div>" as StaticString)
        }
        if !c[7].isEmpty { h.add("<div class=\"foot\">Takes: " as StaticString); h.addHTML(c[7]); h.add("</div>" as StaticString) }
        h.add("</div>\n" as StaticString)
    }

    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension String {
    func replacingAll(_ a: String, with b: String) -> String {
        guard !a.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: a) {
            out += rest[..<r.lowerBound]
            out += b
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
