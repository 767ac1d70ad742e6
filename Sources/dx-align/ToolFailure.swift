import DXAlign
import DXAudio
import DXAudioCLI
import DXCLI
import DXSignal

/// Library errors → messages naming the file and sysexits statuses.
enum ToolFailure {
    static func map(_ error: Error) -> ToolError {
        switch error {
        case let e as ToolError: return e
        case let e as AudioError: return ToolError(e)
        case let e as AlignError: return ToolError(.dataError, e.description)
        case let e as ManifestError: return ToolError(.dataError, e.description)
        case let e as SignalError:
            if case .unavailable(let why) = e { return ToolError(.unavailable, "cannot resample: \(why)") }
            return ToolError(.software, "signal processing failed: \(e)")
        default: return ToolError(.software, "internal error: \(error)")
        }
    }
}
