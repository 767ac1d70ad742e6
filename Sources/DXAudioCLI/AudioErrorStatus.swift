import DXAudio
import DXCLI

/// The one mapping from audio-file errors to sysexits statuses, shared by every tool that
/// reads or writes audio (so a truncated WAV exits 65 from dx-conform, dx-align and
/// dx-denoise alike).
extension ExitStatus {
    public init(_ kind: AudioError.Kind) {
        switch kind {
        case .notFound: self = .noInput
        case .notAudio, .truncated, .unsupported: self = .dataError
        case .cannotCreate: self = .cannotCreate
        case .io: self = .ioError
        }
    }
}

extension AudioError: ReportableError {
    public var exitStatus: ExitStatus { ExitStatus(kind) }
    /// The error's own message with its file (`description`, not the bare `message`).
    public var reportMessage: String { description }
}

extension ToolError {
    /// The error's own message (it names the file) with its kind's status.
    public init(_ error: AudioError) {
        self.init(ExitStatus(error.kind), error.description)
    }
}
