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
    public mutating func addJSONString(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { u in
            var start = 0
            for i in 0..<u.count {
                let b = u[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i]))
                switch b {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
                }
                start = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start...]))
        }
        bytes.append(0x22)
    }
}

/// Pretty JSON written as bytes, laid out exactly as DXEditModel's JSONWriter lays it
/// out (two-space indent, "key": value, empty containers as [] and {}), so reports read
/// the same as every other dxkit JSON.
public struct ByteJSONWriter {
    public var out = ByteText()
    private var needsComma: [Bool] = [false]
    private var depth = 0
    private var afterKey = false

    public init(capacity: Int = 1 << 16) { out = ByteText(capacity: capacity) }

    private mutating func newline() {
        out.add(byte: 0x0A)
        for _ in 0..<depth { out.bytes.append(0x20); out.bytes.append(0x20) }
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { out.add(byte: 0x2C) }
        needsComma[needsComma.count - 1] = true
        if depth > 0 { newline() }
    }

    private mutating func valueStart() {
        if afterKey {
            afterKey = false
            needsComma.removeLast()
        } else {
            separator()
        }
    }

    public mutating func key(_ k: String) {
        separator()
        out.addJSONString(k)
        out.add(": " as StaticString)
        needsComma.append(false)
        afterKey = true
    }

    public mutating func beginObject() { valueStart(); out.add(byte: 0x7B); needsComma.append(false); depth += 1 }
    public mutating func endObject() { close(0x7D) }
    public mutating func beginArray() { valueStart(); out.add(byte: 0x5B); needsComma.append(false); depth += 1 }
    public mutating func endArray() { close(0x5D) }

    private mutating func close(_ c: UInt8) {
        let had = needsComma.removeLast()
        depth -= 1
        if had { newline() }
        out.add(byte: c)
    }

    public mutating func value(_ s: String?) {
        valueStart()
        if let s { out.addJSONString(s) } else { out.add("null" as StaticString) }
    }

    public mutating func value(_ i: Int) {
        valueStart()
        out.add(i)
    }

    public mutating func field(_ k: String, _ v: String?) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Int) { key(k); value(v) }
}
