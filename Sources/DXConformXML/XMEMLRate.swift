import DXTimecode
import DXXML

/// xmeml rates and timecodes. A rate is `<rate><timebase>30</timebase><ntsc>TRUE</ntsc>`
/// (30000/1001); an element without one inherits its nearest ancestor's.
enum XMEMLRate {
    /// The rate a `<rate>` element states; nil when it states none (timebase 0 or missing).
    static func parse(_ rate: XMLElement?) -> FrameRate? {
        guard let rate, let tbText = rate.text("timebase") else { return nil }
        var inexact = false
        guard let timebase = XMLNumber.frames(tbText, inexact: &inexact), timebase > 0, timebase < 10_000 else { return nil }
        let ntsc = XMLNumber.bool(rate.text("ntsc")) ?? false
        return try? FrameRate(numerator: Int(timebase) * (ntsc ? 1000 : 1), denominator: ntsc ? 1001 : 1)
    }

    /// The rate in effect for an element: its own `<rate>`, else the nearest ancestor's.
    static func inherited(_ element: XMLElement) -> FrameRate? {
        var e: XMLElement? = element
        while let x = e {
            if let r = parse(x.child("rate")) { return r }
            e = x.parent
        }
        return nil
    }

    /// A timecode's frame count at another rate. Timecode counts labels, so between rates
    /// of one nominal speed (24 and 23.976, 30 and 29.97) the count carries over as is
    /// (a 23.976 file's timecode "at 24" reads 00:00:41:00 either way); between others it
    /// goes through real time, rounding down.
    static func timecodeFrames(_ frames: Int64, from: FrameRate, to: FrameRate) -> (frames: Int64, exact: Bool) {
        if from.nominalFPS == to.nominalFPS { return (frames, true) }
        return convert(frames, from: from, to: to)
    }

    /// Converts a frame count between rates through real time, rounding down.
    static func convert(_ frames: Int64, from: FrameRate, to: FrameRate) -> (frames: Int64, exact: Bool) {
        if from.numerator == to.numerator, from.denominator == to.denominator { return (frames, true) }
        let num = Int128(frames) * Int128(from.denominator) * Int128(to.numerator)
        let den = Int128(from.numerator) * Int128(to.denominator)
        var q = num / den
        if num % den != 0, num < 0 { q -= 1 }
        return (Int64(clamping: q), num % den == 0)
    }
}

/// A `<timecode>` element: where a file or sequence starts, and how it counts.
struct XMEMLTimecode {
    /// Frames since 00:00:00:00 at `rate`.
    var frames: Int64
    /// The timecode's rate, drop frame when `<displayformat>DF`.
    var rate: FrameRate
    var reel: String?

    /// Reads a timecode; `fallback` is the rate in effect where it has no `<rate>` of its own.
    init?(_ tc: XMLElement?, fallback: FrameRate?) {
        guard let tc else { return nil }
        guard let base = XMEMLRate.parse(tc.child("rate")) ?? fallback else { return nil }
        let df = tc.text("displayformat")?.uppercased() == "DF"
        let rate = base.supportsDropFrame ? base.withDropFrame(df) : base
        var inexact = false
        if let f = XMLNumber.frames(tc.text("frame"), inexact: &inexact) {
            frames = f
        } else if let s = tc.text("string"), let t = try? Timecode(parsing: s, rate: rate) {
            frames = t.frames
        } else {
            return nil
        }
        self.rate = rate
        reel = tc.text("reel", "name")
    }
}
