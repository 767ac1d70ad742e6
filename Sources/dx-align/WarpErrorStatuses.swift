import DXCLI
import DXStretch
import DXWarp

// The warp libraries' errors, as dx-align reports them (through DXCLI's ErrorReporting).

extension StretchError: ReportableError {
    /// Rubber Band that cannot be loaded is 69; a map that cannot be rendered is bad data (65).
    public var exitStatus: ExitStatus {
        switch self {
        case .unavailable: return .unavailable
        case .invalidMap: return .dataError
        case .stretcherFailed: return .software
        }
    }
}

extension WarpError: ReportableError {
    public var exitStatus: ExitStatus {
        if self == .estimatorUnavailable { return .software }
        return .dataError
    }
    public var reportMessage: String {
        if self == .estimatorUnavailable { return "no warp map estimator in this build" }
        return "cannot make a warp map: \(self)"
    }
}
