/// Plain-text tables for terminal reports: columns padded to their widest cell (capped, so
/// one long file name does not push every row off the screen), two spaces between columns,
/// the last column left unpadded and trailing spaces trimmed.
public enum TextTable {
    public static func render(_ rows: [[String]], maxColumnWidth: Int) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for r in rows {
            for (i, c) in r.enumerated() where i < r.count - 1 { widths[i] = min(max(widths[i], c.count), maxColumnWidth) }
        }
        var out = ""
        for r in rows {
            var line = ""
            for (i, c) in r.enumerated() {
                line += i == r.count - 1 ? c : c + String(repeating: " ", count: max(1, widths[i] - c.count + 2))
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
