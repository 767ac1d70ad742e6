/// An exact rational number for AAF's edit rates and positions (edit units of one rate
/// converted into another: frames × 48000 × 1001 / 30000). Kept reduced; arithmetic is
/// checked, and a result too large to hold is nil rather than a trap, since the operands
/// come from untrusted files.
public struct Ratio: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let num: Int64
    /// Always > 0.
    public let den: Int64

    public init?(_ num: Int64, _ den: Int64) {
        guard den != 0, num != .min, den != .min else { return nil }
        let g = Ratio.gcd(num.magnitude, den.magnitude)
        let sign: Int64 = den < 0 ? -1 : 1
        self.num = sign * num / Int64(g)
        self.den = sign * den / Int64(g)
    }

    public init(_ n: Int64) {
        num = n
        den = 1
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }

    public static let zero = Ratio(0)

    public var isWhole: Bool { den == 1 }
    public var isPositive: Bool { num > 0 }

    /// floor(self). Truncating division, one down for a negative remainder: the
    /// textbook `-((-num + den - 1) / den)` overflows for num near Int64.min.
    public var floor: Int64 {
        let q = num / den
        return num % den < 0 ? q - 1 : q
    }

    public var doubleValue: Double { Double(num) / Double(den) }

    /// "25", "30000/1001".
    public var description: String { den == 1 ? "\(num)" : "\(num)/\(den)" }

    private static func make(_ n: (Int64, Bool), _ d: (Int64, Bool)) -> Ratio? {
        if n.1 || d.1 { return nil }
        return Ratio(n.0, d.0)
    }

    public static func * (a: Ratio, b: Ratio) -> Ratio? {
        // Cross-reduce first so that exact results that fit are not lost to overflow.
        let g1 = Int64(gcd(a.num.magnitude, b.den.magnitude)), g2 = Int64(gcd(b.num.magnitude, a.den.magnitude))
        return make((a.num / g1).multipliedReportingOverflow(by: b.num / g2),
                    (a.den / g2).multipliedReportingOverflow(by: b.den / g1))
    }

    public static func / (a: Ratio, b: Ratio) -> Ratio? {
        guard b.num != 0, let inv = Ratio(b.den, b.num) else { return nil }
        return a * inv
    }

    public static func + (a: Ratio, b: Ratio) -> Ratio? {
        let g = Int64(gcd(a.den.magnitude, b.den.magnitude))
        let (l, o1) = a.num.multipliedReportingOverflow(by: b.den / g)
        let (r, o2) = b.num.multipliedReportingOverflow(by: a.den / g)
        let (s, o3) = l.addingReportingOverflow(r)
        let (d, o4) = (a.den / g).multipliedReportingOverflow(by: b.den)
        if o1 || o2 || o3 || o4 { return nil }
        return Ratio(s, d)
    }

    public static func - (a: Ratio, b: Ratio) -> Ratio? {
        guard b.num != .min else { return nil }
        return a + Ratio(-b.num, b.den)!
    }

    public static func < (a: Ratio, b: Ratio) -> Bool {
        let l = a.num.multipliedFullWidth(by: b.den), r = b.num.multipliedFullWidth(by: a.den)
        return (l.high, l.low) < (r.high, r.low)
    }
}
