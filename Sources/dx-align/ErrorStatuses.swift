import DXAlign
import DXAudioCLI
import DXCLI
import DXSignal

// The alignment library's errors, as every dx-align command reports them (through
// DXCLI's ErrorReporting, like every other error).

extension AlignError: ReportableError { public var exitStatus: ExitStatus { .dataError } }

extension ManifestError: ReportableError { public var exitStatus: ExitStatus { .dataError } }

extension SignalError: ReportableError {
    /// A resampler that cannot be loaded is 69; any other failure is a bug (70).
    public var exitStatus: ExitStatus {
        if case .unavailable = self { return .unavailable }
        return .software
    }
    public var reportMessage: String {
        if case .unavailable(let why) = self { return "cannot resample: \(why)" }
        return "signal processing failed: \(self)"
    }
}
