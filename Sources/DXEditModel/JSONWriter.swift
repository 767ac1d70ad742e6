/// A small streaming JSON writer: keys in the order written, deterministic output,
/// no Foundation. Built as UTF-8 bytes (escaping only where a byte needs it), so lists
/// and reports of many thousands of rows print without notice.
public struct JSONWriter {
    /// The JSON written so far, as UTF-8.
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]
    private let pretty: Bool
    private var depth = 0
    private var afterKey = false

    public init(pretty: Bool = false, capacity: Int = 1 << 16) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    /// The JSON written so far.
    public var output: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func add(_ s: StaticString) { s.withUTF8Buffer { bytes.append(contentsOf: $0) } }

    private mutating func add(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func newline() {
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
        if pretty, depth > 0 { newline() }
    }

    public mutating func key(_ k: String) {
        separator()
        Self.appendString(k, to: &bytes)
        if pretty { add(": ") } else { add(":") }
        needsComma.append(false)
        afterKey = true
    }

    private mutating func valueStart() {
        if afterKey {
            afterKey = false
            needsComma.removeLast()
        } else {
            separator()
        }
    }

    public mutating func beginObject() { valueStart(); bytes.append(0x7B); needsComma.append(false); depth += 1 }
    public mutating func endObject() { close(0x7D) }
    public mutating func beginArray() { valueStart(); bytes.append(0x5B); needsComma.append(false); depth += 1 }
    public mutating func endArray() { close(0x5D) }

    private mutating func close(_ c: UInt8) {
        let had = needsComma.removeLast()
        depth -= 1
        if pretty, had { newline() }
        bytes.append(c)
    }

    public mutating func value(_ s: String?) {
        valueStart()
        guard let s else { add("null"); return }
        Self.appendString(s, to: &bytes)
    }

    public mutating func value(_ i: Int64?) {
        valueStart()
        guard let i else { add("null"); return }
        if i >= 0, i < 10 { bytes.append(0x30 + UInt8(i)) } else { add(String(i)) }
    }

    public mutating func value(_ i: Int?) { value(i.map(Int64.init)) }

    public mutating func value(_ b: Bool?) {
        valueStart()
        guard let b else { add("null"); return }
        if b { add("true") } else { add("false") }
    }

    /// A number already formatted (e.g. an exact decimal): written as is.
    public mutating func number(_ literal: String) {
        valueStart()
        add(literal)
    }

    public mutating func null() {
        valueStart()
        add("null")
    }

    /// Ends the document with a newline (files and terminal output end in one).
    public mutating func finishLine() { bytes.append(0x0A) }

    public mutating func field(_ k: String, _ v: String?) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Int64?) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Int?) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Bool?) { key(k); value(v) }

    /// Appends `s` as a JSON string literal: quote, backslash and control characters
    /// escaped, everything else copied as UTF-8.
    public static func appendString(_ s: String, to bytes: inout [UInt8]) {
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
                    let hex: StaticString = "0123456789abcdef"
                    hex.withUTF8Buffer { h in
                        bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, h[Int(b >> 4)], h[Int(b & 15)]])
                    }
                }
                start = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start...]))
        }
        bytes.append(0x22)
    }
}
