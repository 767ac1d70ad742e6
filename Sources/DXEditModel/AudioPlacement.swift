/// Audio facts a list states beyond frames, kept where the format gives them (AAF):
/// sample-exact positions, the channels a multichannel clip plays, clip gain, fades and
/// mute. Rates are exact rationals written "48000" or "30000/1001"; a position is nil
/// where it is not a whole number of samples.
public struct AudioPlacement: Sendable, Equatable {
    /// Units of `recordIn`/`recordOut` and the fades: the track's own rate when it runs at
    /// an audio rate (Pro Tools, Resolve), else the source file's sample rate.
    public var rate: String?
    /// Position on the track from its start (the sequence start not added), in `rate` units.
    public var recordIn: Int64?
    public var recordOut: Int64?
    /// Sample rate of the first channel's file.
    public var sourceRate: String?
    /// Where the clip starts in that file, in `sourceRate` samples.
    public var sourceIn: Int64?
    /// Per channel of the clip, the source channel it plays (nil where unknown).
    public var channels: [Int?]
    /// Sum of the clip's constant gains in dB, -infinity for silence; nil when none.
    public var gainDB: Double?
    /// Fade lengths in `rate` units, nil when none.
    public var fadeIn: Int64?
    public var fadeOut: Int64?
    /// A clip muted in the editor (still listed, not to be placed).
    public var muted: Bool
    /// False when the source has no timecode: the event's source range is then positions,
    /// not timecode, and is written as null.
    public var sourceTimecodeKnown: Bool

    public init(rate: String? = nil, recordIn: Int64? = nil, recordOut: Int64? = nil, sourceRate: String? = nil,
                sourceIn: Int64? = nil, channels: [Int?] = [], gainDB: Double? = nil, fadeIn: Int64? = nil,
                fadeOut: Int64? = nil, muted: Bool = false, sourceTimecodeKnown: Bool = true) {
        self.rate = rate
        self.recordIn = recordIn
        self.recordOut = recordOut
        self.sourceRate = sourceRate
        self.sourceIn = sourceIn
        self.channels = channels
        self.gainDB = gainDB
        self.fadeIn = fadeIn
        self.fadeOut = fadeOut
        self.muted = muted
        self.sourceTimecodeKnown = sourceTimecodeKnown
    }
}
