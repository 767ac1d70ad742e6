import DXEditModel
import DXTimecode

/// One piece of media placed in an FCPXML timeline after flattening: the video or the
/// audio of a clip, with times still exact (seconds) until tracks and frames are assigned.
struct FCPXMLComponent {
    var kind: TrackID.Kind
    /// The absolute lane: 0 the primary storyline, + above, − below.
    var lane: Int
    var recordStart: FCPXMLTime
    var recordEnd: FCPXMLTime
    /// Media time at record start and end (end < start when reversed).
    var sourceStart: FCPXMLTime
    var sourceEnd: FCPXMLTime
    var sourceRate: FrameRate
    var source: SourceRef
    var enabled: Bool
    /// Media seconds per record second, when not 1.
    var speed: FCPXMLTime?
    var transition: Transition?
    var markers: [FCPXMLMarker] = []
    var comments: [String] = []
    var line: Int
}

/// A marker at an exact record time.
struct FCPXMLMarker {
    var at: FCPXMLTime
    var duration: FCPXMLTime
    var color: String?
    var name: String
    var note: String?
}
