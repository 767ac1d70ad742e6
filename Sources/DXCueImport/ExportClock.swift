import DXTimecode

/// Turns the times of a Pro Tools export into frames at the session's timecode rate.
///
/// Pro Tools writes clip times in the session's main time scale: timecode (absolute,
/// `:` or `;`, optionally `.subframes`), or — relative to the session start — feet+frames
/// (`459+14`, 16 frames a foot of 4-perf 35 mm at 24 fps, pulled down with the timecode
/// rate), min:secs (`5:11`, `5:11.511`) or samples. Bars|beats need the tempo map, which
/// the export does not carry, so they cannot be placed. Subframes (hundredths of a frame)
/// are dropped, as ptulsconv does; min:secs and feet+frames round to the nearest frame,
/// samples to the frame that holds the sample.
public struct ExportClock: Sendable {
    public var rate: FrameRate
    public var sampleRate: Int
    /// Absolute frame of the session start.
    public var start: Int64

    public init(rate: FrameRate, sampleRate: Int, start: Int64) {
        self.rate = rate
        self.sampleRate = sampleRate
        self.start = start
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
        let st = session.headerValue("SESSION START TIMECODE") ?? "00:00:00:00"
        start = try absoluteTimecode(st)
    }

    /// Frames (absolute) for a clip or marker time as printed in the export.
    public func frames(_ text: String) throws -> Int64 {
        let t = text.trimmedSpaces
        guard !t.isEmpty else { throw ExportClockError("empty time") }
        if t.contains("|") {
            throw ExportClockError("'\(t)' is in bars|beats, which needs the session's tempo map; export with timecode, min:secs or samples")
        }
        if t.contains("+") { return start + (try feetFrames(t)) }
        let colons = t.unicodeScalars.filter { $0 == ":" || $0 == ";" }.count
        if colons == 3 { return try absoluteTimecode(t) }
        if colons == 1 || colons == 2 { return start + (try minSecs(t)) }
        if t.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }), let samples = Int64(t) {
            return start + samplesToFrames(samples)
        }
        throw ExportClockError("'\(t)' is not a time Pro Tools writes (timecode, feet+frames, min:secs or samples)")
    }

    /// The frame holding a sample counted from the session start.
    public func samplesToFrames(_ samples: Int64) -> Int64 {
        Timecode(samplePosition: samples, sampleRate: sampleRate, rate: rate).frames
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
        guard parts.count == 2, let feet = Int64(parts[0].trimmedSpaces) else {
            throw ExportClockError("'\(t)': expected feet+frames such as 459+14")
        }
        let (whole, hundredths) = try decimal(String(parts[1]), places: 2, what: t)
        guard whole < 16 else { throw ExportClockError("'\(t)': a foot has 16 frames (00–15)") }
        // Film frames at 24 fps, pulled down as the timecode rate is (23.976 under 29.97).
        let filmFrames100 = (feet * 16 + whole) * 100 + hundredths
        let filmNum = Int64(24 * 1000), filmDen = Int64(rate.denominator == 1001 ? 1001 : 1000)
        // frames = filmFrames / (filmNum/filmDen) * (rate.num/rate.den), rounded to nearest.
        let num = filmFrames100 * filmDen * Int64(rate.numerator)
        let den = 100 * filmNum * Int64(rate.denominator)
        return roundedDiv(num, den)
    }

    /// `M:SS[.mmm]` or `H:MM:SS[.mmm]` → frames since the session start (nearest).
    func minSecs(_ t: String) throws -> Int64 {
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        var seconds: Int64 = 0
        for p in parts.dropLast() {
            guard let v = Int64(p.trimmedSpaces) else { throw ExportClockError("'\(t)': expected min:secs such as 5:11.511") }
            seconds = seconds * 60 + v
        }
        let (secs, millis) = try decimal(String(parts.last!), places: 3, what: t)
        let totalMillis = (seconds * 60 + secs) * 1000 + millis
        return roundedDiv(totalMillis * Int64(rate.numerator), 1000 * Int64(rate.denominator))
    }

    /// "12.345" → (12, 345) with `places` fraction digits (padded or cut).
    func decimal(_ s: String, places: Int, what: String) throws -> (Int64, Int64) {
        let parts = s.trimmedSpaces.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { throw ExportClockError("'\(what)': not a number") }
        var frac: Int64 = 0
        if parts.count == 2 {
            var digits = String(parts[1].prefix(places))
            guard digits.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { throw ExportClockError("'\(what)': not a number") }
            while digits.count < places { digits += "0" }
            frac = Int64(digits) ?? 0
        }
        return (whole, frac)
    }

    func roundedDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b, r = a % b
        return 2 * r >= b ? q + 1 : q
    }
}

public struct ExportClockError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ d: String) { description = d }
}
