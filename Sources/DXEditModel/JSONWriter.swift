/// A small streaming JSON writer: keys in the order written, deterministic output,
/// no Foundation. Fast enough to print 10,000-event lists without notice.
public struct JSONWriter {
    public private(set) var output: String = ""
    private var needsComma: [Bool] = [false]
    private let pretty: Bool
    private var depth = 0

    public init(pretty: Bool = false) {
        self.pretty = pretty
        output.reserveCapacity(1 << 16)
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
        if pretty, depth > 0 {
            output += "\n"
            output += String(repeating: "  ", count: depth)
        }
    }

    public mutating func key(_ k: String) {
        separator()
        string(k, raw: true)
        output += pretty ? ": " : ":"
        needsComma.append(false)
        afterKey = true
    }

    private var afterKey = false

    private mutating func valueStart() {
        if afterKey {
            afterKey = false
            needsComma.removeLast()
        } else {
            separator()
        }
    }

    public mutating func beginObject() { valueStart(); output += "{"; needsComma.append(false); depth += 1 }
    public mutating func endObject() { close("}") }
    public mutating func beginArray() { valueStart(); output += "["; needsComma.append(false); depth += 1 }
    public mutating func endArray() { close("]") }

    private mutating func close(_ c: String) {
        let had = needsComma.removeLast()
        depth -= 1
        if pretty, had {
            output += "\n"
            output += String(repeating: "  ", count: depth)
        }
        output += c
    }

    public mutating func value(_ s: String?) {
        valueStart()
        guard let s else { output += "null"; return }
        string(s, raw: true)
    }

    public mutating func value(_ i: Int64?) {
        valueStart()
        output += i.map { String($0) } ?? "null"
    }

    public mutating func value(_ i: Int?) { value(i.map(Int64.init)) }

    public mutating func value(_ b: Bool?) {
        valueStart()
        output += b.map { $0 ? "true" : "false" } ?? "null"
    }

    /// A number already formatted (e.g. an exact decimal): written as is.
    public mutating func number(_ literal: String) {
        valueStart()
        output += literal
    }

    public mutating func null() {
        valueStart()
        output += "null"
    }

    public mutating func field(_ k: String, _ v: String?) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Int64?) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Int?) { key(k); value(v) }
    public mutating func field(_ k: String, _ v: Bool?) { key(k); value(v) }

    private mutating func string(_ s: String, raw: Bool) {
        output += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(u)
                }
            }
        }
        output += "\""
    }
}
