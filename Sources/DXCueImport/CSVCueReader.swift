import DXEditModel
import DXTimecode

/// Cue lists as CSV (comma, or tab/semicolon when the first line has more of those),
/// quoted fields per RFC 4180. Columns are found by a mapping:
///
/// - explicit, `number=1,in=2,out=3,character=4,line=5,done=6` (1-based columns or
///   header names: `number=Cue #,in=TC In`);
/// - else from a header row, by common names (cue, number, #, in, tc in, start, out,
///   end, character, char, role, actor, line, dialog, text, reason, note, reel, status,
///   done, flags, priority);
/// - else Resolve's ADR cue-list order: number, in, out, character, dialog, done.
public enum CSVCueReader {
    public static let fields = ["number", "in", "out", "character", "actor", "line", "reason", "note", "reel",
                                "status", "done", "flags", "priority", "duration"]

    static let headerNames: [String: String] = [
        "cue": "number", "cue #": "number", "cue number": "number", "number": "number", "#": "number", "qn": "number",
        "in": "in", "tc in": "in", "start": "in", "timecode in": "in", "record in": "in",
        "out": "out", "tc out": "out", "end": "out", "finish": "out", "timecode out": "out",
        "character": "character", "char": "character", "role": "character", "character name": "character",
        "actor": "actor", "talent": "actor",
        "line": "line", "dialog": "line", "dialogue": "line", "text": "line", "prompt": "line",
        "reason": "reason", "note": "note", "notes": "note", "comment": "note", "reel": "reel",
        "status": "status", "done": "done", "flags": "flags", "priority": "priority", "duration": "duration",
    ]

    public static func read(bytes: [UInt8], file: String, rate: FrameRate, mapping: String? = nil) throws -> CueImport {
        let (text, _) = ExportText.decode(bytes)
        var result = CueImport(file: file, format: "csv")
        result.project.rate = rate
        let rows = parse(text)
        guard let first = rows.first else { return result }
        var columns: [String: Int] = [:]
        var dataStart = 0
        let headerLike = first.fields.contains { headerNames[$0.trimmedSpaces.lowercased()] != nil }
            && !first.fields.contains { (try? SMPTELabel(parsing: $0)) != nil }
        if let mapping {
            for item in mapping.split(separator: ",") {
                let kv = item.split(separator: "=", maxSplits: 1).map { String($0).trimmedSpaces }
                guard kv.count == 2, fields.contains(kv[0].lowercased()) else {
                    throw CueImportError("--map '\(item)': expected FIELD=COLUMN with FIELD one of \(fields.joined(separator: ", "))")
                }
                if let n = Int(kv[1]), n >= 1 {
                    columns[kv[0].lowercased()] = n - 1
                } else if let k = first.fields.firstIndex(where: { $0.trimmedSpaces.lowercased() == kv[1].lowercased() }) {
                    columns[kv[0].lowercased()] = k
                    dataStart = 1
                } else {
                    throw CueImportError("--map '\(item)': no column named '\(kv[1])' in the first line of \(file)")
                }
            }
            if headerLike { dataStart = 1 }
        } else if headerLike {
            for (k, name) in first.fields.enumerated() {
                if let f = headerNames[name.trimmedSpaces.lowercased()], columns[f] == nil { columns[f] = k }
            }
            dataStart = 1
        } else {
            columns = ["number": 0, "in": 1, "out": 2, "character": 3, "line": 4, "done": 5]
        }
        guard columns["in"] != nil else {
            throw CueImportError("\(file): no TC-in column found; give one with --map in=COLUMN")
        }
        try addCues(rows.dropFirst(dataStart), columns: columns, file: file, rate: rate, to: &result)
        try MarkerCueBuilder.checkDuplicates(result)
        return result
    }

    /// One cue per data row (blank rows skipped; a row whose times do not read is skipped
    /// with a warning); a row without a number is numbered after its character's initials.
    /// Throws for a duration out of range.
    private static func addCues(_ rows: ArraySlice<Row>, columns: [String: Int], file: String, rate: FrameRate,
                                to result: inout CueImport) throws {
        var counters: [String: Int] = [:]
        for row in rows {
            if row.fields.allSatisfy({ $0.trimmedSpaces.isEmpty }) { continue }
            func value(_ f: String) -> String? {
                guard let k = columns[f], k < row.fields.count else { return nil }
                let v = row.fields[k].trimmedSpaces
                return v.isEmpty ? nil : v
            }
            let place = SourcePlace(file: file, line: row.line)
            guard let inText = value("in") else {
                result.warnings.append(Diagnostic(.warning, "no TC in: row ignored", file: file, line: row.line))
                continue
            }
            let start: Int64
            var out: Int64?
            do {
                start = try Timecode(parsing: inText, rate: rate).frames
                if let o = value("out") { out = try Timecode(parsing: o, rate: rate).frames }
            } catch {
                result.warnings.append(Diagnostic(.warning, "\(error): row ignored", file: file, line: row.line))
                continue
            }
            let finish: Int64
            if let out {
                finish = out
            } else if let d = value("duration"), let frames = try Checked.duration(d, rate: rate, place: place) {
                finish = start + frames
            } else {
                finish = start + 1
            }
            let character = value("character") ?? "Unknown"
            var number = value("number")
            if number == nil {
                let prefix = String(character.uppercased().filter(\.isLetter).prefix(2))
                let n = (counters[prefix] ?? 100) + 1
                counters[prefix] = n
                number = (prefix.isEmpty ? "Q" : prefix) + String(n)
            }
            var cue = SpottedCue(number: number!, character: character, start: start, finish: max(finish, start + 1),
                                 rate: rate, line: value("line") ?? "", place: place)
            cue.actor = value("actor")
            cue.reel = value("reel")
            cue.reasonText = value("reason")
            cue.reasonCode = cue.reasonText.flatMap(ReasonCode.classify)
            cue.note = value("note")
            cue.characterPrefix = ProToolsCueReader.cuePrefix(number!)
            if let p = value("priority") { cue.priority = Int(p) }
            if let f = value("flags") {
                do { cue.flags = try CueFlags(names: f.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).map(String.init)) } catch {
                    result.warnings.append(Diagnostic(.warning, "\(error): flags ignored", file: file, line: row.line))
                }
            }
            if let s = value("status") {
                if let st = CueStatus(parsing: s) { cue.status = st } else {
                    result.warnings.append(Diagnostic(.warning, "unknown status '\(s)': kept as spotted", file: file, line: row.line))
                }
            } else if let d = value("done"), ["true", "yes", "1", "x", "done"].contains(d.lowercased()) {
                cue.status = .recorded
            }
            result.cues.append(cue)
        }
    }

    struct Row { var fields: [String]; var line: Int }

    /// RFC 4180 rows; the separator is the most frequent of , ; TAB in the first line.
    static func parse(_ text: String) -> [Row] {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        let counts: [(Character, Int)] = [(",", firstLine.filter { $0 == "," }.count),
                                          (";", firstLine.filter { $0 == ";" }.count),
                                          ("\t", firstLine.filter { $0 == "\t" }.count)]
        let sep = counts.max { $0.1 < $1.1 }!.1 == 0 ? "," : counts.max { $0.1 < $1.1 }!.0
        var rows: [Row] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var chars = Array(text)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars = chars.dropFirst() } else { inQuotes = false }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case sep: fields.append(field); field = ""
            case "\n", "\r", "\r\n":
                fields.append(field)
                rows.append(Row(fields: fields, line: rowLine))
                fields = []
                field = ""
                line += 1
                rowLine = line
            default: field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append(Row(fields: fields, line: rowLine))
        }
        return rows
    }
}
