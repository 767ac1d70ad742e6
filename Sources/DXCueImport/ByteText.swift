import DXEditModel

/// UTF-8 output built as bytes: reports of 10,000 cues are megabytes of text, and
/// appending bytes (escaping only where a byte needs it) is many times faster than
/// growing a String character by character.
public struct ByteText {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func add(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func add(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func add(byte: UInt8) { bytes.append(byte) }

    public mutating func add(_ n: Int) {
        if n >= 0, n < 10 { bytes.append(0x30 + UInt8(n)); return }
        add(String(n))
    }

    /// `s` for HTML text and attribute values: & < > " ' as entities.
    public mutating func addHTML(_ s: String) {
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
    public mutating func addCSV(_ s: String) {
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

    /// A JSON string literal (quotes, backslash and control characters escaped).
    public mutating func addJSONString(_ s: String) { JSONWriter.appendString(s, to: &bytes) }
}
