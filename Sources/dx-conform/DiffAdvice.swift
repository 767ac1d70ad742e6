import DXCLI
import DXConformDiff

/// Cuts that cannot be compared, as dx-conform reports them: the library's fact, then
/// what to do about it in this tool's terms.
extension DiffError: ReportableError {
    public var exitStatus: ExitStatus { .dataError }

    public var reportMessage: String {
        switch self {
        case .ratesDiffer: return description + "; give --fps or convert one list first"
        }
    }
}
