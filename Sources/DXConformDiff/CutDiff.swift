import DXEditModel
import DXTimecode

/// The change list between two cuts of the same programme.
///
/// Events are matched by what they are, not by their numbers: the same source (file
/// name, else reel, else clip name) with overlapping source ranges, on the same track.
/// Matched events that kept their order are "in place"; the largest such set (most
/// events, then most frames) is kept in place and the others are moved. Every in-place
/// event's record shift — where its material now plays relative to the old cut — is
/// measured, so each change carries the shift of everything after it.
public struct CutDiff: Sendable {
    public var old: Timeline
    public var new: Timeline
    /// Changes in the new cut's record order.
    public var changes: [CutChange]
    /// The tracks compared.
    public var tracks: [TrackID]
    /// Event × track items in place and unchanged.
    public var unchangedItems: Int
    /// Items compared on each side.
    public var oldItems: Int
    public var newItems: Int
    /// Things the reader of the report should know (disabled clips, DF/NDF labels).
    public var notes: [String]

    public func count(_ kind: CutChange.Kind) -> Int { changes.filter { $0.kind == kind }.count }

    /// Compares two cuts. `tracks` limits the comparison (nil: every track of either cut).
    /// Lists at different frame rates are refused: their frames do not line up.
    public static func compare(old: Timeline, new: Timeline, tracks wanted: Set<TrackID>? = nil) throws -> CutDiff {
        guard sameRationalRate(old.rate, new.rate) else {
            throw DiffError(
                "\(old.source.path ?? "old cut") is at \(old.rate) but \(new.source.path ?? "new cut") is at \(new.rate): "
                + "cuts are compared frame for frame at one rate; give --fps or convert one list first")
        }
        var notes: [String] = []
        if old.rate.isDropFrame != new.rate.isDropFrame {
            notes.append("old cut counts \(old.rate.isDropFrame ? "drop" : "non-drop") frame, new cut \(new.rate.isDropFrame ? "drop" : "non-drop") frame; frames compared, timecodes shown in each cut's own counting")
        }
        for (label, t) in [("old", old), ("new", new)] {
            let disabled = t.events.filter { !$0.enabled }.count
            if disabled > 0 { notes.append("\(label) cut: \(disabled) disabled clip\(disabled == 1 ? "" : "s") treated as absent") }
        }
        let oldItems = DiffItem.items(of: old, tracks: wanted)
        let newItems = DiffItem.items(of: new, tracks: wanted)
        let trackIDs = Set(oldItems.map(\.track)).union(newItems.map(\.track)).sorted()
        var engine = DiffEngine(recordRate: new.rate)
        for t in trackIDs {
            engine.compareTrack(t, old: oldItems.filter { $0.track == t }, new: newItems.filter { $0.track == t })
        }
        engine.matchAcrossTracks()
        var changes = engine.groupedChanges()
        noteDisabled(&changes, in: new)
        return CutDiff(old: old, new: new, changes: changes, tracks: trackIDs,
                       unchangedItems: engine.unchanged, oldItems: oldItems.count, newItems: newItems.count,
                       notes: notes)
    }
}

/// A deletion whose material is still in the new cut as a disabled clip says so.
private func noteDisabled(_ changes: inout [CutChange], in new: Timeline) {
    let disabled = new.events.filter { !$0.enabled }
    guard !disabled.isEmpty else { return }
    for i in changes.indices where changes[i].kind == .deleted {
        guard let o = changes[i].old else { continue }
        let id = SourceIdentity(o.source)
        if disabled.contains(where: { SourceIdentity($0.source) == id && $0.sourceRange.overlaps(o.sourceRange)
                                      && !Set($0.tracks).isDisjoint(with: changes[i].tracks) }) {
            changes[i].note = "disabled in the new cut"
        }
    }
}

public struct DiffError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ message: String) { description = message }
}

/// The per-track comparison and its bookkeeping.
struct DiffEngine {
    let recordRate: FrameRate
    var changes: [(change: CutChange, order: Int)] = []
    var unchanged = 0
    /// Unmatched items left after each track, for the cross-track pass.
    var leftoverDeleted: [(item: DiffItem, slotShift: Int64, shiftAfter: Int64?, position: Int64)] = []
    var leftoverInserted: [(item: DiffItem, slotShift: Int64, shiftAfter: Int64?)] = []
    private var sequence = 0
    /// For each gap change (by sequence number): the new and old record spans between
    /// its in-place neighbours.
    private var gapSpans: [Int: (new: ClosedRange<Int64>, old: ClosedRange<Int64>)] = [:]

    init(recordRate: FrameRate) { self.recordRate = recordRate }

    mutating func compareTrack(_ track: TrackID, old: [DiffItem], new: [DiffItem]) {
        let pairs = Self.match(old: old, new: new)
        var oldMatched = [Bool](repeating: false, count: old.count)
        var newMatched = [Bool](repeating: false, count: new.count)
        for p in pairs { oldMatched[p.o] = true; newMatched[p.n] = true }

        // In place: the longest chain of pairs in the same order in both cuts.
        let byOld = pairs.sorted { (old[$0.o].record.start, $0.o) < (old[$1.o].record.start, $1.o) }
        let chain = Self.longestInOrder(byOld.map { (new[$0.n].record.start, $0.n, old[$0.o].sourceRange.duration) })
        var inPlaceFlag = [Bool](repeating: false, count: byOld.count)
        for i in chain { inPlaceFlag[i] = true }
        let inPlace = chain.map { byOld[$0] }   // ascending in both cuts
        let shifts = inPlace.map { shift(old[$0.o], new[$0.n]) }
        let oldKeys = inPlace.map { (old[$0.o].record.start, $0.o) }
        let newKeys = inPlace.map { (new[$0.n].record.start, $0.n) }
        func oldSlot(_ i: Int) -> Int { lowerBound(oldKeys) { $0 < (old[i].record.start, i) } }
        func newSlot(_ i: Int) -> Int { lowerBound(newKeys) { $0 < (new[i].record.start, i) } }
        func before(_ slot: Int) -> Int64 { slot > 0 ? shifts[slot - 1] : 0 }
        func after(_ slot: Int) -> Int64? { slot < shifts.count ? shifts[slot] : nil }
        var busySlot = [Bool](repeating: false, count: inPlace.count + 1)

        // Trims of in-place material.
        for (j, p) in inPlace.enumerated() {
            let o = old[p.o], n = new[p.n]
            let head = o.sourceRange.start - n.sourceRange.start, tail = n.sourceRange.end - o.sourceRange.end
            if head == 0 && tail == 0 { unchanged += 1; continue }
            add(CutChange(kind: .trimmed, tracks: [track], old: ref(o), new: ref(n), headFrames: head, tailFrames: tail,
                          shift: shifts[j], shiftBefore: before(j), shiftAfter: j + 1 < shifts.count ? shifts[j + 1] : nil,
                          position: n.record.start, note: nil))
        }
        // Moves: matched, but out of order.
        for (i, p) in byOld.enumerated() where !inPlaceFlag[i] {
            let o = old[p.o], n = new[p.n]
            let slot = newSlot(p.n)
            busySlot[slot] = true
            busySlot[oldSlot(p.o)] = true
            add(CutChange(kind: .moved, tracks: [track], old: ref(o), new: ref(n),
                          headFrames: o.sourceRange.start - n.sourceRange.start, tailFrames: n.sourceRange.end - o.sourceRange.end,
                          shift: shift(o, n), shiftBefore: before(slot), shiftAfter: after(slot), position: n.record.start,
                          note: nil))
        }
        // Unmatched material, slot by slot: old and new at the same place are a replacement.
        var oldBySlot: [Int: [Int]] = [:], newBySlot: [Int: [Int]] = [:]
        for i in old.indices where !oldMatched[i] { oldBySlot[oldSlot(i), default: []].append(i) }
        for i in new.indices where !newMatched[i] { newBySlot[newSlot(i), default: []].append(i) }
        for slot in Set(oldBySlot.keys).union(newBySlot.keys).sorted() {
            busySlot[slot] = true
            var olds = (oldBySlot[slot] ?? []).sorted { old[$0].record.start < old[$1].record.start }
            let news = (newBySlot[slot] ?? []).sorted { new[$0].record.start < new[$1].record.start }
            let s0 = before(slot)
            // Old and new record times meet at the end of the in-place event before the slot
            // (the cut's start for the first slot): positions inside the slot map through it.
            let oldAnchor = slot > 0 ? old[inPlace[slot - 1].o].record.end : 0
            let newAnchor = slot > 0 ? new[inPlace[slot - 1].n].record.end : 0
            let newLimit = slot < inPlace.count ? new[inPlace[slot].n].record.start : Int64.max
            for ni in news {
                let n = new[ni]
                let mapped = FrameRange(start: n.record.start - newAnchor + oldAnchor, end: n.record.end - newAnchor + oldAnchor)
                if let k = olds.firstIndex(where: { old[$0].record.overlaps(mapped) || old[$0].record.start == mapped.start }) {
                    let o = old[olds.remove(at: k)]
                    add(CutChange(kind: .replaced, tracks: [track], old: ref(o), new: ref(n), headFrames: 0, tailFrames: 0,
                                  shift: nil, shiftBefore: s0, shiftAfter: after(slot), position: n.record.start,
                                  note: o.identity == n.identity ? "same source, other range" : nil))
                } else {
                    leftoverInserted.append((n, s0, after(slot)))
                }
            }
            for oi in olds {
                leftoverDeleted.append((old[oi], s0, after(slot), min(old[oi].record.start - oldAnchor + newAnchor, newLimit)))
            }
        }
        addGaps(track, old: old, new: new, inPlace: inPlace, shifts: shifts, busySlot: busySlot)
    }

    /// Shifts no event explains: filler changed between two untouched neighbours. `inPlace`:
    /// the pairs in place, `shifts` theirs, `busySlot` the slots a change already explains.
    private mutating func addGaps(_ track: TrackID, old: [DiffItem], new: [DiffItem], inPlace: [(o: Int, n: Int)],
                                  shifts: [Int64], busySlot: [Bool]) {
        func before(_ slot: Int) -> Int64 { slot > 0 ? shifts[slot - 1] : 0 }
        for j in inPlace.indices where !busySlot[j] && shifts[j] != before(j) {
            let n = new[inPlace[j].n], o = old[inPlace[j].o]
            if o.sourceRange.start != n.sourceRange.start { continue }
            if j > 0, old[inPlace[j - 1].o].sourceRange.end != new[inPlace[j - 1].n].sourceRange.end { continue }
            let lowNew = j > 0 ? new[inPlace[j - 1].n].record.start : Int64.min
            let lowOld = j > 0 ? old[inPlace[j - 1].o].record.start : Int64.min
            gapSpans[sequence] = (lowNew...n.record.start, lowOld...o.record.start)
            add(CutChange(kind: .gap, tracks: [track], old: nil, new: ref(n), headFrames: 0, tailFrames: 0,
                          shift: shifts[j] - before(j), shiftBefore: before(j), shiftAfter: shifts[j], position: n.record.start,
                          note: j == 0 ? "the cut starts at another record time" : "filler before this event changed"))
        }
    }

    /// Leftover deletions and insertions of the same material on different tracks are moves.
    mutating func matchAcrossTracks() {
        var candidates: [(ov: Int64, d: Int, i: Int)] = []
        var byIdentity: [SourceIdentity: [Int]] = [:]
        for (d, x) in leftoverDeleted.enumerated() where x.item.identity.basis != .none {
            byIdentity[x.item.identity, default: []].append(d)
        }
        for (i, x) in leftoverInserted.enumerated() {
            for d in byIdentity[x.item.identity] ?? [] where leftoverDeleted[d].item.track != x.item.track {
                let ov = leftoverDeleted[d].item.sourceOverlap(x.item)
                if ov > 0 { candidates.append((ov, d, i)) }
            }
        }
        candidates.sort { ($0.ov, -$0.d, -$0.i) > ($1.ov, -$1.d, -$1.i) }
        var usedD = Set<Int>(), usedI = Set<Int>()
        for c in candidates where !usedD.contains(c.d) && !usedI.contains(c.i) {
            usedD.insert(c.d); usedI.insert(c.i)
            let o = leftoverDeleted[c.d].item, x = leftoverInserted[c.i]
            add(CutChange(kind: .moved, tracks: [x.item.track], fromTracks: [o.track], old: ref(o), new: ref(x.item),
                          headFrames: o.sourceRange.start - x.item.sourceRange.start,
                          tailFrames: x.item.sourceRange.end - o.sourceRange.end, shift: shift(o, x.item),
                          shiftBefore: x.slotShift, shiftAfter: x.shiftAfter, position: x.item.record.start,
                          note: "moved from \(o.track) to \(x.item.track)"))
        }
        for (i, x) in leftoverInserted.enumerated() where !usedI.contains(i) {
            add(CutChange(kind: .inserted, tracks: [x.item.track], old: nil, new: ref(x.item), headFrames: 0, tailFrames: 0,
                          shift: nil, shiftBefore: x.slotShift, shiftAfter: x.shiftAfter, position: x.item.record.start, note: nil))
        }
        for (d, x) in leftoverDeleted.enumerated() where !usedD.contains(d) {
            add(CutChange(kind: .deleted, tracks: [x.item.track], old: ref(x.item), new: nil, headFrames: 0, tailFrames: 0,
                          shift: nil, shiftBefore: x.slotShift, shiftAfter: x.shiftAfter, position: x.position, note: nil))
        }
    }

    /// One change per edit: the same change to one event on several tracks (an `AA/V`
    /// edit trimmed) is listed once with all its tracks.
    func groupedChanges() -> [CutChange] {
        struct Key: Hashable {
            var kind: CutChange.Kind, old: Int?, new: Int?, head: Int64, tail: Int64, shift: Int64?
        }
        var index: [Key: Int] = [:]
        var out: [(change: CutChange, order: Int)] = []
        for (c, order) in changes where !(c.kind == .gap && explainedElsewhere(c, sequence: order)) {
            let key = Key(kind: c.kind, old: c.old?.index, new: c.new?.index, head: c.headFrames, tail: c.tailFrames,
                          shift: c.kind == .gap ? c.shift : nil)
            if let at = index[key] {
                out[at].change.tracks = (out[at].change.tracks + c.tracks).sorted()
                if let f = c.fromTracks { out[at].change.fromTracks = ((out[at].change.fromTracks ?? []) + f).sorted() }
            } else {
                index[key] = out.count
                out.append((c, order))
            }
        }
        for i in out.indices where out[i].change.fromTracks != nil {
            let from = out[i].change.fromTracks!.map(\.description).joined(separator: ",")
            let to = out[i].change.tracks.map(\.description).joined(separator: ",")
            out[i].change.note = "moved from \(from) to \(to)"
        }
        let kindOrder = Dictionary(uniqueKeysWithValues: CutChange.Kind.allCases.enumerated().map { ($1, $0) })
        return out.sorted {
            ($0.change.position, kindOrder[$0.change.kind]!, $0.change.tracks.first!, $0.order)
                < ($1.change.position, kindOrder[$1.change.kind]!, $1.change.tracks.first!, $1.order)
        }.map(\.change)
    }

    /// A shift on one track that an edit on another track made (an insert on A1 moves
    /// A2's later regions too) is not a change of its own.
    private func explainedElsewhere(_ gap: CutChange, sequence seq: Int) -> Bool {
        guard let span = gapSpans[seq] else { return false }
        return changes.contains { other in
            let c = other.change
            guard c.kind != .gap, c.tracks.first != gap.tracks.first else { return false }
            if let n = c.new, span.new.contains(n.record.start) { return true }
            if let o = c.old, span.old.contains(o.record.start) { return true }
            return false
        }
    }

    private mutating func add(_ c: CutChange) {
        changes.append((c, sequence))
        sequence += 1
    }

    private func ref(_ i: DiffItem) -> EventRef {
        EventRef(index: i.eventIndex, number: i.number, record: i.record, sourceRange: i.sourceRange,
                 sourceRate: i.sourceRate, source: i.source)
    }

    /// How far the same source frame moved on the timeline, in record frames.
    func shift(_ o: DiffItem, _ n: DiffItem) -> Int64 {
        let sourceDelta = n.sourceRange.start - o.sourceRange.start
        let r = n.sourceRate
        // Source frames → record frames (exact when the rates agree, as in every EDL).
        let num = sourceDelta * Int64(r.denominator) * Int64(recordRate.numerator)
        let den = Int64(r.numerator) * Int64(recordRate.denominator)
        let inRecord = num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den)
        return (n.record.start - o.record.start) - inRecord
    }

    /// One-to-one matching: candidate pairs share an identity and source frames; the
    /// largest overlaps win, ties go to the pair closest in record time.
    static func match(old: [DiffItem], new: [DiffItem]) -> [(o: Int, n: Int)] {
        var bucket: [SourceIdentity: [Int]] = [:]
        for (i, o) in old.enumerated() where o.identity.basis != .none { bucket[o.identity, default: []].append(i) }
        var candidates: [(ov: Int64, dist: Int64, o: Int, n: Int)] = []
        for (j, n) in new.enumerated() {
            for i in bucket[n.identity] ?? [] {
                let ov = old[i].sourceOverlap(n)
                if ov > 0 { candidates.append((ov, abs(n.record.start - old[i].record.start), i, j)) }
            }
        }
        candidates.sort { a, b in
            if a.ov != b.ov { return a.ov > b.ov }
            if a.dist != b.dist { return a.dist < b.dist }
            return (a.o, a.n) < (b.o, b.n)
        }
        var usedO = [Bool](repeating: false, count: old.count), usedN = [Bool](repeating: false, count: new.count)
        var pairs: [(o: Int, n: Int)] = []
        for c in candidates where !usedO[c.o] && !usedN[c.n] {
            usedO[c.o] = true; usedN[c.n] = true
            pairs.append((c.o, c.n))
        }
        return pairs
    }

    /// Indices of the longest strictly increasing run of keys (most elements, then the
    /// largest total weight), in O(n log n) with a Fenwick tree over key ranks.
    static func longestInOrder(_ seq: [(key: Int64, tie: Int, weight: Int64)]) -> [Int] {
        guard !seq.isEmpty else { return [] }
        let ranks = seq.indices.sorted { (seq[$0].key, seq[$0].tie) < (seq[$1].key, seq[$1].tie) }
        var rankOf = [Int](repeating: 0, count: seq.count)
        for (r, i) in ranks.enumerated() { rankOf[i] = r + 1 }
        struct Best: Comparable {
            var count: Int, weight: Int64, index: Int
            static func < (a: Best, b: Best) -> Bool { (a.count, a.weight, -a.index) < (b.count, b.weight, -b.index) }
        }
        let none = Best(count: 0, weight: 0, index: -1)
        var tree = [Best](repeating: none, count: seq.count + 1)
        var prev = [Int](repeating: -1, count: seq.count)
        var top = none
        for i in seq.indices {
            var q = rankOf[i] - 1, best = none
            while q > 0 { best = max(best, tree[q]); q -= q & -q }
            prev[i] = best.index
            let mine = Best(count: best.count + 1, weight: best.weight + seq[i].weight, index: i)
            var u = rankOf[i]
            while u <= seq.count { tree[u] = max(tree[u], mine); u += u & -u }
            top = max(top, mine)
        }
        var out: [Int] = []
        var i = top.index
        while i >= 0 { out.append(i); i = prev[i] }
        return out.reversed()
    }
}

/// The first index whose element is not `isBefore` (the array is sorted by that predicate).
func lowerBound<T>(_ a: [T], _ isBefore: (T) -> Bool) -> Int {
    var lo = 0, hi = a.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if isBefore(a[mid]) { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
