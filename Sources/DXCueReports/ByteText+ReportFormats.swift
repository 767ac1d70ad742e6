import DXCueImport

/// The escaping the report formats need, written straight into the bytes of a report.
extension ByteText {
    /// `s` for HTML text and attribute values: & < > " ' as entities.
    mutating func addHTML(_ s: String) {
        var s = s
        s.withUTF8 { u in
            var start = 0
            for i in 0..<u.count {
                let rep: StaticString
                switch u[i] {
                case 0x26: rep = "&amp;"
                case 0x3C: rep = "&lt;"
                case 0x3E: rep = "&gt;"
                case 0x22: rep = "&quot;"
                case 0x27: rep = "&#39;"
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i]))
                rep.withUTF8Buffer { bytes.append(contentsOf: $0) }
                start = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start...]))
        }
    }

    /// An RFC 4180 field: quoted (quotes doubled) when it holds a comma, quote or line end.
    mutating func addCSV(_ s: String) {
        var s = s
        s.withUTF8 { u in
            guard u.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                bytes.append(contentsOf: u)
                return
            }
            bytes.append(0x22)
            for b in u {
                if b == 0x22 { bytes.append(0x22) }
                bytes.append(b)
            }
            bytes.append(0x22)
        }
    }
}
