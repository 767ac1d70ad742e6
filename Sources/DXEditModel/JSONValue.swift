/// A parsed JSON document, for reading dxkit's own JSON back without Foundation.
///
/// Numbers keep their text so exact decimals (M2 speeds) and 64-bit frame counts
/// survive; objects keep their keys in a dictionary (order is not meaningful).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(key: String) -> JSONValue? {
        if case let .object(o) = self { return o[key] }
        return nil
    }

    public var string: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    public var int: Int? {
        if case let .number(n) = self { return Int(n) }
        return nil
    }

    public var bool: Bool? {
        if case let .bool(b) = self { return b }
        return nil
    }

    public var array: [JSONValue]? {
        if case let .array(a) = self { return a }
        return nil
    }

    public var object: [String: JSONValue]? {
        if case let .object(o) = self { return o }
        return nil
    }

    /// The number as written (e.g. "-24.0"), for exact decimals.
    public var numberText: String? {
        if case let .number(n) = self { return n }
        return nil
    }

    /// Parses a JSON text. Errors give the byte offset and what was expected.
    public init(parsing bytes: [UInt8]) throws {
        var p = JSONParser(bytes: bytes)
        p.skipSpace()
        self = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw p.error("end of document") }
    }
}

/// Why a JSON text could not be read.
public struct JSONParseError: Error, CustomStringConvertible, Sendable {
    public var offset: Int
    public var expected: String
    public var description: String { "invalid JSON at byte \(offset): expected \(expected)" }
}

private struct JSONParser {
    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func error(_ expected: String) -> JSONParseError { JSONParseError(offset: i, expected: expected) }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    mutating func literal(_ word: String, _ v: JSONValue) throws -> JSONValue {
        for c in word.utf8 {
            guard i < bytes.count, bytes[i] == c else { throw error("'\(word)'") }
            i += 1
        }
        return v
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < 256 else { throw error("less nesting (256 levels at most)") }
        guard i < bytes.count else { throw error("a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var o: [String: JSONValue] = [:]
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("a key string") }
                let k = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("':'") }
                i += 1
                skipSpace()
                o[k] = try value(depth: depth + 1)
                skipSpace()
                guard i < bytes.count else { throw error("',' or '}'") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                throw error("',' or '}'")
            }
        case UInt8(ascii: "["):
            i += 1
            var a: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
            while true {
                skipSpace()
                a.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw error("',' or ']'") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                throw error("',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            return .number(try number())
        }
    }

    mutating func number() throws -> String {
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while i < bytes.count, let b = Optional(bytes[i]),
              (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
              || ((b == UInt8(ascii: "+") || b == UInt8(ascii: "-")) && i > start && (bytes[i - 1] | 0x20) == UInt8(ascii: "e")) {
            if b >= 0x30 && b <= 0x39 { digits += 1 }
            i += 1
        }
        guard digits > 0 else { i = start; throw error("a value") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw error("a hex digit")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    mutating func string() throws -> String {
        i += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw error("a closing '\"'") }
            let b = bytes[i]
            i += 1
            if b == UInt8(ascii: "\"") { break }
            guard b >= 0x20 else { i -= 1; throw error("no raw control characters in a string") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                continue
            }
            guard i < bytes.count else { throw error("an escape") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 2 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw error("a low surrogate")
                    }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw error("a low surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                i -= 1
                throw error("a valid escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
