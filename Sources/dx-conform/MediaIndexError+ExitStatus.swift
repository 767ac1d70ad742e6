import DXCLI
import DXMediaIndex

/// How the index's errors reach the exit status.
extension MediaIndexError: ReportableError {
    /// The sysexits status of an index error's cause: busy 75 (try again), cannot open 66,
    /// not an index (foreign, damaged, newer schema) 65, I/O 74.
    public var exitStatus: ExitStatus {
        switch kind {
        case .busy: return .temporaryFailure
        case .notFound: return .noInput
        case .invalid: return .dataError
        case .io: return .ioError
        }
    }
}
