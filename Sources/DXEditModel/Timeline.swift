import DXTimecode

/// One conform list read into the toolkit's model: what editorial cut, on which
/// tracks, from which sources. The same model serves EDL, xmeml and FCPXML.
///
/// Record times are frames at `rate`; each event's source times are frames at its
/// own `sourceRate`. Nothing is re-timed to make a list agree with itself: odd
/// values are kept as written and flagged (see ``EventFlag``).
public struct Timeline: Sendable, Equatable {
    public var title: String?
    /// The list's frame rate; `rate.isDropFrame` is the record timecode's counting mode.
    public var rate: FrameRate
    /// The sequence start (record timecode of the first frame) when the list states one.
    public var recordStart: Int64?
    /// Edits in list order. An edit on several channels (`AA/V`) is one event on several tracks.
    public var events: [Event]
    /// Timeline-level markers (sequence markers; EDL `* LOC` comments stay on their event).
    public var markers: [Marker]
    /// Comment lines that belong to the list rather than to an event (EDL header notes).
    public var comments: [String]
    public var source: ListSource

    public init(title: String? = nil, rate: FrameRate, recordStart: Int64? = nil, events: [Event] = [],
                markers: [Marker] = [], comments: [String] = [], source: ListSource = ListSource()) {
        self.comments = comments
        self.title = title
        self.rate = rate
        self.recordStart = recordStart
        self.events = events
        self.markers = markers
        self.source = source
    }

    /// The tracks in canonical order (V before A, then by number), each with its events
    /// ordered by record start. Audio events may overlap; they are kept as written.
    public var tracks: [Track] {
        var byID: [TrackID: [Event]] = [:]
        for event in events {
            for t in event.tracks { byID[t, default: []].append(event) }
        }
        return byID.keys.sorted().map { id in
            Track(id: id, events: byID[id]!.enumerated().sorted {
                ($0.element.record.start, $0.offset) < ($1.element.record.start, $1.offset)
            }.map(\.element))
        }
    }
}

/// Where a timeline came from, and what the reader had to say about it.
public struct ListSource: Sendable, Equatable {
    public var path: String?
    public var format: ListFormat
    /// Reader-specific detail: "File32", "xmeml 5", "fcpxml 1.10".
    public var dialect: String?
    /// How the rate was chosen ("--fps 24", "guessed: FCM DROP FRAME").
    public var rateBasis: String?
    public var diagnostics: [Diagnostic]

    public init(path: String? = nil, format: ListFormat = .unknown, dialect: String? = nil,
                rateBasis: String? = nil, diagnostics: [Diagnostic] = []) {
        self.path = path
        self.format = format
        self.dialect = dialect
        self.rateBasis = rateBasis
        self.diagnostics = diagnostics
    }
}

public enum ListFormat: String, Sendable, Equatable, Codable {
    case cmx3600 = "cmx3600"
    case xmeml
    case fcpxml
    case aaf
    case canonicalJSON = "json"
    case unknown
}

/// A track of the timeline, derived from its events.
public struct Track: Sendable, Equatable {
    public var id: TrackID
    public var events: [Event]
}

/// A track name: `V`/`V1`… for picture, `A1`, `A2`… for sound.
public struct TrackID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Kind: Int, Sendable, Comparable {
        case video = 0, audio = 1
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    public var kind: Kind
    /// 1-based; 0 means the single unnumbered picture track of an EDL ("V").
    public var number: Int

    public init(_ kind: Kind, _ number: Int) {
        self.kind = kind
        self.number = number
    }

    public static let editVideo = TrackID(.video, 0)
    public static func audio(_ n: Int) -> TrackID { TrackID(.audio, n) }
    public static func video(_ n: Int) -> TrackID { TrackID(.video, n) }

    public var description: String {
        switch kind {
        case .video: return number == 0 ? "V" : "V\(number)"
        case .audio: return "A\(number)"
        }
    }

    /// Parses "V", "V2", "A1", "A12" (case-insensitive).
    public init?(_ text: String) {
        let u = text.uppercased()
        guard let first = u.first, first == "V" || first == "A" else { return nil }
        let rest = u.dropFirst()
        if rest.isEmpty {
            guard first == "V" else { return nil }
            self.init(.video, 0)
            return
        }
        guard let n = Int(rest), n > 0, n < 10_000 else { return nil }
        self.init(first == "V" ? .video : .audio, n)
    }

    public static func < (a: TrackID, b: TrackID) -> Bool { (a.kind, a.number) < (b.kind, b.number) }
}
