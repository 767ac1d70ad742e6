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
    /// Signals or options that cannot give a map are bad data (65).
    public var exitStatus: ExitStatus { .dataError }
    public var reportMessage: String { "cannot make a warp map: \(self)" }
}
