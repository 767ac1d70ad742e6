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

    /// A JSON string literal (quotes, backslash and control characters escaped).
    public mutating func addJSONString(_ s: String) { JSONWriter.appendString(s, to: &bytes) }
}
