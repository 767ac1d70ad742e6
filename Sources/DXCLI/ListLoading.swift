import DXEditModel

/// Turns library errors into tool errors with the right exit status.
public enum ErrorMapping {
    public static func toolError(_ error: Error) -> ToolError {
        switch error {
        case let e as ToolError:
            return e
        case let e as ConformListError:
            switch e.kind {
            case .badData: return ToolError(.dataError, e.diagnostic.description)
            case .noInput: return ToolError(.noInput, e.diagnostic.description)
            case .io: return ToolError(.ioError, e.diagnostic.description)
            case .unavailable: return ToolError(.unavailable, e.diagnostic.description)
            }
        case let d as Diagnostic:
            return ToolError(.dataError, d.description)
        default:
            return ToolError(.software, "internal error: \(error)")
        }
    }
}
