import DXEditModel
import DXTimecode

/// One event on one track, as the diff compares it: an `AA/V` edit is three items, so
/// each track is compared on its own.
struct DiffItem {
    /// Index of the event in its timeline's `events`.
    var eventIndex: Int
    var track: TrackID
    var record: FrameRange
    var sourceRange: FrameRange
    var sourceRate: FrameRate
    var source: SourceRef
    var identity: SourceIdentity
    var number: Int?

    /// The items of a timeline: every enabled, non-black event on every track, in list
    /// order. Disabled clips do not play, so they count as absent (and are noted).
    static func items(of timeline: Timeline, tracks wanted: Set<TrackID>?) -> [DiffItem] {
        var out: [DiffItem] = []
        out.reserveCapacity(timeline.events.count)
        for (i, e) in timeline.events.enumerated() where e.enabled && !e.source.isBlack {
            for t in e.tracks where wanted == nil || wanted!.contains(t) {
                out.append(DiffItem(eventIndex: i, track: t, record: e.record, sourceRange: e.sourceRange,
                                    sourceRate: e.sourceRate, source: e.source,
                                    identity: SourceIdentity(e.source), number: e.number))
            }
        }
        return out
    }

    /// Source frames shared with another item of the same identity (a zero-length
    /// source — leaders, pops — shares one frame with an item starting at the same frame).
    func sourceOverlap(_ other: DiffItem) -> Int64 {
        guard sameRationalRate(sourceRate, other.sourceRate) else { return 0 }
        if identity.basis == .anonymous { return sourceRange == other.sourceRange ? max(1, sourceRange.duration) : 0 }
        if sourceRange.isEmpty || other.sourceRange.isEmpty {
            return sourceRange.start == other.sourceRange.start ? 1 : 0
        }
        return max(0, min(sourceRange.end, other.sourceRange.end) - max(sourceRange.start, other.sourceRange.start))
    }
}

/// What picture editorial's list says the material is, reduced to a key two cuts can
/// share: the source file's name when the list gives one (case-insensitive, folders
/// dropped, since media moves between cuts), else the reel or tape (unless it is the
/// generic `AX`), else the clip name.
struct SourceIdentity: Hashable, CustomStringConvertible {
    /// `anonymous`: only a generic reel (`AX`) and nothing else; such events match only
    /// an identical source range.
    enum Basis: String { case file, reel, clip, anonymous, none }
    var basis: Basis
    var key: String

    init(_ s: SourceRef) {
        if let f = s.file.map(Self.fileName), !f.isEmpty {
            basis = .file; key = f
        } else if let r = s.reel?.trimmingSpaces.uppercased(), !r.isEmpty, r != "AX" {
            basis = .reel; key = r
        } else if let c = s.clipName?.trimmingSpaces, !c.isEmpty {
            basis = .clip; key = c
        } else if let r = s.reel?.trimmingSpaces.uppercased(), !r.isEmpty {
            basis = .anonymous; key = r
        } else {
            basis = .none; key = ""
        }
    }

    var description: String { "\(basis.rawValue) \(key)" }

    /// The last path component of a path or URL, lower-cased, percent escapes kept.
    static func fileName(_ path: String) -> String {
        var p = Substring(path.trimmingSpaces)
        while p.hasSuffix("/") { p = p.dropLast() }
        if let slash = p.lastIndex(where: { $0 == "/" || $0 == "\\" }) { p = p[p.index(after: slash)...] }
        return p.lowercased()
    }
}

func sameRationalRate(_ a: FrameRate, _ b: FrameRate) -> Bool {
    a.numerator * b.denominator == b.numerator * a.denominator
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
