import DXAlign
import DXAudio
import DXCLI
import DXSignal

/// Library errors → messages naming the file and sysexits statuses.
enum ToolFailure {
    static func map(_ error: Error) -> ToolError {
        switch error {
        case let e as ToolError: return e
        case let e as AudioError:
            switch e.kind {
            case .notFound: return ToolError(.noInput, e.description)
            case .notAudio, .truncated, .unsupported: return ToolError(.dataError, e.description)
            case .cannotCreate: return ToolError(.cannotCreate, e.description)
            case .io: return ToolError(.ioError, e.description)
            }
        case let e as AlignError: return ToolError(.dataError, e.description)
        case let e as ManifestError: return ToolError(.dataError, e.description)
        case let e as SignalError: return ToolError(.software, "signal processing failed: \(e)")
        default: return ToolError(.software, "internal error: \(error)")
        }
    }
}
