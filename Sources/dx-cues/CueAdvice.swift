import DXCLI
import DXCueImport
import DXCueStore

// The cue libraries state facts; dx-cues adds what to type about them.

extension CueStoreError {
    /// The fact, then the dx-cues command that mends it.
    public var reportMessage: String {
        switch kind {
        case .noProject:
            return description + ": run 'dx-cues --db \(subject ?? "FILE") init' or import an export first"
        case .noSession:
            return description + ": add it with 'dx-cues session add \(subject ?? "NAME")'"
        case .busy, .notFound, .invalid, .conflict, .io:
            return description
        }
    }
}

extension CueImportError {
    /// The fact, with the column mapping named as the option that gives it (`--map`).
    public var reportMessage: String {
        switch subject {
        case let .columnMapping(entry, reason): return "--map '\(entry)': \(reason)"
        case .noInColumn: return description + "; give one with --map in=COLUMN"
        case .data: return description
        }
    }
}
