/// What the AAF reader finds in a top-level composition, as a conform tool needs it: the
/// audio tracks in slot order, each clip on them with its sources followed down to the
/// file and the tape or import source behind it. Positions are exact: integers in the
/// edit units named beside them, or a ``Ratio`` where a conversion is not whole.
public struct AAFComposition: Sendable {
    public var name: String?
    public var mobID: MobID?
    /// How it was chosen: "usage_toplevel", or "unreferenced" when no composition is marked top-level.
    public var selectedAs: String
    public var timecode: AAFTimecode?
    /// The composition's rate: the timecode track's, else the first picture or sound slot's.
    public var editRate: Ratio?
    public var audioTracks: [AAFAudioTrack]
    /// Markers of the composition's event slots.
    public var markers: [AAFMarker]
    public var notes: [String]
}

/// A timecode component and the rate of the slot that holds it.
public struct AAFTimecode: Sendable, Equatable {
    public var slotID: Int64?
    /// Edit rate of the timecode slot: its frames are counted in these units.
    public var editRate: Ratio
    /// Nominal frames per second of the labels (30 for 29.97).
    public var fps: Int
    public var drop: Bool
    /// First frame, counted from 00:00:00:00.
    public var start: Int64
}

public struct AAFAudioTrack: Sendable {
    /// "A1", "A2"… in slot order among the sound slots.
    public var label: String
    public var slotID: Int64?
    public var physicalTrackNumber: Int64?
    public var name: String?
    public var editRate: Ratio
    public var clips: [AAFClip]
    public var transitions: [AAFTransition]
    /// Operation groups around the whole track (Avid's track pan or gain automation).
    public var trackOperations: [AAFOperation]
    /// Items of the track not listed because nothing below them could be followed.
    public var notes: [String]
}

/// One item of a track that has a SourceClip below it. A multichannel clip (Audio Channel
/// Combiner, or any item over several SourceClips) is one clip with several sources.
public struct AAFClip: Sendable {
    /// 1-based place among the track's clips.
    public var index: Int
    /// Position on the track, in the track's edit units from its start; out is exclusive.
    public var recordIn: Int64
    public var recordOut: Int64
    /// The name of the mob the first SourceClip references.
    public var clipName: String?
    /// That mob's class ("MasterMob", or "CompositionMob" for subclips and adjusted clips).
    public var mobKind: String?
    public var sources: [AAFSource]
    /// Avid clip mute: a Selector whose selected segment is Filler.
    public var muted: Bool
    /// Sum of the clip's constant gains in dB (-infinity for silence); nil when it has none.
    public var gainDB: Double?
    /// A varying gain curve is present.
    public var gainAutomation: Bool
    /// Operation groups from the outside in.
    public var operations: [AAFOperation]
    /// Fades: transitions between Filler and this clip, lengths in track edit units.
    public var fadeIn: AAFTransition?
    public var fadeOut: AAFTransition?
    public var notes: [String]
}

/// A Transition on a track.
public struct AAFTransition: Sendable {
    /// Start of the overlap, track edit units.
    public var position: Int64
    public var length: Int64
    public var cutPoint: Int64?
    public var operation: String?
    /// Row indexes (1-based) of the clips on either side, nil for Filler.
    public var fromClip: Int?
    public var toClip: Int?
}

/// An OperationGroup as the reader understands it.
public struct AAFOperation: Sendable {
    public var name: String?
    public var id: AUID?
    public var length: Int64?
    /// Sum of constant gains (Amplitude, Amplitude multiplier, AvidControlClipRatio, or a
    /// flat curve of one of them), dB; -infinity for silence.
    public var gainDB: Double?
    /// Points (time 0…1 of the item, linear amplitude) of a varying gain curve.
    public var gainAutomation: [(time: Double, value: Double)]?
    /// Avid Audio Warp / speed: input rate ÷ output rate.
    public var speedRatio: Ratio?
    /// A Selector standing for an Avid clip mute.
    public var isMute: Bool
    /// Parameter names with their constant values (number or text), for reports.
    public var parameters: [(name: String, value: String)]
}

/// One SourceClip of a clip followed down its chain of mobs.
public struct AAFSource: Sendable {
    /// 1-based channel within the clip.
    public var channel: Int
    /// Where it starts inside the clip, track edit units.
    public var offset: Ratio
    /// The SourceClip's own StartTime and Length, in `rate`.
    public var start: Int64
    public var length: Int64
    public var rate: Ratio
    public var chain: [AAFChainHop]
    /// How the chain ended: original, external_mob, missing_slot, unresolved, null_source_id.
    public var chainEnd: String
    public var master: AAFMasterInfo?
    public var file: AAFFileInfo?
    public var origin: AAFOriginInfo?
    /// The origin's first locator, else the master's "UNC Path" comment, else the file's first locator.
    public var originalPath: String?
    public var originalPathFrom: String?
    public var notes: [String]
}

public struct AAFChainHop: Sendable {
    public var mobClass: String
    public var name: String?
    public var mobID: MobID?
    public var slotID: Int64?
    public var physicalTrackNumber: Int64?
    public var editRate: Ratio
    /// The clip's start and length converted into this slot's rate.
    public var start: Ratio
    public var length: Ratio
    public var descriptorClass: String?
}

public struct AAFMasterInfo: Sendable {
    public var name: String?
    public var mobID: MobID?
    public var slotID: Int64?
    public var physicalTrackNumber: Int64?
    /// UserComments: Avid TapeID, UNC Path, Shoot Date…; Premiere Scene, Take.
    public var userComments: [(name: String, value: String)]
}

public struct AAFFileInfo: Sendable {
    public var name: String?
    public var mobID: MobID?
    public var slotID: Int64?
    /// The slot's PhysicalTrackNumber: the channel of the file this source plays.
    public var channelInFile: Int64?
    public var editRate: Ratio
    public var start: Ratio
    public var length: Ratio
    /// start × sampleRate ÷ editRate: where the clip starts in the file, in samples.
    public var startSamples: Ratio?
    public var descriptorClass: String
    public var container: String?
    /// embedded, MXF, WAVE, AIFC, PCM, or the descriptor's class.
    public var essenceKind: String
    public var embedded: Bool
    public var sampleRate: Ratio?
    public var channels: Int64?
    public var bits: Int64?
    public var locators: [String]
    public var notes: [String]
}

public struct AAFOriginInfo: Sendable {
    /// tape, import, film, recording, auxiliary.
    public var kind: String
    /// The source mob's name: the tape or imported file name.
    public var reel: String?
    public var mobID: MobID?
    public var editRate: Ratio
    public var start: Ratio
    public var length: Ratio
    public var locators: [String]
    public var timecode: AAFTimecode?
    /// Timecode frames (floored) at the clip's in and exclusive out.
    public var sourceInFrames: Int64?
    public var sourceOutFrames: Int64?
    public var notes: [String]
}
