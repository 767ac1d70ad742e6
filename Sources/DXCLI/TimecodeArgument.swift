import ArgumentParser
import DXTimecode

/// A timecode typed on the command line (`--in 01:00:10:00`). Its shape (four fields,
/// `:` `;` `.` `,` separators) is checked by ArgumentParser, so a malformed one is refused
/// (64) before the command runs. Its frames need a rate the command learns later (a
/// project's, or --fps): `timecode(at:option:)` refuses a frame that rate does not have,
/// also as usage (64), naming the option.
public struct TimecodeArgument: ExpressibleByArgument, Sendable {
    /// As typed, for messages.
    public let text: String
    public let label: SMPTELabel

    public init?(argument: String) {
        guard let label = try? SMPTELabel(parsing: argument) else { return nil }
        text = argument
        self.label = label
    }

    /// The timecode at `rate`; `option` names the flag in the message when it does not fit.
    public func timecode(at rate: FrameRate, option: String) throws -> Timecode {
        do { return try Timecode(parsing: text, rate: rate) } catch { throw ToolError(.usage, "\(option) \(text): \(error)") }
    }
}
