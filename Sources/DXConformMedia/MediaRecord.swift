import DXTimecode

/// What the media index knows about one production-audio file: enough to match list
/// events to it and to render from it without opening every file again.
public struct MediaRecord: Sendable, Equatable {
    /// The row id in the index (nil before it is stored).
    public var id: Int64?
    /// Absolute path.
    public var path: String
    public var size: Int64
    /// Modification time, nanoseconds since the epoch (with `size`, what makes a rescan skip the file).
    public var modified: Int64
    public var sampleRate: Int
    public var channels: Int
    /// Length in sample frames.
    public var frames: Int64
    /// "pcm16", "pcm24", "float32"…
    public var sampleFormat: String
    /// bext TimeReference: the first sample's time of day, in samples since midnight
    /// (nil when the file has no bext chunk).
    public var timeReference: Int64?
    public var project: String?
    public var scene: String?
    public var take: String?
    public var tape: String?
    public var circled: Bool?
    public var note: String?
    /// iXML track names by interleave index (channel 1 first); "" where unnamed.
    public var trackNames: [String]
    /// Hash of the audio samples (not the header), so a moved or re-tagged file is the same media.
    public var fingerprint: String

    public init(id: Int64? = nil, path: String, size: Int64, modified: Int64, sampleRate: Int, channels: Int,
                frames: Int64, sampleFormat: String, timeReference: Int64?, project: String? = nil,
                scene: String? = nil, take: String? = nil, tape: String? = nil, circled: Bool? = nil,
                note: String? = nil, trackNames: [String] = [], fingerprint: String) {
        self.id = id
        self.path = path
        self.size = size
        self.modified = modified
        self.sampleRate = sampleRate
        self.channels = channels
        self.frames = frames
        self.sampleFormat = sampleFormat
        self.timeReference = timeReference
        self.project = project
        self.scene = scene
        self.take = take
        self.tape = tape
        self.circled = circled
        self.note = note
        self.trackNames = trackNames
        self.fingerprint = fingerprint
    }

    /// "A012_T03.WAV".
    public var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }

    /// The folders holding the file, innermost first ("/d/DAY3/A012/T1.WAV" → A012, DAY3, d).
    public var folderNames: [String] {
        path.split(separator: "/").dropLast().reversed().map(String.init)
    }

    /// The file name without its extension.
    public var stem: String {
        let n = fileName
        guard let dot = n.lastIndex(of: "."), dot != n.startIndex else { return n }
        return String(n[..<dot])
    }

    /// The largest TimeReference (and length) taken as real: 2^40 samples, 265 days at
    /// 48 kHz, where a day is at most 2^34. A bext field read from a damaged header (up to
    /// 2^64 - 1, stored clamped to Int64.max) beyond it would overflow the sample
    /// arithmetic of matching and reports; such a file has no usable time of day.
    public static let maxTimeReference: Int64 = 1 << 40

    /// The TimeReference when it is one a recorder can write (see ``maxTimeReference``).
    var usableTimeReference: Int64? {
        guard let t = timeReference, (0...Self.maxTimeReference).contains(t),
              (0...Self.maxTimeReference).contains(frames) else { return nil }
        return t
    }

    /// The samples of the day the file covers (time-of-day samples), when it has a
    /// usable TimeReference.
    public var timeOfDay: Range<Int64>? {
        usableTimeReference.map { $0..<($0 + frames) }
    }

    /// "12A/3", "12A", "" — the scene and take as a person writes them.
    public var sceneTake: String {
        switch (scene, take) {
        case let (s?, t?): return "\(s)/\(t)"
        case let (s?, nil): return s
        case let (nil, t?): return "take \(t)"
        default: return ""
        }
    }

    /// The file's start as timecode at `rate` (for reports).
    public func startTimecode(_ rate: FrameRate) -> Timecode? {
        guard sampleRate > 0 else { return nil }
        return usableTimeReference.map { Timecode(samplePosition: $0, sampleRate: sampleRate, rate: rate) }
    }
}
