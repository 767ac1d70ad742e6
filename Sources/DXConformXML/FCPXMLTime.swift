import DXTimecode

/// An FCPXML time value ("3003/1000s", "3600s", "0s"): an exact rational number of
/// seconds. Arithmetic is exact (128-bit, reduced); nothing goes through a float.
struct FCPXMLTime: Comparable, Hashable, CustomStringConvertible {
    private(set) var num: Int128
    private(set) var den: Int128

    init(_ num: Int128, _ den: Int128 = 1) {
        precondition(den != 0)
        var n = num, d = den
        if d < 0 { n = -n; d = -d }
        let g = Self.gcd(n, d)
        self.num = n / g
        self.den = d / g
    }

    static let zero = FCPXMLTime(0)

    /// Parses "N/Ds", "Ns" and decimal seconds ("1.5s"); the trailing "s" may be missing.
    init?(parsing text: String) {
        var s = Substring(text.trimmedXML)
        if s.last == "s" { s = s.dropLast() }
        guard !s.isEmpty else { return nil }
        if let slash = s.firstIndex(of: "/") {
            guard let n = Self.integer(s[..<slash]), let d = Self.integer(s[s.index(after: slash)...]), d != 0 else { return nil }
            self.init(n, d)
        } else if let n = Self.integer(s) {
            self.init(n)
        } else if let d = ExactDecimalParts(s) {
            self.init(d.units, d.scale)
        } else {
            return nil
        }
    }

    private static func integer(_ s: Substring) -> Int128? {
        guard !s.isEmpty, s.count <= 30 else { return nil }
        var neg = false
        var t = s
        if t.first == "-" || t.first == "+" { neg = t.first == "-"; t = t.dropFirst() }
        guard !t.isEmpty, t.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        var v: Int128 = 0
        for c in t.utf8 { v = v * 10 + Int128(c - 48) }
        return neg ? -v : v
    }

    static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
        var x = a < 0 ? -a : a, y = b < 0 ? -b : b
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : x
    }

    static func + (a: FCPXMLTime, b: FCPXMLTime) -> FCPXMLTime {
        if a.den == b.den, let n = add(a.num, b.num) { return FCPXMLTime(n, a.den) }
        let g = gcd(a.den, b.den)
        guard let x = mul(a.num, b.den / g), let y = mul(b.num, a.den / g), let n = add(x, y),
              let d = mul(a.den / g, b.den) else { return approximate(a.double + b.double) }
        return FCPXMLTime(n, d)
    }

    static prefix func - (a: FCPXMLTime) -> FCPXMLTime {
        a.num == .min ? approximate(-a.double) : FCPXMLTime(-a.num, a.den)
    }
    static func - (a: FCPXMLTime, b: FCPXMLTime) -> FCPXMLTime { a + (-b) }

    static func * (a: FCPXMLTime, b: FCPXMLTime) -> FCPXMLTime {
        let g1 = gcd(a.num, b.den), g2 = gcd(b.num, a.den)
        guard let n = mul(a.num / g1, b.num / g2), let d = mul(a.den / g2, b.den / g1) else {
            return approximate(a.double * b.double)
        }
        return FCPXMLTime(n, d)
    }

    // Real lists stay far inside 128 bits; a hostile one must not trap. Past the range
    // a value is kept to the nanosecond instead.
    private static func mul(_ a: Int128, _ b: Int128) -> Int128? {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? nil : r
    }

    private static func add(_ a: Int128, _ b: Int128) -> Int128? {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? nil : r
    }

    private var double: Double { Double(num) / Double(den) }

    private static func approximate(_ seconds: Double) -> FCPXMLTime {
        guard seconds.isFinite else { return .zero }
        let clamped = min(max(seconds, -1e18), 1e18)
        return FCPXMLTime(Int128(clamped * 1e9), 1_000_000_000)
    }

    static func / (a: FCPXMLTime, b: FCPXMLTime) -> FCPXMLTime {
        precondition(b.num != 0)
        return a * FCPXMLTime(b.den, b.num)
    }

    static func < (a: FCPXMLTime, b: FCPXMLTime) -> Bool {
        if let x = mul(a.num, b.den), let y = mul(b.num, a.den) { return x < y }
        return a.double < b.double
    }

    var isZero: Bool { num == 0 }

    /// Whole frames at a rate, rounded down; `exact` is false when the time falls between frames.
    func frames(at rate: FrameRate) -> (frames: Int64, exact: Bool) {
        guard let n = Self.mul(num, Int128(rate.numerator)), let d = Self.mul(den, Int128(rate.denominator)) else {
            return (Int64(clamping: Int128((double * rate.framesPerSecond).rounded(.down).clamped)), false)
        }
        var q = n / d
        let r = n % d
        if r != 0, n < 0 { q -= 1 }
        return (Int64(clamping: q), r == 0)
    }

    /// The rational as seconds per frame → frames per second (a `frameDuration`); nil
    /// for anything that is not a picture rate (under 1 or over 1000 fps).
    var asFrameRate: FrameRate? {
        guard num > 0, den >= num, den <= num * 1000, den < 10_000_000_000 else { return nil }
        return try? FrameRate(numerator: Int(den), denominator: Int(num))
    }

    var description: String { den == 1 ? "\(num)s" : "\(num)/\(den)s" }
}

extension Double {
    /// Within the range an Int64 holds.
    var clamped: Double { Swift.min(Swift.max(self, -9.2e18), 9.2e18) }
}

/// Digits of a decimal literal ("1.5") as units and fraction digits.
private struct ExactDecimalParts {
    var units: Int128
    var scale: Int128

    init?(_ s: Substring) {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count + parts[1].count <= 30, !parts[0].isEmpty || !parts[1].isEmpty else { return nil }
        var neg = false
        var whole = parts[0]
        if whole.first == "-" { neg = true; whole = whole.dropFirst() }
        guard (whole + parts[1]).utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        var v: Int128 = 0
        for c in (whole + parts[1]).utf8 { v = v * 10 + Int128(c - 48) }
        var sc: Int128 = 1
        for _ in 0..<parts[1].count { sc *= 10 }
        units = neg ? -v : v
        scale = sc
    }
}

/// A linear map between two time axes: `y = scale × x + shift`.
struct FCPXMLAffine {
    var scale: FCPXMLTime
    var shift: FCPXMLTime

    static let identity = FCPXMLAffine(scale: FCPXMLTime(1), shift: .zero)

    func callAsFunction(_ x: FCPXMLTime) -> FCPXMLTime { scale * x + shift }

    func inverse(_ y: FCPXMLTime) -> FCPXMLTime { (y - shift) / scale }

    /// self ∘ inner: first `inner`, then `self`.
    func after(_ inner: FCPXMLAffine) -> FCPXMLAffine {
        FCPXMLAffine(scale: scale * inner.scale, shift: scale * inner.shift + shift)
    }
}
