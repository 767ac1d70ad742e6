/// A picture frame rate as an exact rational, with the timecode counting mode.
///
/// Rates are never floats: 23.976 is 24000/1001 and 29.97 is 30000/1001, so frame,
/// sample and timecode conversions stay exact over any length. Drop-frame counting
/// is only possible for the 1001-denominator rates whose nominal rate is a multiple
/// of 30 (29.97 and 59.94).
public struct FrameRate: Hashable, Sendable, CustomStringConvertible {
    /// Frames per `denominator` seconds, e.g. 30000 for 29.97.
    public let numerator: Int
    /// Seconds denominator, e.g. 1001 for 29.97.
    public let denominator: Int
    /// Whether SMPTE labels skip frame numbers to track wall-clock time.
    public let isDropFrame: Bool

    /// Creates a rate; the fraction is reduced. Throws for a non-positive rate or
    /// drop-frame counting at a rate that has none.
    public init(numerator: Int, denominator: Int = 1, dropFrame: Bool = false) throws {
        guard numerator > 0, denominator > 0 else {
            throw TimecodeError.invalidRate("\(numerator)/\(denominator)", reason: "a frame rate must be positive")
        }
        let g = greatestCommonDivisor(numerator, denominator)
        let n = numerator / g, d = denominator / g
        // Timecode needs at least one frame per second; nothing shoots above 1000 fps.
        let nominal = FrameRate.rounded(n, d)
        guard nominal >= 1, nominal <= 1000 else {
            throw TimecodeError.invalidRate("\(n)/\(d)", reason: "a frame rate must be between 1 and 1000 frames per second")
        }
        // Drop-frame counting is a labelling rule that needs a nominal rate that is a
        // multiple of 30 (it skips 2, 4 or 8 labels a minute). AAF timecode tracks carry it
        // at 29.97, 59.94 and 119.88 (Avid writes 11988/100) and even at whole 30 or 60 fps.
        if dropFrame {
            guard nominal % 30 == 0 else {
                throw TimecodeError.invalidRate(
                    "\(n)/\(d)", reason: "drop-frame timecode needs a rate of 30, 60 or 120 frames per second (29.97, 59.94…)")
            }
        }
        self.numerator = n
        self.denominator = d
        self.isDropFrame = dropFrame
    }

    /// Trusted initialiser for the constant table below.
    private init(_ n: Int, _ d: Int, _ df: Bool) {
        numerator = n
        denominator = d
        isDropFrame = df
    }

    public static let fps23_976 = FrameRate(24000, 1001, false)
    public static let fps24 = FrameRate(24, 1, false)
    public static let fps25 = FrameRate(25, 1, false)
    public static let fps29_97 = FrameRate(30000, 1001, false)
    public static let fps29_97DF = FrameRate(30000, 1001, true)
    public static let fps30 = FrameRate(30, 1, false)
    public static let fps47_952 = FrameRate(48000, 1001, false)
    public static let fps48 = FrameRate(48, 1, false)
    public static let fps50 = FrameRate(50, 1, false)
    public static let fps59_94 = FrameRate(60000, 1001, false)
    public static let fps59_94DF = FrameRate(60000, 1001, true)
    public static let fps60 = FrameRate(60, 1, false)

    /// Every rate the toolkit names, in ascending order.
    public static let standard: [FrameRate] = [
        .fps23_976, .fps24, .fps25, .fps29_97, .fps29_97DF, .fps30,
        .fps47_952, .fps48, .fps50, .fps59_94, .fps59_94DF, .fps60,
    ]

    /// Frames per timecode second: the frame field counts 0 ..< nominalFPS.
    /// 24 for 23.976, 30 for 29.97, 25 for 25.
    public var nominalFPS: Int { FrameRate.rounded(numerator, denominator) }

    /// (n + d/2) / d for positive n, d, without the sum (it overflows for terms near
    /// Int.max, which a rate such as "9223372036854775807/9223372036854775806" has).
    static func rounded(_ n: Int, _ d: Int) -> Int { n / d + (n % d >= d - d / 2 ? 1 : 0) }

    /// Frame numbers skipped at the start of each minute (except every tenth) in drop-frame counting.
    public var dropFramesPerMinute: Int { isDropFrame ? nominalFPS / 15 : 0 }

    /// The same rate with another counting mode (ignored where drop frame is impossible).
    public func withDropFrame(_ df: Bool) -> FrameRate {
        if df == isDropFrame { return self }
        if df && !supportsDropFrame { return self }
        return FrameRate(numerator, denominator, df)
    }

    /// Whether drop-frame counting exists at this rate.
    public var supportsDropFrame: Bool { denominator == 1001 && numerator % 30000 == 0 }

    /// Frames per second as a display value (never used for arithmetic).
    public var framesPerSecond: Double { Double(numerator) / Double(denominator) }

    /// The conventional name: "23.976", "24", "29.97 DF", "59.94 NDF".
    public var description: String {
        let base: String
        if denominator == 1 {
            base = String(numerator)
        } else if denominator == 1001 {
            // 24000/1001 -> 23.976, 30000/1001 -> 29.97, 48000/1001 -> 47.952
            base = trimmedDecimal(Double(numerator) / 1001.0, maxFraction: 3)
        } else {
            base = "\(numerator)/\(denominator)"
        }
        if supportsDropFrame { return base + (isDropFrame ? " DF" : " NDF") }
        return base
    }

    /// A compact machine-friendly form: "24", "24000/1001", "30000/1001".
    public var rationalString: String {
        denominator == 1 ? String(numerator) : "\(numerator)/\(denominator)"
    }

    /// Parses the ways people write rates: "24", "23.976", "23.98", "24000/1001",
    /// "29.97", "29.97df", "29.97 DF", "2997NDF", "59.94d". Fractional decimal rates
    /// map to the 1001 rate whose nominal rate they are closest to.
    public init(parsing text: String) throws {
        var s = text.trimmingCharacters(in: " \t").lowercased()
        var df: Bool? = nil
        for (suffix, value) in [("ndf", false), ("df", true), ("d", true), ("n", false)] where s.hasSuffix(suffix) {
            s = String(s.dropLast(suffix.count)).trimmingCharacters(in: " \t-_")
            df = value
            break
        }
        if s.hasSuffix("fps") { s = String(s.dropLast(3)).trimmingCharacters(in: " \t") }
        guard !s.isEmpty else { throw TimecodeError.invalidRate(text, reason: "no number") }
        if let slash = s.firstIndex(of: "/") {
            guard let n = Int(s[..<slash]), let d = Int(s[s.index(after: slash)...]) else {
                throw TimecodeError.invalidRate(text, reason: "expected NUM/DEN")
            }
            try self.init(numerator: n, denominator: d, dropFrame: df ?? false)
            return
        }
        // Compact forms without a decimal point: 2398, 2997, 5994, 23976.
        let compact: [String: (Int, Int)] = [
            "2398": (24000, 1001), "23976": (24000, 1001), "2997": (30000, 1001),
            "4795": (48000, 1001), "47952": (48000, 1001), "5994": (60000, 1001),
        ]
        if let (n, d) = compact[s] {
            try self.init(numerator: n, denominator: d, dropFrame: df ?? false)
            return
        }
        if let whole = Int(s) {
            try self.init(numerator: whole, denominator: 1, dropFrame: df ?? false)
            return
        }
        // Decimal: exact integers stay integers; x.97/x.976/x.94 etc. become 1001 rates.
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let intPart = Int(parts[0]), intPart >= 0,
              !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIIDigitCharacter)
        else {
            throw TimecodeError.invalidRate(text, reason: "expected a rate such as 24, 23.976, 29.97df or 30000/1001")
        }
        if parts[1].allSatisfy({ $0 == "0" }) {
            try self.init(numerator: intPart, denominator: 1, dropFrame: df ?? false)
            return
        }
        // No rate reaches 1000 fps (and intPart + 1 must not overflow).
        guard intPart < 1000 else {
            throw TimecodeError.invalidRate(text, reason: "a frame rate must be between 1 and 1000 frames per second")
        }
        let nominal = intPart + 1
        // value must be within 0.1 % of nominal * 1000/1001 to be a pull-down rate.
        let value = Double(s) ?? 0
        let pulled = Double(nominal) * 1000.0 / 1001.0
        guard abs(value - pulled) < 0.006 * Double(nominal) / 24.0 + 0.005 else {
            throw TimecodeError.invalidRate(text, reason: "not a standard frame rate (did you mean \(trimmedDecimal(pulled, maxFraction: 3))?)")
        }
        try self.init(numerator: nominal * 1000, denominator: 1001, dropFrame: df ?? false)
    }
}

func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
    var x = abs(a), y = abs(b)
    while y != 0 { (x, y) = (y, x % y) }
    return max(x, 1)
}

public func trimmedDecimal(_ v: Double, maxFraction: Int) -> String {
    guard v.isFinite else { return "0" }
    if v < 0 { return "-" + trimmedDecimal(-v, maxFraction: maxFraction) }
    var scaled = (v * pow10(maxFraction)).rounded()
    var digits = maxFraction
    while digits > 0, scaled.truncatingRemainder(dividingBy: 10) == 0 {
        scaled /= 10
        digits -= 1
    }
    let unit = Int64(pow10(digits))
    let whole = Int64(scaled) / unit
    let frac = Int64(scaled) % unit
    if digits == 0 { return String(whole) }
    let f = String(frac)
    return "\(whole)." + String(repeating: "0", count: max(0, digits - f.count)) + f
}

private func pow10(_ n: Int) -> Double {
    var r = 1.0
    for _ in 0..<n { r *= 10 }
    return r
}

extension Character {
    var isASCIIDigitCharacter: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
