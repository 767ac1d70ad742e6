import ArgumentParser
import DXAudio
import DXAudioCLI
import DXCLI
import DXDenoise
import DXTimecode

/// Exit status and message for every error dx-denoise can meet.
enum ErrorReport {
    static func status(_ error: Error) -> ExitStatus {
        switch error {
        case let e as ToolError: return e.status
        case let e as AudioError: return ExitStatus(e.kind)
        case let e as DenoiseError:
            switch e.kind {
            case .audio: return e.audio.map { ExitStatus($0.kind) } ?? .dataError
            case .badRegion: return .usage
            case .badProfile, .unsupported: return .dataError
            }
        case is TimecodeError: return .usage
        default: return .software
        }
    }

    static func message(_ error: Error) -> String {
        switch error {
        case let e as ToolError: return e.message
        case let e as AudioError: return e.description
        case let e as DenoiseError: return e.description
        default: return "\(error)"
        }
    }
}
