/// Why a rate or timecode was refused. Each message names the text and what was expected.
public enum TimecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The rate text or value is not a frame rate.
    case invalidRate(String, reason: String)
    /// The text is not shaped like a timecode label.
    case malformed(String, expected: String)
    /// Hours, minutes or seconds outside their range.
    case fieldOutOfRange(String, field: String, value: Int, limit: Int)
    /// The frame field is not below the rate's nominal frames per second.
    case frameOutOfRange(String, frame: Int, rate: FrameRate)
    /// A label that drop-frame counting skips (e.g. 00:01:00;00 at 29.97 DF).
    case droppedFrameLabel(String, rate: FrameRate)

    public var description: String {
        switch self {
        case let .invalidRate(text, reason):
            return "invalid frame rate '\(text)': \(reason)"
        case let .malformed(text, expected):
            return "invalid timecode '\(text)': expected \(expected)"
        case let .fieldOutOfRange(text, field, value, limit):
            return "invalid timecode '\(text)': \(field) \(value) is out of range (0–\(limit - 1))"
        case let .frameOutOfRange(text, frame, rate):
            return "invalid timecode '\(text)': frame \(frame) does not exist at \(rate) fps (frames are 00–\(pad2(rate.nominalFPS - 1)))"
        case let .droppedFrameLabel(text, rate):
            return "invalid timecode '\(text)': frames 00–\(pad2(rate.dropFramesPerMinute - 1)) are dropped at the start of every minute not divisible by 10 in \(rate)"
        }
    }

    func relabelled(_ text: String) -> TimecodeError {
        switch self {
        case let .fieldOutOfRange(_, field, value, limit): return .fieldOutOfRange(text, field: field, value: value, limit: limit)
        case let .frameOutOfRange(_, frame, rate): return .frameOutOfRange(text, frame: frame, rate: rate)
        case let .droppedFrameLabel(_, rate): return .droppedFrameLabel(text, rate: rate)
        default: return self
        }
    }
}
