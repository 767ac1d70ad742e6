/// How samples are stored in a file.
///
/// `pcm8` is read-only: 8-bit audio is accepted as input (old field recorders, archive
/// transfers) but dxkit never writes it.
public enum SampleFormat: String, Sendable, CaseIterable {
    case pcm8, pcm16, pcm24, pcm32, float32, float64

    /// Bits per sample as stored.
    public var bitsPerSample: Int {
        switch self {
        case .pcm8: 8
        case .pcm16: 16
        case .pcm24: 24
        case .pcm32, .float32: 32
        case .float64: 64
        }
    }

    /// Whether samples are integers (so the ``AudioReader/readInt32(into:frames:)`` path is bit-exact).
    public var isPCM: Bool {
        switch self {
        case .pcm8, .pcm16, .pcm24, .pcm32: true
        case .float32, .float64: false
        }
    }
}

/// The file container.
///
/// Writing `.wav` produces RF64 only when the file outgrows the 4 GB RIFF limit;
/// smaller files are plain WAV (libsndfile's RF64 auto-downgrade). `.rf64` always
/// writes an RF64 header.
public enum AudioContainer: String, Sendable, CaseIterable {
    case wav, rf64, aiff, flac

    /// Whether the container carries `bext` and `iXML` chunks.
    public var carriesBroadcastChunks: Bool { self == .wav || self == .rf64 }
}

/// Rate, channel count, sample format and container of a file.
public struct AudioFormat: Sendable, Equatable, CustomStringConvertible {
    public var sampleRate: Int
    public var channels: Int
    public var sampleFormat: SampleFormat
    public var container: AudioContainer

    public init(sampleRate: Int, channels: Int, sampleFormat: SampleFormat, container: AudioContainer = .wav) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.sampleFormat = sampleFormat
        self.container = container
    }

    /// `48000 Hz, 2 ch, pcm24 wav`.
    public var description: String {
        "\(sampleRate) Hz, \(channels) ch, \(sampleFormat.rawValue) \(container.rawValue)"
    }
}

/// What a file carries besides samples.
public struct AudioMetadata: Sendable, Equatable {
    public var bext: BroadcastExtension?
    public var ixml: IXMLMetadata?

    public init(bext: BroadcastExtension? = nil, ixml: IXMLMetadata? = nil) {
        self.bext = bext
        self.ixml = ixml
    }

    /// No metadata at all.
    public static let none = AudioMetadata()
}
