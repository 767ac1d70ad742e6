import DXEditModel

/// CSV, JSON and HTML renderings of a report.
public enum ReportText {
    /// RFC 4180 CSV: a `Section` column, then the section's columns; a header line whenever
    /// the columns change. Subtotal and total rows carry their style in a last column.
    public static func csv(_ doc: ReportDocument) -> String {
        var out = ""
        var lastHeader: [String]?
        for s in doc.sections {
            var header = ["Section"] + s.columns.map(\.title) + ["Row"]
            if doc.sections.first?.layout == .cards { header.insert("Take grid", at: header.count - 1) }
            if header != lastHeader {
                out += header.map(field).joined(separator: ",") + "\r\n"
                lastHeader = header
            }
            for r in s.rows {
                var cells = [s.heading ?? ""] + r.cells
                if doc.sections.first?.layout == .cards { cells.append(gridText(r.takeGrid)) }
                cells.append(r.style.rawValue)
                out += cells.map(field).joined(separator: ",") + "\r\n"
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
    public static func json(_ doc: ReportDocument) -> String {
        var w = JSONWriter(pretty: true)
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
            w.key("rows"); w.beginArray()
            for r in s.rows {
                w.beginObject()
                for (c, v) in zip(s.columns, r.cells) { w.field(key(c.title), v) }
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
        return w.output + "\n"
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
    public static func html(_ doc: ReportDocument) -> String {
        var h = """
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

            """
        for s in doc.sections {
            h += "<section\(s.pageBreakBefore ? " class=\"newpage\"" : "")>\n"
            if let head = s.heading { h += "<h2>\(esc(head))</h2>\n" }
            for d in s.details { h += "<div class=\"details\">\(esc(d))</div>\n" }
            if s.layout == .cards {
                for r in s.rows { h += card(s, r) }
            } else {
                h += "<table><thead><tr>"
                for c in s.columns { h += "<th\(c.alignRight ? " class=\"r\"" : "")>\(esc(c.title))</th>" }
                h += "</tr></thead><tbody>\n"
                for r in s.rows {
                    h += "<tr\(r.style == .normal ? "" : " class=\"\(r.style.rawValue)\"")>"
                    for (c, v) in zip(s.columns, r.cells) {
                        let cls = c.alignRight ? "r" : (c.title.hasPrefix("TC") ? "mono" : "")
                        h += "<td\(cls.isEmpty ? "" : " class=\"\(cls)\"")>\(esc(v))</td>"
                    }
                    h += "</tr>\n"
                }
                h += "</tbody></table>\n"
            }
            for f in s.footnotes { h += "<p class=\"foot\">\(esc(f))</p>\n" }
            h += "</section>\n"
        }
        h += "</body></html>\n"
        return h
    }

    static func card(_ s: ReportDocument.Section, _ r: ReportDocument.Row) -> String {
        var h = "<div class=\"card\"><div><span class=\"num\">\(esc(r.cells.first ?? ""))</span>"
        // Cue, character, TC in, TC out, line, reason/note, flags, takes.
        let c = r.cells + Array(repeating: "", count: max(0, 8 - r.cells.count))
        h += "<b>\(esc(c[1]))</b> &nbsp; <span class=\"mono\">\(esc(c[2])) – \(esc(c[3]))</span>"
        if !c[6].isEmpty { h += " &nbsp; [\(esc(c[6]))]" }
        h += "</div><div class=\"line\">\(esc(c[4]))</div>"
        if !c[5].isEmpty { h += "<div>\(esc(c[5]))</div>" }
        if let g = r.takeGrid {
            h += "<div class=\"grid\">"
            for n in 1...g.slots {
                let cls = g.circled.contains(n) ? "rec circ" : (g.recorded.contains(n) ? "rec" : "")
                h += "<span\(cls.isEmpty ? "" : " class=\"\(cls)\"")>\(n)</span>"
            }
            h += "</div>"
        }
        if !c[7].isEmpty { h += "<div class=\"foot\">Takes: \(esc(c[7]))</div>" }
        return h + "</div>\n"
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
