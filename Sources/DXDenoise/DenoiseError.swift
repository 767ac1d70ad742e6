import DXAudio

/// Why a file could not be denoised. The message names the file and what was expected.
public struct DenoiseError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// An audio file could not be read or written (see the wrapped `AudioError`).
        case audio
        /// A `--learn` region outside the file or empty.
        case badRegion
        /// A noise profile file that is malformed or does not fit the audio.
        case badProfile
        /// Audio dx-denoise cannot process (rate too low, …).
        case unsupported
        /// The learned model's weights could not be found or loaded (`--method learned`).
        case unavailable
    }

    public var kind: Kind
    public var message: String
    /// The underlying audio error, when `kind == .audio`.
    public var audio: AudioError?

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public init(_ error: AudioError) {
        kind = .audio
        message = error.description
        audio = error
    }

    public var description: String { message }
}
