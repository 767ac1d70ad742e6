import DXAudioCLI
import DXCLI
import DXDenoise

/// The denoiser's errors as dx-denoise reports them (through DXCLI's ErrorReporting):
/// an audio failure by the audio mapping, a bad --learn region as usage (64), a bad
/// profile or audio it cannot process as data (65), missing learned-model weights as
/// unavailable (69).
extension DenoiseError: ReportableError {
    public var exitStatus: ExitStatus {
        switch kind {
        case .audio: return audio.map { ExitStatus($0.kind) } ?? .dataError
        case .badRegion: return .usage
        case .badProfile, .unsupported: return .dataError
        case .unavailable: return .unavailable
        }
    }
}
