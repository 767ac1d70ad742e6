import DXEditModel
import DXTimecode

/// An error a tool can report as it is: the sysexits status of its cause and one message
/// that names the file (and line, where there is one) first.
///
/// Libraries report facts; each error type says here, once, what status its cases get,
/// so every tool that meets it exits alike (a bad timecode is 65 from any tool). Library
/// types conform in the CLI module that links them (DXCLI for the edit model, DXAudioCLI
/// for audio, a tool for its own library), never in the library.
public protocol ReportableError: Error {
    /// The sysexits status for this error.
    var exitStatus: ExitStatus { get }
    /// The message shown after the tool's name, e.g. `cut.edl:12: bad timecode`.
    var reportMessage: String { get }
}

extension ReportableError where Self: CustomStringConvertible {
    /// The library's own description, which names the file first.
    public var reportMessage: String { description }
}

extension ToolError: ReportableError {
    public var exitStatus: ExitStatus { status }
    public var reportMessage: String { message }
}

extension ConformListError: ReportableError {
    public var reportMessage: String { diagnostic.descriptionWithAdvice }

    public var exitStatus: ExitStatus {
        switch kind {
        case .badData: return .dataError
        case .noInput: return .noInput
        case .io: return .ioError
        case .unavailable: return .unavailable
        }
    }
}

extension Diagnostic: ReportableError {
    public var exitStatus: ExitStatus { .dataError }
    public var reportMessage: String { descriptionWithAdvice }
}

/// A timecode or rate in the data. One typed on the command line never gets here: the
/// option types refuse it (64), and a tool that parses one itself adds the flag to it.
extension TimecodeError: ReportableError {
    public var exitStatus: ExitStatus { .dataError }
}
