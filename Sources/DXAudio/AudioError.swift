/// Why an audio file could not be read or written. The message names the file and
/// says what was expected, so it can be shown to a user as is.
public struct AudioError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The file does not exist (or cannot be opened for reading).
        case notFound
        /// The file is not audio dxkit can read: empty, a directory, text, a corrupt header.
        case notAudio
        /// The header promises more audio than the file holds.
        case truncated
        /// Audio, but an encoding or format dxkit does not handle (μ-law, ADPCM, 8-bit output …).
        case unsupported
        /// The output (or its temporary file) cannot be created.
        case cannotCreate
        /// A read or write failed part-way (disk full, I/O error).
        case io
    }

    public var kind: Kind
    public var path: String
    public var message: String

    public init(_ kind: Kind, path: String, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}

extension AudioError.Kind {
    /// The sysexits(3) status a tool exits with for this error (as DXCLI's
    /// ExitStatus): 66 no input, 65 data error, 73 cannot create, 74 I/O error.
    public var sysexitsCode: Int32 {
        switch self {
        case .notFound: 66
        case .notAudio, .truncated, .unsupported: 65
        case .cannotCreate: 73
        case .io: 74
        }
    }
}
