import DXEditModel
import DXTimecode

/// Turns the times of a Pro Tools export into frames at the session's timecode rate.
///
/// Pro Tools writes clip times in the session's main time scale: timecode (absolute,
/// `:` or `;`, optionally `.subframes`), or — relative to the session start — feet+frames
/// (`459+14`, 16 frames a foot of 4-perf 35 mm at 24 fps, pulled down with the timecode
/// rate), min:secs (`5:11`, `5:11.511`) or samples. Bars|beats need the tempo map, which
/// the export does not carry, so they cannot be placed. Subframes (hundredths of a frame)
/// are dropped, as ptulsconv does. Min:secs, feet+frames and samples are displays of a
/// position rounded down to their precision (a millisecond, a hundredth or whole film
/// frame, a sample); a clip spotted on a frame starts on a frame boundary, so when one
/// lies inside the displayed interval (a sample either side, for samples) that frame is
/// taken, else the frame holding the position.
///
/// The feet+frames film rate (24 or 23.976, a Pro Tools session setting) is not in the
/// export: it is calibrated on a marker whose sample position is known, else taken as
/// 23.976 under a 1001 timecode rate and 24 otherwise.
///
/// Every number in a time is text from the file, so the arithmetic on it is checked: a
/// time whose numbers overflow, or that lies more than ``maxHours`` from midnight, is an
/// ``ExportClockError`` with `isOutOfRange` set (a file no Pro Tools wrote), never a trap.
public struct ExportClock: Sendable {
    /// The furthest a time may lie from 00:00:00:00. Pro Tools sessions are at most a day
    /// long; this leaves room for any start and keeps every later product of frames and
    /// rate terms (sample positions, rate conversions) far inside Int64.
    public static let maxHours: Int64 = 1000

    public var rate: FrameRate
    public var sampleRate: Int
    /// Absolute frame of the session start.
    public var start: Int64
    /// Whether feet+frames count 23.976 (pulled-down) film frames rather than 24.
    public var filmPulledDown: Bool

    public init(rate: FrameRate, sampleRate: Int, start: Int64) {
        self.rate = rate
        self.sampleRate = sampleRate
        self.start = start
        filmPulledDown = rate.denominator == 1001
    }

    /// Reads rate, sample rate and start from the header.
    public init(session: SessionText) throws {
        let format = session.headerValue("TIMECODE FORMAT") ?? ""
        let df = format.lowercased().contains("drop") && !format.lowercased().contains("non")
        let number = format.split(separator: " ").first.map(String.init) ?? ""
        do {
            rate = try FrameRate(parsing: number).withDropFrame(df)
        } catch {
            throw ExportClockError("TIMECODE FORMAT '\(format)': expected a rate such as '25 Frame' or '29.97 Drop Frame'")
        }
        let sr = session.headerValue("SAMPLE RATE") ?? ""
        guard let srValue = Double(sr), srValue >= 1, srValue < 10_000_000, srValue == srValue.rounded() else {
            throw ExportClockError("SAMPLE RATE '\(sr)': expected a whole number of samples per second")
        }
        sampleRate = Int(srValue)
        start = 0
        filmPulledDown = rate.denominator == 1001
        let st = session.headerValue("SESSION START TIMECODE") ?? "00:00:00:00"
        start = try absoluteTimecode(st)
        // Calibrate the film rate on a marker shown in feet+frames with a sample position.
        for m in session.markers where m.location.contains("+") && m.units.lowercased() == "samples" {
            guard let ref = m.timeReference, ref > 0, let truth = try? samplesToFrames(ref) else { continue }
            var best: (Bool, Int64)?
            for pulled in [true, false] {
                var c = self
                c.filmPulledDown = pulled
                guard let f = try? c.feetFrames(m.location) else { continue }
                let err = abs(f - truth)
                if best == nil || err < best!.1 { best = (pulled, err) }
            }
            if let best { filmPulledDown = best.0 }
            break
        }
    }

    /// Frames (absolute) for a clip or marker time as printed in the export.
    public func frames(_ text: String) throws -> Int64 {
        let t = text.trimmedSpaces
        guard !t.isEmpty else { throw ExportClockError("empty time") }
        if t.contains("|") {
            throw ExportClockError("'\(t)' is in bars|beats, which needs the session's tempo map; export with timecode, min:secs or samples")
        }
        if t.contains("+") { return try fromStart(try feetFrames(t), t) }
        let colons = t.unicodeScalars.filter { $0 == ":" || $0 == ";" }.count
        if colons == 3 { return try absoluteTimecode(t) }
        if colons == 1 || colons == 2 { return try fromStart(try minSecs(t), t) }
        if !t.isEmpty, t.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }) {
            guard let samples = Int64(t) else { throw ExportClockError(outOfRange: t) }
            return try fromStart(try samplesToFrames(samples), t)
        }
        throw ExportClockError("'\(t)' is not a time Pro Tools writes (timecode, feet+frames, min:secs or samples)")
    }

    /// `frames` counted from the session start → absolute frames, within ``maxHours``.
    func fromStart(_ frames: Int64, _ text: String) throws -> Int64 {
        try inRange(try Checked.sum(start, frames, text), text)
    }

    /// `frames` itself when it lies within ``maxHours`` of midnight.
    func inRange(_ frames: Int64, _ text: String) throws -> Int64 {
        let limit = Self.maxHours * 3600 * Int64(rate.nominalFPS)
        guard frames.magnitude <= limit.magnitude else { throw ExportClockError(outOfRange: text) }
        return frames
    }

    /// Frames for a sample position counted from the session start: the frame starting
    /// within a sample of it (Pro Tools puts frame starts on whole samples), else the frame holding it.
    /// Throws (out of range) for a position beyond ``maxHours``.
    public func samplesToFrames(_ samples: Int64) throws -> Int64 {
        let text = String(samples)
        guard samples.magnitude <= UInt64(Self.maxHours * 3600) * UInt64(sampleRate) else {
            throw ExportClockError(outOfRange: text)
        }
        let num = Int64(rate.numerator), d = Int64(rate.denominator) * Int64(sampleRate)
        let snapped = floorDivide((samples + 1) * num, d)
        if snapped * d >= (samples - 1) * num { return snapped }
        return floorDivide(samples * num, d)
    }

    /// The frame for a position known to lie in [low, low + width) frames, both as
    /// fractions over `q`: a frame boundary inside the interval, else the frame holding `low`.
    func frame(low p: Int64, width w: Int64, over q: Int64) -> Int64 {
        let up = -floorDivide(-p, q)
        if up * q < p + w { return up }
        return floorDivide(p, q)
    }

    func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `HH:MM:SS:FF` or `HH:MM:SS;FF`, with or without `.subframes`.
    func absoluteTimecode(_ t: String) throws -> Int64 {
        var label = t
        // Subframes: a fifth field after the last '.' (the frame separator is ':' or ';').
        let separators = t.unicodeScalars.filter { $0 == ":" || $0 == ";" || $0 == "." }.count
        if separators == 4, let dot = t.lastIndex(of: ".") { label = String(t[..<dot]) }
        do {
            return try Timecode(parsing: label, rate: rate).frames
        } catch let e as TimecodeError {
            throw ExportClockError(e.description)
        }
    }

    /// `feet+frames[.subframes]` → frames of the timecode rate since the session start.
    func feetFrames(_ t: String) throws -> Int64 {
        let parts = t.split(separator: "+", omittingEmptySubsequences: false)
        guard parts.count == 2, let feet = try Checked.integer(parts[0].trimmedSpaces, t) else {
            throw ExportClockError("'\(t)': expected feet+frames such as 459+14")
        }
        let hasSubframes = parts[1].contains(".")
        let (whole, hundredths) = try decimal(String(parts[1]), places: 2, what: t)
        guard whole < 16 else { throw ExportClockError("'\(t)': a foot has 16 frames (00–15)") }
        // A foot is 16 film frames (2/3 s): maxHours × 3600 feet lies beyond any session already.
        guard feet.magnitude <= UInt64(Self.maxHours * 3600) else { throw ExportClockError(outOfRange: t) }
        // TC frames = film frames / film rate × TC rate; film rate 24 or 24000/1001.
        let filmFrames100 = (feet * 16 + whole) * 100 + hundredths
        let filmDen: Int64 = filmPulledDown ? 1001 : 1000
        let scale = filmDen * Int64(rate.numerator)
        let q = 100 * 24_000 * Int64(rate.denominator)
        return frame(low: try Checked.product(filmFrames100, scale, t), width: (hasSubframes ? 1 : 100) * scale, over: q)
    }

    /// `M:SS[.mmm]` or `H:MM:SS[.mmm]` → frames since the session start (nearest).
    func minSecs(_ t: String) throws -> Int64 {
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        var seconds: Int64 = 0
        for p in parts.dropLast() {
            guard let v = try Checked.integer(p.trimmedSpaces, t) else {
                throw ExportClockError("'\(t)': expected min:secs such as 5:11.511")
            }
            seconds = try Checked.sum(try Checked.product(seconds, 60, t), v, t)
        }
        let hasMillis = parts.last!.contains(".")
        let (secs, millis) = try decimal(String(parts.last!), places: 3, what: t)
        let totalSeconds = try Checked.sum(try Checked.product(seconds, 60, t), secs, t)
        guard totalSeconds.magnitude <= UInt64(Self.maxHours * 3600) else { throw ExportClockError(outOfRange: t) }
        let totalMillis = totalSeconds * 1000 + millis
        let num = Int64(rate.numerator), q = 1000 * Int64(rate.denominator)
        return frame(low: totalMillis * num, width: (hasMillis ? 1 : 1000) * num, over: q)
    }

    /// "12.345" → (12, 345) with `places` fraction digits (padded or cut).
    func decimal(_ s: String, places: Int, what: String) throws -> (Int64, Int64) {
        let parts = s.trimmedSpaces.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = try Checked.integer(parts[0], what) else {
            throw ExportClockError("'\(what)': not a number")
        }
        var frac: Int64 = 0
        if parts.count == 2 {
            var digits = String(parts[1].prefix(places))
            guard digits.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { throw ExportClockError("'\(what)': not a number") }
            while digits.count < places { digits += "0" }
            frac = Int64(digits) ?? 0
        }
        return (whole, frac)
    }

}

public struct ExportClockError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The time's numbers are too large for any session (or overflow 64 bits): the file
    /// is refused rather than the clip skipped, as no Pro Tools export holds such a time.
    public var isOutOfRange = false
    init(_ d: String) { description = d }
    init(outOfRange text: String) {
        description = "'\(text)': a number in this time is out of range (more than \(ExportClock.maxHours) hours)"
        isOutOfRange = true
    }
}

/// Int64 arithmetic on numbers read from an export: an overflow is an out-of-range time.
enum Checked {
    static func sum(_ a: Int64, _ b: Int64, _ text: String) throws -> Int64 {
        let (r, o) = a.addingReportingOverflow(b)
        if o { throw ExportClockError(outOfRange: text) }
        return r
    }

    static func product(_ a: Int64, _ b: Int64, _ text: String) throws -> Int64 {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        if o { throw ExportClockError(outOfRange: text) }
        return r
    }

    /// A duration in frames as a list states it: nil when the text is not a whole number;
    /// refused (a CueImportError naming the file and line) beyond ``ExportClock/maxHours``.
    static func duration<S: StringProtocol>(_ text: S, rate: FrameRate, place: SourcePlace) throws -> Int64? {
        let limit = ExportClock.maxHours * 3600 * Int64(rate.nominalFPS)
        do {
            guard let frames = try integer(text.trimmedSpaces, String(text)) else { return nil }
            guard frames.magnitude <= limit.magnitude else { throw ExportClockError(outOfRange: String(text)) }
            return frames
        } catch let e as ExportClockError {
            let d = Diagnostic(.error, "duration \(e.description)", file: place.file, line: place.line)
            throw CueImportError(d.description, diagnostics: [d])
        }
    }

    /// An optionally signed decimal integer: nil when it is not one, out of range when
    /// it is one too large for Int64 (`Int64(_:)` answers nil to both).
    static func integer<S: StringProtocol>(_ s: S, _ text: String) throws -> Int64? {
        if let v = Int64(s) { return v }
        let digits = s.utf8.drop { $0 == 0x2B || $0 == 0x2D }
        guard !digits.isEmpty, digits.count + 1 >= s.utf8.count, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        throw ExportClockError(outOfRange: text)
    }
}
