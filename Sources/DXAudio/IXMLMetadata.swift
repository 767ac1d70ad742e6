/// The iXML chunk's production fields (iXML 2.x: `BWFXML` root).
///
/// `rawXML` keeps the document as read. Writing re-emits it with the fields known here
/// replaced (a nil field removes its element), so elements dxkit does not know —
/// recorder settings, `SPEED`, `SYNC_POINT_LIST`, vendor blocks — survive a round trip.
public struct IXMLMetadata: Sendable, Equatable {
    public var project: String?
    public var scene: String?
    public var take: String?
    public var tape: String?
    public var note: String?
    public var circled: Bool?
    public var tracks: [IXMLTrack]
    /// What dxkit tools recorded about their processing, by section then field
    /// (`["ALIGNMENT": ["OFFSET_SAMPLES": "1234", "CONFIDENCE": "0.93"]]`), kept in a
    /// `<DXKIT>` block that other software ignores. Names are made XML-safe
    /// (upper case, `_` for other characters) when written.
    public var toolNotes: [String: [String: String]]
    /// The document as read (nil for metadata made from scratch).
    public var rawXML: String?

    public init(project: String? = nil, scene: String? = nil, take: String? = nil, tape: String? = nil,
                note: String? = nil, circled: Bool? = nil, tracks: [IXMLTrack] = [],
                toolNotes: [String: [String: String]] = [:], rawXML: String? = nil) {
        self.project = project
        self.scene = scene
        self.take = take
        self.tape = tape
        self.note = note
        self.circled = circled
        self.tracks = tracks
        self.toolNotes = toolNotes
        self.rawXML = rawXML
    }

    /// The name of the track in interleave position `channel` (1-based), if listed.
    public func trackName(interleaveIndex channel: Int) -> String? {
        tracks.first { $0.interleaveIndex == channel }?.name
    }

    /// The interleave position (1-based) of the track named `name` (case-insensitive).
    public func interleaveIndex(ofTrackNamed name: String) -> Int? {
        let wanted = name.lowercased()
        return tracks.first { $0.name.lowercased() == wanted }?.interleaveIndex
    }

    /// The metadata for a file holding only the source channels `sourceChannels`
    /// (0-based channel numbers of the source, in the new order): listed tracks are
    /// kept for those channels and their INTERLEAVE_INDEX renumbered 1, 2, … in the new
    /// file; CHANNEL_INDEX (the recorder's channel) is kept.
    public func selectingChannels(_ sourceChannels: [Int]) -> IXMLMetadata {
        var copy = self
        copy.tracks = sourceChannels.enumerated().compactMap { position, source in
            guard var t = tracks.first(where: { $0.interleaveIndex == source + 1 }) else { return nil }
            t.interleaveIndex = position + 1
            return t
        }
        return copy
    }

    /// The same metadata with `fields` recorded under `section` in ``toolNotes``
    /// (replacing that section).
    public func noting(_ section: String, _ fields: [String: String]) -> IXMLMetadata {
        var copy = self
        copy.toolNotes[section] = fields
        return copy
    }
}
