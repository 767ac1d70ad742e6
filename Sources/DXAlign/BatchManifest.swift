import DXTimecode

/// One row of a batch manifest: a take, its guide, and optionally where in the guide
/// (timecode, on the guide's TimeReference clock) the line may start.
public struct ManifestEntry: Sendable, Equatable {
    public var line: Int
    public var take: String
    public var guide: String
    public var windowStart: Timecode?
    public var windowEnd: Timecode?

    public init(line: Int, take: String, guide: String, windowStart: Timecode? = nil, windowEnd: Timecode? = nil) {
        self.line = line
        self.take = take
        self.guide = guide
        self.windowStart = windowStart
        self.windowEnd = windowEnd
    }
}

public struct ManifestError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// Reads a CSV manifest: `take,guide[,window_start,window_end]`, an optional header row,
/// `#` comments and blank lines skipped, double-quoted fields allowed. Relative paths are
/// taken relative to the manifest's folder.
public enum BatchManifest {
    public static func parse(_ text: String, name: String, rate: FrameRate) throws -> [ManifestEntry] {
        let folder = name.contains("/") ? String(name[..<name.lastIndex(of: "/")!]) : "."
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : folder + "/" + p }
        var entries: [ManifestEntry] = []
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: " \t")
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = try splitCSV(line, name: name, line: lineNumber).map { $0.trimmingCharacters(in: " \t") }
            if entries.isEmpty, fields.first?.lowercased() == "take" { continue }
            guard fields.count == 2 || fields.count == 4, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw ManifestError(description: "\(name):\(lineNumber): expected take,guide or take,guide,window_start,window_end (got \(fields.count) field\(fields.count == 1 ? "" : "s"))")
            }
            var entry = ManifestEntry(line: lineNumber, take: resolve(fields[0]), guide: resolve(fields[1]))
            if fields.count == 4 {
                do {
                    entry.windowStart = try Timecode(parsing: fields[2], rate: rate)
                    entry.windowEnd = try Timecode(parsing: fields[3], rate: rate)
                } catch {
                    throw ManifestError(description: "\(name):\(lineNumber): bad search window timecode: \(error)")
                }
                if entry.windowEnd! <= entry.windowStart! {
                    throw ManifestError(description: "\(name):\(lineNumber): the search window ends (\(fields[3])) before it starts (\(fields[2]))")
                }
            }
            entries.append(entry)
        }
        return entries
    }

    static func splitCSV(_ line: String, name: String, line number: Int) throws -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { current.append("\""); i += 1 } else { quoted = false }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        guard !quoted else {
            throw ManifestError(description: "\(name):\(number): unterminated quoted field")
        }
        fields.append(current)
        chars.removeAll()
        return fields
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
