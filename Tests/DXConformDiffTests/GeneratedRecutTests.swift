import DXConformDiff
import DXEDL
import DXEditModel
import DXTimecode
import Testing
import TestSupport

/// A random cut, then random inserts, deletes, moves, trims and replacements with the
/// generator's own record of what it did; the cut and the re-cut go through the EDL
/// writer and reader, and the diff must find every edit and nothing else.
///
/// Edits are kept apart (no two touch the same or neighbouring events) so that each
/// has one reading: an insert next to a delete *is* a replacement, and two moves side
/// by side can be read either way round.
struct GeneratedRecutTests {
    struct Truth: Hashable, CustomStringConvertible {
        var kind: CutChange.Kind
        var reel: String
        var head: Int64 = 0
        var tail: Int64 = 0
        var description: String { "\(kind.rawValue) \(reel) head \(head) tail \(tail)" }
    }

    struct Clip {
        var reel: String
        var source: FrameRange
        var tracks: [TrackID]
    }


    static let trackSets: [[TrackID]] = [[.audio(1)], [.audio(1), .audio(2)], [.audio(2)], [.audio(1), .audio(2)], [.audio(1)]]

    static func timeline(_ clips: [Clip], rate: FrameRate, title: String) -> Timeline {
        var t = Timeline(title: title, rate: rate)
        var at = try! Timecode(hours: 1, minutes: 0, seconds: 0, frames: 0, rate: rate).frames
        for (i, c) in clips.enumerated() {
            t.events.append(Event(number: i + 1, tracks: c.tracks, record: FrameRange(start: at, duration: c.source.duration),
                                  sourceRange: c.source, sourceRate: rate, source: SourceRef(reel: c.reel)))
            at += c.source.duration
        }
        return t
    }

    /// Builds a cut of `count` clips and a re-cut with about `edits` edits.
    static func generate(seed: UInt64, count: Int, edits: Int, rate: FrameRate) -> (old: [Clip], new: [Clip], truth: [Truth]) {
        var rng = SplitMix64(state: seed)
        var fresh = 0
        func newReel() -> String { fresh += 1; return "N\(seed % 100)_\(fresh)" }
        func randomClip(_ reel: String) -> Clip {
            let start = Int64(rng.int(10 * 3600 * 24...20 * 3600 * 24))
            return Clip(reel: reel, source: FrameRange(start: start, duration: Int64(rng.int(24...200))),
                        tracks: trackSets[rng.int(0...trackSets.count - 1)])
        }
        var old: [Clip] = []
        for i in 0..<count {
            // Some reels hold several takes used in the cut (far apart in source time).
            if i > 3, rng.chance(0.15) {
                var c = randomClip(old[i - 3].reel)
                c.source = FrameRange(start: old[i - 3].source.end + Int64(rng.int(500...5000)), duration: c.source.duration)
                old.append(c)
            } else {
                old.append(randomClip("R\(i)"))
            }
        }
        // Each base position holds its clip (or nil once deleted/moved) plus what is
        // inserted after it; reserved positions keep edits apart.
        var kept: [Clip?] = old.map { $0 }
        var after: [[Clip]] = Array(repeating: [], count: count + 1)   // after[i]: inserted before old clip i
        var reserved = [Bool](repeating: false, count: count + 1)
        var truth: [Truth] = []
        func free(_ r: ClosedRange<Int>) -> Bool { r.allSatisfy { $0 < 0 || $0 > count || !reserved[$0] } }
        func reserve(_ r: ClosedRange<Int>) { for i in r where i >= 0 && i <= count { reserved[i] = true } }
        var attempts = 0
        while truth.count < edits, attempts < edits * 50 {
            attempts += 1
            let i = rng.int(1...count - 2)
            switch rng.int(0...5) {
            case 0: // insert before old clip i
                guard free(i - 1...i) else { continue }
                let c = randomClip(newReel())
                after[i].append(c)
                reserve(i - 1...i)
                truth.append(Truth(kind: .inserted, reel: c.reel))
            case 1: // delete
                guard free(i - 1...i + 1) else { continue }
                kept[i] = nil
                reserve(i - 1...i + 1)
                truth.append(Truth(kind: .deleted, reel: old[i].reel))
            case 2: // replace with other material for the same tracks
                guard free(i - 1...i + 1) else { continue }
                var c = randomClip(newReel())
                c.tracks = old[i].tracks
                kept[i] = c
                reserve(i - 1...i + 1)
                truth.append(Truth(kind: .replaced, reel: old[i].reel))
            case 3, 4: // trim head or tail (ripple)
                guard free(i - 1...i + 1) else { continue }
                var k = Int64(rng.int(1...12))
                if rng.chance(0.5) { k = -k }
                var c = old[i]
                var t = Truth(kind: .trimmed, reel: c.reel)
                if rng.chance(0.5) {
                    c.source.start -= k; t.head = k
                } else {
                    c.source.end += k; t.tail = k
                }
                kept[i] = c
                reserve(i - 1...i + 1)
                truth.append(t)
            default: // move clip i to before old clip j
                let j = rng.int(1...count - 1)
                guard abs(j - i) >= 4, free(i - 1...i + 1), free(j - 1...j) else { continue }
                kept[i] = nil
                after[j].append(old[i])
                reserve(i - 1...i + 1)
                reserve(j - 1...j)
                truth.append(Truth(kind: .moved, reel: old[i].reel))
            }
        }
        var new: [Clip] = []
        for i in 0..<count {
            new.append(contentsOf: after[i])
            if let c = kept[i] { new.append(c) }
        }
        new.append(contentsOf: after[count])
        return (old, new, truth)
    }

    static func found(_ d: CutDiff) -> [Truth] {
        d.changes.map { c in
            let reel = (c.kind == .inserted ? c.new?.source.reel : c.old?.source.reel) ?? "?"
            let trim = c.kind == .trimmed
            return Truth(kind: c.kind, reel: reel, head: trim ? c.headFrames : 0, tail: trim ? c.tailFrames : 0)
        }
    }

    /// Through the EDL writer and reader, as a user's lists would come.
    static func roundTrip(_ t: Timeline) throws -> Timeline {
        try EDLReader().read(Array(EDLWriter().write(t).utf8), options: .init(rate: t.rate, fileName: t.title))
    }

    @Test(arguments: [(FrameRate.fps24, UInt64(1)), (.fps25, 2), (.fps29_97DF, 3), (.fps29_97, 4), (.fps23_976, 5), (.fps59_94DF, 6)])
    func everyKnownEditFoundAndNothingElse(rate: FrameRate, seed: UInt64) throws {
        for round in 0..<8 {
            let s = seed * 1000 + UInt64(round)
            let g = Self.generate(seed: s, count: 300, edits: 30, rate: rate)
            let old = try Self.roundTrip(Self.timeline(g.old, rate: rate, title: "CUT \(s)"))
            let new = try Self.roundTrip(Self.timeline(g.new, rate: rate, title: "RECUT \(s)"))
            #expect(old.events.count == 300)
            let d = try CutDiff.compare(old: old, new: new)
            let found = Self.found(d)
            #expect(Set(found) == Set(g.truth), "seed \(s): missing \(Set(g.truth).subtracting(found)), extra \(Set(found).subtracting(g.truth))")
            #expect(found.count == g.truth.count, "seed \(s): \(found.count) changes for \(g.truth.count) edits")
            #expect(g.truth.count >= 20)
        }
    }

    @Test func identicalCutsHaveNoChanges() throws {
        let g = Self.generate(seed: 77, count: 200, edits: 0, rate: .fps25)
        let t = Self.timeline(g.old, rate: .fps25, title: "SAME")
        let d = try CutDiff.compare(old: t, new: try Self.roundTrip(t))
        #expect(d.changes.isEmpty)
        #expect(d.unchangedItems == d.newItems)
        #expect(d.newItems == g.old.reduce(0) { $0 + $1.tracks.count })
    }

    @Test func shiftAfterAnInsertAndATrim() throws {
        let rate = FrameRate.fps24
        let clips = (0..<6).map { Clip(reel: "R\($0)", source: FrameRange(start: Int64(100_000 + 1000 * $0), duration: 48), tracks: [.audio(1)]) }
        var recut = clips
        recut.insert(Clip(reel: "NEW", source: FrameRange(start: 5000, duration: 30), tracks: [.audio(1)]), at: 2)
        recut[4].source.end -= 10   // old clip 3 loses 10 frames at its tail
        let d = try CutDiff.compare(old: Self.timeline(clips, rate: rate, title: "A"), new: Self.timeline(recut, rate: rate, title: "B"))
        #expect(d.changes.map(\.kind) == [.inserted, .trimmed])
        #expect(d.changes[0].shiftBefore == 0)
        #expect(d.changes[0].shiftAfter == 30)
        #expect(d.changes[0].position == 86400 + 96)
        #expect(d.changes[1].tailFrames == -10)
        #expect(d.changes[1].shiftBefore == 30)
        #expect(d.changes[1].shiftAfter == 20)
    }

    @Test func mixedRatesAreRefused() throws {
        let g = Self.generate(seed: 9, count: 10, edits: 0, rate: .fps24)
        #expect(throws: DiffError.self) {
            try CutDiff.compare(old: Self.timeline(g.old, rate: .fps24, title: "A"), new: Self.timeline(g.old, rate: .fps25, title: "B"))
        }
    }

    @Test func changeEDLReadsBackWithOneEventPerChange() throws {
        let g = Self.generate(seed: 31, count: 120, edits: 12, rate: .fps29_97DF)
        let d = try CutDiff.compare(old: Self.timeline(g.old, rate: .fps29_97DF, title: "A"),
                                    new: Self.timeline(g.new, rate: .fps29_97DF, title: "B"))
        let text = DiffReport.changeEDL(d)
        let back = try EDLReader().read(Array(text.utf8), options: .init(rate: .fps29_97DF, fileName: "changes.edl"))
        #expect(back.events.count == d.changes.count)
        let kinds = back.events.compactMap { $0.comments.first { $0.hasPrefix("DXKIT CHANGE: ") } }
        #expect(kinds.count == d.changes.count)
        #expect(zip(kinds, d.changes).allSatisfy { $0.hasPrefix("DXKIT CHANGE: \($1.kind.rawValue.uppercased())") })
        #expect(text.contains("FCM: DROP FRAME"))
    }
}

private extension SplitMix64 {
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) < p * 10_000 }
}
