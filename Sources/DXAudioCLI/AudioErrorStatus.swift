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
}
