/// A decimal number kept exactly as written (`-025.0`, `12.5`): an integer and a
/// count of fraction digits. Used for M2 speeds so nothing is rounded through a float.
public struct ExactDecimal: Hashable, Sendable, CustomStringConvertible {
    public var units: Int64
    /// Digits after the point: units 125, scale 1 = 12.5.
    public var scale: Int

    public init(units: Int64, scale: Int) {
        self.units = units
        self.scale = scale
    }

    public init(_ integer: Int) {
        self.init(units: Int64(integer), scale: 0)
    }

    /// Parses `[+-]digits[.digits]`; nil for anything else.
    public init?(_ text: Substring) {
        var s = text
        var negative = false
        if let f = s.first, f == "-" || f == "+" {
            negative = f == "-"
            s = s.dropFirst()
        }
        guard !s.isEmpty else { return nil }
        var units: Int64 = 0
        var scale = 0
        var seenPoint = false
        var digits = 0
        for c in s.utf8 {
            if c == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard c >= 48, c <= 57 else { return nil }
            digits += 1
            guard digits <= 15 else { return nil }
            units = units * 10 + Int64(c - 48)
            if seenPoint { scale += 1 }
        }
        guard digits > 0 else { return nil }
        self.init(units: negative ? -units : units, scale: scale)
    }

    public init?(_ text: String) { self.init(Substring(text)) }

    public var doubleValue: Double {
        var d = Double(units)
        for _ in 0..<scale { d /= 10 }
        return d
    }

    public var isNegative: Bool { units < 0 }
    public var isZero: Bool { units == 0 }

    /// The value with at least one fraction digit: "-24.0", "12.5", "0.0".
    public var description: String {
        let digits = String(abs(units))
        let s = max(scale, 1)
        let padded = String(repeating: "0", count: max(0, s + 1 - digits.count)) + digits
        let raw = scale == 0 ? padded + "0" : padded
        let cut = raw.index(raw.endIndex, offsetBy: -s)
        return (units < 0 ? "-" : "") + raw[..<cut] + "." + raw[cut...]
    }

    /// Equal in value: 25.0 == 25 == 25.00.
    public static func == (a: ExactDecimal, b: ExactDecimal) -> Bool {
        a.normalized == b.normalized
    }

    public func hash(into h: inout Hasher) {
        let n = normalized
        h.combine(n.units)
        h.combine(n.scale)
    }

    /// Trailing fraction zeros removed, so equal values have equal fields.
    var normalized: (units: Int64, scale: Int) {
        var u = units, s = scale
        while s > 0, u % 10 == 0 {
            u /= 10
            s -= 1
        }
        return (u, s)
    }
}
