import DXCLI
import DXCueImport
import DXCueStore

// The cue libraries' errors as dx-cues reports them (through DXCLI's ErrorReporting).

extension CueStoreError: ReportableError {
    /// Busy is 75 (the same command may succeed when tried again), a failing disk 74, and
    /// anything else the database holds or lacks is data (65).
    public var exitStatus: ExitStatus {
        switch kind {
        case .busy: return .temporaryFailure
        case .io: return .ioError
        case .notFound, .invalid, .conflict, .noProject, .noSession: return .dataError
        }
    }
}

extension CueImportError: ReportableError { public var exitStatus: ExitStatus { .dataError } }
