import DXConformDiff
import DXConformLists
import DXEditModel
import DXTimecode
import TestSupport
import Testing

/// Pairs of real lists that are versions of one cut (Fixtures/SOURCES.md names them).
struct RealPairTests {
    func read(_ path: String, fps: FrameRate? = nil) throws -> Timeline {
        try ConformListReader().read(Repo.fixtureBytes(path), fileName: path, options: .init(edlRate: fps))[0]
    }

    /// dissolve_test → dissolve_test_2: the dissolve was rolled 4 frames earlier: clip_A
    /// loses 4 at its tail, clip_B gains 4 at its head, and nothing after moves.
    @Test func rolledDissolve() throws {
        let d = try CutDiff.compare(old: read("edl/otio_dissolve_test.edl", fps: .fps24),
                                    new: read("edl/otio_dissolve_test_2.edl", fps: .fps24))
        #expect(d.changes.map(\.kind) == [.trimmed, .trimmed, .trimmed])
        #expect(d.changes.map(\.headFrames) == [0, 4, 4])
        #expect(d.changes.map(\.tailFrames) == [-4, -4, 0])
        #expect(d.changes.allSatisfy { $0.shift == 0 })
        #expect(d.changes.map { $0.old?.source.clipName } == ["clip_A", "clip_B", "clip_B"])
    }

    /// enabled → disabled: one stereo clip (two xmeml clip items) switched off.
    @Test func disabledStereoClip() throws {
        let d = try CutDiff.compare(old: read("xml/hg_enabled.xml"), new: read("xml/hg_disabled.xml"))
        #expect(d.changes.count == 2)
        #expect(d.changes.allSatisfy { $0.kind == .deleted && $0.note == "disabled in the new cut" })
        #expect(d.changes.flatMap(\.tracks) == [.audio(1), .audio(2)])
    }

    /// enabled → gain -12 dB: only a level changed, so there is no change to the cut.
    @Test func gainOnlyIsNoChange() throws {
        let d = try CutDiff.compare(old: read("xml/hg_enabled.xml"), new: read("xml/hg_gain-12dB.xml"))
        #expect(d.changes.isEmpty)
        #expect(d.unchangedItems == 2)
    }

    /// A speed-up replaced by the same reel played in reverse from another source range.
    @Test func sameReelOtherRange() throws {
        let d = try CutDiff.compare(old: read("edl/julik_SPEEDUP_AND_FADEOUT.EDL", fps: .fps24),
                                    new: read("edl/julik_SPEEDUP_REVERSE_AND_FADEOUT.EDL", fps: .fps24))
        #expect(d.changes.map(\.kind) == [.replaced])
        #expect(d.changes[0].note == "same source, other range")
    }

    /// Two FCPXML exports of one project with different media: every asset clip differs.
    @Test func fcpxmlExportsWithOtherMedia() throws {
        let old = try read("xml/dawfk_SyncClipRoles.fcpxml"), new = try read("xml/dawfk_SyncClipRoles2.fcpxml")
        let d = try CutDiff.compare(old: old, new: new)
        #expect(!d.changes.isEmpty)
        #expect(d.changes.allSatisfy { $0.kind != .trimmed || $0.old?.source.file == $0.new?.source.file })
        // Nothing goes missing: every old item is unchanged or in a change, likewise new.
        let oldSeen = d.unchangedItems + d.changes.filter { $0.old != nil }.reduce(0) { $0 + $1.tracks.count }
        let newSeen = d.unchangedItems + d.changes.filter { $0.new != nil }.reduce(0) { $0 + $1.tracks.count }
        #expect(oldSeen == d.oldItems)
        #expect(newSeen == d.newItems)
    }

    /// A list against itself, for every EDL fixture with events: no changes.
    @Test func everyFixtureEDLAgainstItself() throws {
        for url in Repo.fixtures(in: "edl") {
            let path = "edl/" + url.lastPathComponent
            guard let t = try? read(path, fps: .fps24), !t.events.isEmpty else { continue }
            let d = try CutDiff.compare(old: t, new: t)
            #expect(d.changes.isEmpty, "\(path): \(d.changes.count) changes against itself")
        }
    }

    @Test func mixedRatesRefusedByName() throws {
        let a = try read("edl/pyedl_test_24.edl", fps: .fps25), b = try read("edl/pyedl_test_2997.edl", fps: .fps29_97)
        #expect { try CutDiff.compare(old: a, new: b) } throws: { e in
            // The fact only: the tool says what to type about it.
            e as? DiffError == .ratesDiffer(old: a.source.path ?? "", oldRate: .fps25, new: b.source.path ?? "", newRate: .fps29_97)
                && "\(e)".contains("pyedl_test_24.edl is at 25") && "\(e)".contains("29.97") && !"\(e)".contains("--")
        }
    }
}
