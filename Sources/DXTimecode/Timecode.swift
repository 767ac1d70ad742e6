/// A point in time as a whole number of frames at an exact rate.
///
/// `frames` counts real frames since 00:00:00:00 (in drop-frame, labels skip numbers
/// but frames do not), so arithmetic is plain integer arithmetic and conversion to
/// samples is exact. The SMPTE label is derived, never stored.
public struct Timecode: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Frames since 00:00:00:00; may be negative (before midnight) or beyond 24 h.
    public var frames: Int64
    public var rate: FrameRate

    public init(frames: Int64, rate: FrameRate) {
        self.frames = frames
        self.rate = rate
    }

    /// Frames in 24 hours at this rate and counting mode.
    public static func framesPerDay(_ rate: FrameRate) -> Int64 {
        Int64(24) * framesPerHour(rate)
    }

    static func framesPerHour(_ rate: FrameRate) -> Int64 {
        let n = Int64(rate.nominalFPS)
        let d = Int64(rate.dropFramesPerMinute)
        return n * 3600 - d * 54  // 54 = minutes per hour that drop (60 - 6)
    }

    // MARK: labels

    /// Builds a timecode from label fields, rejecting values the counting mode cannot produce.
    public init(hours: Int, minutes: Int, seconds: Int, frames f: Int, rate: FrameRate) throws {
        var label: String {
            "\(pad2(hours)):\(pad2(minutes)):\(pad2(seconds))\(rate.isDropFrame ? ";" : ":")\(pad2(f))"
        }
        guard (0...23).contains(hours) else {
            throw TimecodeError.fieldOutOfRange(label, field: "hours", value: hours, limit: 24)
        }
        guard (0...59).contains(minutes) else {
            throw TimecodeError.fieldOutOfRange(label, field: "minutes", value: minutes, limit: 60)
        }
        guard (0...59).contains(seconds) else {
            throw TimecodeError.fieldOutOfRange(label, field: "seconds", value: seconds, limit: 60)
        }
        let n = rate.nominalFPS
        guard f >= 0, f < n else {
            throw TimecodeError.frameOutOfRange(label, frame: f, rate: rate)
        }
        let drop = rate.dropFramesPerMinute
        if drop > 0, seconds == 0, minutes % 10 != 0, f < drop {
            throw TimecodeError.droppedFrameLabel(label, rate: rate)
        }
        let totalMinutes = Int64(hours * 60 + minutes)
        let nominal = (Int64(hours) * 3600 + Int64(minutes) * 60 + Int64(seconds)) * Int64(n) + Int64(f)
        self.frames = nominal - Int64(drop) * (totalMinutes - totalMinutes / 10)
        self.rate = rate
    }

    /// Parses "HH:MM:SS:FF" with `:`, `;`, `.` or `,` separators at the given rate.
    /// The separator does not change the counting mode: the rate decides (use
    /// ``SMPTELabel`` to see whether the text itself suggested drop frame).
    public init(parsing text: String, rate: FrameRate) throws {
        let label = try SMPTELabel(parsing: text)
        do {
            try self.init(hours: label.hours, minutes: label.minutes, seconds: label.seconds,
                          frames: label.frames, rate: rate)
        } catch let e as TimecodeError {
            throw e.relabelled(text)
        }
        if label.isNegative { frames = -frames }
    }

    /// Label fields of this timecode (of its absolute value when negative).
    public var components: (hours: Int, minutes: Int, seconds: Int, frames: Int) {
        let n = Int64(rate.nominalFPS)
        var f = abs(frames)
        let drop = Int64(rate.dropFramesPerMinute)
        if drop > 0 {
            let per10 = n * 600 - drop * 9
            let perMinute = n * 60 - drop
            let tens = f / per10
            let rem = f % per10
            f += 9 * drop * tens
            if rem > drop { f += drop * ((rem - drop) / perMinute) }
        }
        let ff = Int(f % n)
        let totalSeconds = f / n
        return (Int(totalSeconds / 3600), Int(totalSeconds / 60 % 60), Int(totalSeconds % 60), ff)
    }

    /// The SMPTE label: "01:00:00:00", or "01:00:00;00" in drop frame.
    public var description: String { label(separator: rate.isDropFrame ? ";" : ":") }

    /// The label with a chosen final separator (EDLs from some systems use "." or ",").
    public func label(separator: Character) -> String {
        let c = components
        let sign = frames < 0 ? "-" : ""
        return "\(sign)\(pad2(c.hours)):\(pad2(c.minutes)):\(pad2(c.seconds))\(separator)\(pad2(c.frames))"
    }

    /// The same instant wrapped into 00:00:00:00 ..< 24:00:00:00.
    public var wrappedToDay: Timecode {
        let day = Timecode.framesPerDay(rate)
        return Timecode(frames: ((frames % day) + day) % day, rate: rate)
    }

    // MARK: arithmetic

    public static func + (lhs: Timecode, rhs: Int64) -> Timecode {
        Timecode(frames: lhs.frames + rhs, rate: lhs.rate)
    }

    public static func - (lhs: Timecode, rhs: Int64) -> Timecode {
        Timecode(frames: lhs.frames - rhs, rate: lhs.rate)
    }

    /// Frames between two timecodes of the same rate.
    public static func - (lhs: Timecode, rhs: Timecode) -> Int64 {
        precondition(lhs.rate.numerator == rhs.rate.numerator && lhs.rate.denominator == rhs.rate.denominator,
                     "timecode difference across rates \(lhs.rate) and \(rhs.rate)")
        return lhs.frames - rhs.frames
    }

    public static func < (lhs: Timecode, rhs: Timecode) -> Bool {
        // Compare real time exactly: a/b < c/d  <=>  a*d < c*b (positive denominators).
        let l = lhs.frames * Int64(lhs.rate.denominator) * Int64(rhs.rate.numerator)
        let r = rhs.frames * Int64(rhs.rate.denominator) * Int64(lhs.rate.numerator)
        return l < r
    }
}

func pad2(_ v: Int) -> String { v < 10 && v >= 0 ? "0\(v)" : String(v) }
