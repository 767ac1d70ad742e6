import DXEditModel

/// One take placed by `dx-align`, read from its NDJSON batch report (one JSON object a line).
///
/// The reader is tolerant, since the report format is young: it takes the take's path from
/// `take`, `take_path`, `path` or `file` (a string, or an object with `path`); the offset
/// from `offset_seconds` (null = no match), else `offset_samples` with `sample_rate`;
/// `confidence` (0–1) and `match` when present. The cue is `cue` / `cue_number` when given,
/// else the first cue number found in the take's file name (`P101_t3.wav` → P101, take 3:
/// a `t`, `tk` or `take` followed by digits). Lines that are not JSON objects, or carry no
/// take path, are reported with their line number.
public struct AlignRecord: Sendable, Equatable {
    public var take: String
    public var cue: String?
    public var takeNumber: Int?
    /// Microseconds; nil when dx-align found no match.
    public var offsetMicroseconds: Int64?
    public var confidence: Double?
    public var match: Bool?
    public var line: Int
}

public enum AlignReportReader {
    public static func read(bytes: [UInt8], file: String) -> (records: [AlignRecord], warnings: [Diagnostic]) {
        let (text, _) = ExportText.decode(bytes)
        var records: [AlignRecord] = []
        var warnings: [Diagnostic] = []
        for (i, raw) in ExportText.lines(text).enumerated() {
            let line = raw.trimmedSpaces
            if line.isEmpty { continue }
            guard let v = try? JSONValue(parsing: Array(line.utf8)), case .object(let o) = v else {
                warnings.append(Diagnostic(.warning, "not a JSON object: line ignored", file: file, line: i + 1))
                continue
            }
            var path: String?
            for k in ["take", "take_path", "path", "file"] {
                if let s = o[k]?.string { path = s; break }
                if let s = o[k]?["path"]?.string { path = s; break }
            }
            guard let take = path else {
                warnings.append(Diagnostic(.warning, "no take path (take, take_path, path or file): line ignored", file: file, line: i + 1))
                continue
            }
            var rec = AlignRecord(take: take, line: i + 1)
            rec.cue = o["cue"]?.string ?? o["cue_number"]?.string
            rec.takeNumber = o["take_number"]?.int
            if let s = o["offset_seconds"]?.numberText {
                rec.offsetMicroseconds = microseconds(s)
            } else if let samples = o["offset_samples"]?.numberText.flatMap({ Int64($0) }), let sr = o["sample_rate"]?.int, sr > 0 {
                // Checked: a position beyond Int64 microseconds is dropped with a warning, not a trap.
                let (scaled, overflow) = samples.multipliedReportingOverflow(by: 1_000_000)
                let (rounded, overflow2) = scaled.addingReportingOverflow(Int64(sr / 2))
                if overflow || overflow2 {
                    warnings.append(Diagnostic(.warning, "offset_samples \(samples) is out of range: no offset", file: file, line: i + 1))
                } else {
                    rec.offsetMicroseconds = rounded / Int64(sr)
                }
            }
            if let c = o["confidence"]?.numberText { rec.confidence = Double(c) }
            rec.match = o["match"]?.bool
            if rec.match == false { rec.offsetMicroseconds = nil }
            let name = String(take.split(separator: "/").last ?? Substring(take))
            let (cue, n) = parseTakeName(name)
            if rec.cue == nil { rec.cue = cue }
            if rec.takeNumber == nil { rec.takeNumber = n }
            if rec.cue == nil {
                warnings.append(Diagnostic(.warning, "no cue number in '\(name)' and no \"cue\" field: line ignored", file: file, line: i + 1))
                continue
            }
            records.append(rec)
        }
        return (records, warnings)
    }

    /// "12.3456" → 12345600 (exact decimal, rounded to the microsecond); nil for text that
    /// is not a number or a number of microseconds beyond Int64 (an exponent above 30 is
    /// refused, so "1e999999999" is not written out as a billion zeros).
    static func microseconds(_ s: String) -> Int64? {
        var t = s
        var negative = false
        if t.hasPrefix("-") { negative = true; t.removeFirst() }
        var exp = 0
        if let e = t.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(t[t.index(after: e)...]), x <= 30 else { return nil }
            exp = max(x, -40)  // below a microsecond either way: 0 (rounded), without 10^x digits
            t = String(t[..<e])
        }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0].isEmpty ? "0" : parts[0]), whole >= 0 else { return nil }
        var digits = Array((String(whole) + (parts.count == 2 ? String(parts[1]) : "")).utf8)
        var scale = (parts.count == 2 ? parts[1].utf8.count : 0) - exp - 6  // digits beyond microseconds
        guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        while scale < 0 { digits.append(0x30); scale += 1 }
        var value: Int64 = 0
        for d in digits.dropLast(scale) {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(d - 0x30))
            if o1 || o2 { return nil }
            value = next
        }
        if scale > 0, scale <= digits.count, digits[digits.count - scale] >= 0x35 {
            guard value < Int64.max else { return nil }
            value += 1
        }
        return negative ? -value : value
    }

    /// "P101_t3.wav" → ("P101", 3); "JM101-take12.wav" → ("JM101", 12).
    public static func parseTakeName(_ name: String) -> (String?, Int?) {
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        let parts = stem.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == " " }).map(String.init)
        var cue: String?
        var take: Int?
        var takeIndex: Int?
        // The take mark: the last part after the first that is t/tk/take + digits.
        for (i, p) in parts.enumerated().reversed() where i > 0 && take == nil {
            let lower = p.lowercased()
            for prefix in ["take", "tk", "t"] where lower.hasPrefix(prefix) && take == nil {
                if let n = Int(lower.dropFirst(prefix.count)) { take = n; takeIndex = i }
            }
        }
        for (i, p) in parts.enumerated() where i != takeIndex && cue == nil {
            if let f = p.first, f.isLetter, let l = p.last, l.isNumber { cue = p }
        }
        return (cue, take)
    }
}
