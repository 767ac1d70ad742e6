import DXTimecode

/// One edit: a source range placed at a record range on one or more tracks.
public struct Event: Sendable, Equatable {
    /// The event number as written (EDL), `nil` where the format has none.
    public var number: Int?
    /// Tracks the edit is placed on (`AA/V` → V, A1, A2).
    public var tracks: [TrackID]
    /// Record (timeline) range, frames at the timeline rate.
    public var record: FrameRange
    /// Source range as written, frames at `sourceRate`. May be empty (leaders) or differ
    /// in length from `record` (speed changes, sloppy exporters): see `flags`.
    public var sourceRange: FrameRange
    public var sourceRate: FrameRate
    public var source: SourceRef
    /// How this edit begins: a cut, or a transition from the outgoing source.
    public var transition: Transition
    /// A motion effect, when the edit has one (most have none, so it is kept boxed).
    public var speed: Speed? {
        get { speedBox?.value }
        set { speedBox = newValue.map(Box.init) }
    }
    private var speedBox: Box<Speed>?
    /// Sample-exact placement, channels, gain and fades, where the list states them (AAF).
    public var audio: AudioPlacement? {
        get { audioBox?.value }
        set { audioBox = newValue.map(Box.init) }
    }
    private var audioBox: Box<AudioPlacement>?
    /// False for clips disabled in the editor (XML `enabled` false).
    public var enabled: Bool
    public var markers: [Marker]
    /// Comment lines that were not understood as a field, verbatim.
    public var comments: [String]
    public var flags: EventFlags
    /// Where the edit came from in the input: line numbers and the lines themselves.
    public var origin: Origin
}

// The public initializers are in extensions so that each delegates to the synthesized
// memberwise one: that builds the value in place, where an initializer assigning the
// fields one by one built it aside, then copied and destroyed the whole value once more
// (retaining and releasing every string and array of each of thousands of events).
extension Event {
    public init(number: Int? = nil, tracks: [TrackID], record: FrameRange, sourceRange: FrameRange,
                sourceRate: FrameRate, source: SourceRef, transition: Transition = .cut,
                speed: Speed? = nil, enabled: Bool = true, markers: [Marker] = [], comments: [String] = [],
                flags: EventFlags = [], origin: Origin = Origin()) {
        self.init(number: number, tracks: tracks, record: record, sourceRange: sourceRange, sourceRate: sourceRate,
                  source: source, transition: transition, speedBox: speed.map(Box.init), audioBox: nil, enabled: enabled,
                  markers: markers, comments: comments, flags: flags, origin: origin)
    }
}

/// A half-open range of frames: `start ..< end`.
public struct FrameRange: Hashable, Sendable {
    public var start: Int64
    public var end: Int64

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    public init(start: Int64, duration: Int64) {
        self.init(start: start, end: start + duration)
    }

    public var duration: Int64 { end - start }
    public var isEmpty: Bool { end <= start }

    public func overlaps(_ other: FrameRange) -> Bool { start < other.end && other.start < end }
}

/// What picture editorial says the edit's material is.
public struct SourceRef: Sendable, Equatable {
    /// Reel / tape / source name as written, including `BL`, `AX`, `BARS`.
    public var reel: String?
    /// The clip's name (EDL `* FROM CLIP NAME`, XML clip name).
    public var clipName: String?
    /// A file path or URL (EDL `* SOURCE FILE`, `* FROM CLIP`, XML `pathurl`, FCPXML `src`).
    public var file: String?
    /// The source's channel (1-based) feeding this edit, where the list says (XML `sourcetrack`).
    public var channel: Int?
    /// Scene and take from logging info, when present.
    public var scene: String?
    public var take: String?
    /// FCPXML role or xmeml track name, when present.
    public var role: String? {
        @inlinable get { storedRole }
        @inlinable set { storedRole = newValue }
    }
    // Stored under another name so that the synthesized memberwise initializer (which
    // builds the value in place, see Event) does not clash with the public one.
    @usableFromInline var storedRole: String?

    /// Black / silence (`BL`, `BLACK`): no source material.
    public var isBlack: Bool {
        guard let r = reel?.uppercased() else { return false }
        return r == "BL" || r == "BLK" || r == "BLACK"
    }
}

extension SourceRef {
    public init(reel: String? = nil, clipName: String? = nil, file: String? = nil, channel: Int? = nil,
                scene: String? = nil, take: String? = nil, role: String? = nil) {
        self.init(reel: reel, clipName: clipName, file: file, channel: channel, scene: scene, take: take,
                  storedRole: role)
    }
}

/// How an edit begins.
public struct Transition: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case cut, dissolve, wipe, key
        case keyBackground = "key_background"
        case keyOut = "key_out"
        /// An XML transition of unspecified type.
        case transition
    }

    public var kind: Kind
    /// Length in frames (record rate); 0 for a cut.
    public var frames: Int64
    /// The code as written: "C", "D", "W001", "K", "KB", "KO".
    public var code: String
    /// The outgoing side of a two-line transition, as its own line gave it.
    public var from: SourceRef? {
        get { fromBox?.value }
        set { fromBox = newValue.map(Box.init) }
    }
    private var fromBox: Box<SourceRef>?
    /// The outgoing side's source in (frames at the event's source rate).
    public var fromSourceIn: Int64?
    /// `EFFECTS NAME IS …` or the XML effect name.
    public var effectName: String?

    public static let cut = Transition(kind: .cut)
}

extension Transition {
    public init(kind: Kind, frames: Int64 = 0, code: String = "C", from: SourceRef? = nil,
                fromSourceIn: Int64? = nil, effectName: String? = nil) {
        self.init(kind: kind, frames: frames, code: code, fromBox: from.map(Box.init), fromSourceIn: fromSourceIn,
                  effectName: effectName)
    }
}

/// A motion effect (EDL `M2`): the source plays at `fps` while the record runs at the list rate.
public struct Speed: Sendable, Equatable {
    /// The M2 speed field as an exact decimal (e.g. -24.0 for reverse, 0 for a freeze);
    /// nil where the list gives a percentage instead (XML).
    public var fps: ExactDecimal?
    /// The speed as a percentage, where the list states one (XML time remap).
    public var statedPercent: ExactDecimal?
    /// The M2 reel field.
    public var reel: String?
    /// The M2 entry timecode (source frames), as written.
    public var entry: Int64?
    /// The M2 line verbatim.
    public var raw: String?

    public init(fps: ExactDecimal?, statedPercent: ExactDecimal? = nil, reel: String? = nil,
                entry: Int64? = nil, raw: String? = nil) {
        self.fps = fps
        self.statedPercent = statedPercent
        self.reel = reel
        self.entry = entry
        self.raw = raw
    }

    /// Playback speed as percent of the list rate, 100 × fps / rate (for display).
    public func percent(of rate: FrameRate) -> Double {
        if let statedPercent { return statedPercent.doubleValue }
        guard let fps else { return 100 }
        return fps.doubleValue * 100 * Double(rate.denominator) / Double(rate.numerator)
    }
}

/// A marker: a point with a colour and a note.
public struct Marker: Sendable, Equatable {
    /// Frames at the timeline rate (record time) unless stated otherwise by the reader.
    public var at: Int64
    public var duration: Int64
    public var color: String?
    public var name: String
    public var note: String?

    public init(at: Int64, duration: Int64 = 0, color: String? = nil, name: String, note: String? = nil) {
        self.at = at
        self.duration = duration
        self.color = color
        self.name = name
        self.note = note
    }
}

/// The set of ``EventFlag``s on an event (a bit set: events are many and flags few).
public struct EventFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(_ flag: EventFlag) {
        self.init(rawValue: 1 << UInt8(EventFlag.allCases.firstIndex(of: flag)!))
    }

    public static let zeroLengthSource = EventFlags(.zeroLengthSource)
    public static let durationMismatch = EventFlags(.durationMismatch)
    public static let overlapsOnTrack = EventFlags(.overlapsOnTrack)
    public static let speedChange = EventFlags(.speedChange)
    public static let negativeRecord = EventFlags(.negativeRecord)

    /// The flags in name order.
    public var flags: [EventFlag] { EventFlag.allCases.filter { contains(EventFlags($0)) }.sorted() }

    /// The flags' names in name order, as the JSON and tables print them.
    public var names: [String] { flags.map(\.rawValue) }

    public var description: String { names.joined(separator: ",") }
}

/// Things about an event a conform must know but must not "fix".
public enum EventFlag: String, Sendable, Hashable, Comparable, CaseIterable {
    /// Source in == source out with a non-empty record (leaders, pops, fillers).
    case zeroLengthSource = "zero_length_source"
    /// Source and record durations differ and no speed explains it.
    case durationMismatch = "duration_mismatch"
    /// The record range overlaps an earlier event on the same track.
    case overlapsOnTrack = "overlaps_on_track"
    /// A speed change: the source range does not map 1:1 to record frames.
    case speedChange = "speed_change"
    /// The record range runs backwards.
    case negativeRecord = "negative_record"

    public static func < (a: EventFlag, b: EventFlag) -> Bool { a.rawValue < b.rawValue }
}

/// The verbatim text of a list, shared by all its events so each can show its own
/// lines without a copy per event.
public final class SourceText: Sendable {
    public let bytes: [UInt8]
    public let isUTF8: Bool

    public init(bytes: [UInt8], isUTF8: Bool) {
        self.bytes = bytes
        self.isUTF8 = isUTF8
    }

    /// Decodes a byte range (UTF-8, or Latin-1 for old lists).
    public func string(_ range: Range<Int>) -> String {
        let slice = bytes[range.clamped(to: 0..<bytes.count)]
        if isUTF8 { return String(decoding: slice, as: UTF8.self) }
        return String(String.UnicodeScalarView(slice.map { Unicode.Scalar($0) }))
    }
}

/// Where an event came from in its input: its lines, and the text of them.
public struct Origin: Sendable, Equatable {
    /// 1-based first and last line of the event (EDL) or its element's line (XML).
    public var firstLine: Int?
    public var lastLine: Int?
    /// The list's text and the bytes of this event's lines in it.
    public var text: SourceText?
    public var byteRange: Range<Int>
    private var storedRaw: [String]

    public init(lines: [Int] = [], raw: [String] = []) {
        firstLine = lines.min()
        lastLine = lines.max()
        text = nil
        byteRange = 0..<0
        storedRaw = raw
    }

    public init(firstLine: Int, lastLine: Int, text: SourceText, byteRange: Range<Int>) {
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.text = text
        self.byteRange = byteRange
        storedRaw = []
    }

    /// The line numbers the event spans.
    public var lines: [Int] {
        guard let f = firstLine, let l = lastLine, l >= f else { return firstLine.map { [$0] } ?? [] }
        return Array(f...l)
    }

    /// The event's lines verbatim (EDL), for round-trip and diagnostics.
    public var raw: [String] {
        guard let text else { return storedRaw }
        return text.string(byteRange).split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }.map(String.init)
    }

    public static func == (a: Origin, b: Origin) -> Bool {
        a.firstLine == b.firstLine && a.lastLine == b.lastLine && a.raw == b.raw
    }
}

/// An immutable value on the heap, so that a rarely present large field costs one
/// pointer in the structs that are copied by the thousand. Equal when the values are.
final class Box<Value: Sendable & Equatable>: Sendable, Equatable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }

    static func == (a: Box, b: Box) -> Bool { a === b || a.value == b.value }
}
