import DXEditModel
import DXTimecode

/// One difference between two cuts, in the new cut's record order.
public struct CutChange: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Material in the new cut that the old cut does not have.
        case inserted
        /// Material of the old cut that the new cut drops.
        case deleted
        /// The same material, now in another order on the track (or on another track).
        case moved
        /// The same material in place with its head and/or tail lengthened or shortened.
        case trimmed
        /// Other material at the place the old material held.
        case replaced
        /// In-place material shifted with no event change to explain it (filler or black
        /// lengthened or shortened, or a new record start).
        case gap
    }

    public var kind: Kind
    /// The tracks the change is on (for `moved` across tracks: the new tracks).
    public var tracks: [TrackID]
    /// For a move across tracks: the tracks the material came from.
    public var fromTracks: [TrackID]?
    /// The old cut's event (nil for inserted and gap).
    public var old: EventRef?
    /// The new cut's event (nil for deleted).
    public var new: EventRef?
    /// Source frames gained (+) or lost (−) at the head, for trimmed and moved material.
    public var headFrames: Int64
    /// Source frames gained (+) or lost (−) at the tail.
    public var tailFrames: Int64
    /// For matched material: how far it moved on the timeline, in record frames
    /// (new − old record position of the same source frame).
    public var shift: Int64?
    /// The record-time shift of the in-place material before this change …
    public var shiftBefore: Int64
    /// … and after it: where everything after the change now sits relative to the old
    /// cut. Nil when nothing in place follows.
    public var shiftAfter: Int64?
    /// Where the change sits in the new cut (record frame); deletions at the point the
    /// cut closed up.
    public var position: Int64
    /// Why: what matched, what was disabled, what is odd.
    public var note: String?
}

/// One side of a change: an event of one of the two cuts.
public struct EventRef: Sendable, Equatable {
    /// Index into the timeline's `events`.
    public var index: Int
    /// The event number as written, when the list has numbers.
    public var number: Int?
    public var record: FrameRange
    public var sourceRange: FrameRange
    public var sourceRate: FrameRate
    public var source: SourceRef
}
