import Foundation
import Testing
@testable import DXCueImport
import DXTimecode
import TestSupport

/// ptulsconv 4.0.2's `-f tagged` JSON is the oracle for text, tags after precedence and
/// exact times — except marker-derived tags, which ptulsconv applies everywhere (its
/// defect, see Fixtures/SOURCES.md); those are checked against the markers' positions.
struct PtulsconvOracleTests {
    struct Expected {
        var clip: String, track: String, session: String
        var tags: [String: String]
        var start: (Int64, Int64), finish: (Int64, Int64)
    }

    static func expected(_ name: String) throws -> [Expected] {
        let data = try Data(contentsOf: Repo.fixture("cues/expected/\(name).tagged.json"))
        let arr = try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        func frac(_ o: Any?) -> (Int64, Int64) {
            let d = o as! [String: Any]
            return ((d["numerator"] as! NSNumber).int64Value, (d["denominator"] as! NSNumber).int64Value)
        }
        return arr.map {
            Expected(clip: $0["clip_name"] as? String ?? "", track: $0["track_name"] as! String,
                     session: $0["session_name"] as! String, tags: $0["tags"] as! [String: String],
                     start: frac($0["start"]), finish: frac($0["finish"]))
        }
    }

    static func events(_ name: String) throws -> [TaggedEvent] {
        let bytes = try Repo.fixtureBytes("cues/\(name).txt")
        var c = try SessionTagCompiler(session: SessionText(bytes: bytes, file: "\(name).txt"))
        return try c.compile()
    }

    /// frames at rate → reduced seconds fraction.
    static func seconds(_ frames: Int64, _ rate: FrameRate) -> (Int64, Int64) {
        var n = frames * Int64(rate.denominator), d = Int64(rate.numerator)
        var a = abs(n), b = d
        while b != 0 { (a, b) = (b, a % b) }
        let g = max(a, 1)
        n /= g; d /= g
        return (n, d)
    }

    static func compare(_ name: String, ignoring ignored: Set<String>) throws -> [TaggedEvent] {
        let want = try expected(name)
        let got = try events(name)
        let rate = try ExportClock(session: SessionText(bytes: Repo.fixtureBytes("cues/\(name).txt"), file: name)).rate
        #expect(got.count == want.count, "\(name): event count")
        for (g, w) in zip(got, want) {
            #expect(g.text == w.clip, "\(name): line \(g.line)")
            #expect(g.trackName == w.track)
            #expect(g.sessionName == w.session)
            #expect(g.tags.filter { !ignored.contains($0.key) } == w.tags.filter { !ignored.contains($0.key) },
                    "\(name): tags at line \(g.line)")
            #expect(seconds(g.start, rate) == w.start, "\(name): start at line \(g.line)")
            #expect(seconds(g.finish, rate) == w.finish, "\(name): finish at line \(g.line)")
        }
        return got
    }

    @Test(arguments: ["robin_hood_spotting", "robin_hood_spotting5", "robin_hood_spotting6", "robin_hood_spotting_df",
                      "test_for_ptulsconv"])
    func equalsOracle(name: String) throws {
        let got = try Self.compare(name, ignoring: [])
        #expect(got.count > 0)
    }

    @Test func charadeEqualsOracleExceptReels() throws {
        let got = try Self.compare("charade", ignoring: ["Reel"])
        #expect(got.count == 41)
        var reels: [String: Int] = [:]
        for e in got { reels[e.tags["Reel"] ?? "none", default: 0] += 1 }
        #expect(reels == ["R1": 16, "R2": 21, "R3": 4])
        // The first marker's comment tags still reach every line.
        #expect(got.allSatisfy { $0.tags["Supv"] == "Allan Morrison" && $0.tags["Title"] == "Charade" })
    }

    @Test func tagTestsEqualsOracleExceptMarkerTag() throws {
        let got = try Self.compare("tag_tests", ignoring: ["M"])
        // Markers: $M=0 at 01:00:05:00, $M=1 at 10:00, $M=2 at 22:00 — a clip takes the last at or before its start.
        let m = Dictionary(uniqueKeysWithValues: got.map { ($0.text, $0.tags["M"] ?? "-") })
        #expect(m == ["Clip Name": "-", "Lorem ipsum": "-", "Dolor sic amet the rain in spain": "1", "A B C": "1",
                      "Silver Bridge": "-", "Region 02": "-", "Region 12": "1", "Region 22": "2", "Region 04": "-"])
    }

    @Test func charadeCues() throws {
        let r = try ProToolsCueReader.read(bytes: Repo.fixtureBytes("cues/charade.txt"), file: "charade.txt")
        #expect(r.cues.count == 41)
        #expect(r.project.title == "Charade")
        #expect(r.project.supervisor == "Allan Morrison")
        let p106 = try #require(r.cues.first { $0.number == "P106" })
        #expect(p106.character == "PETER")
        #expect(p106.actor == "Cary Grant")
        #expect(p106.flags == [.adlib])
        #expect(p106.reasonText == "Added/Replaces sync")
        #expect(p106.tcIn.description == "01:34:27:10")
        #expect(p106.tcOut.description == "01:34:29:03")
        #expect(p106.budgetSeconds == 300)
        #expect(p106.reel == "R2")
        #expect(p106.place.line > 0)
        let group = r.cues.filter { $0.character == "Group" }
        #expect(!group.isEmpty && group.allSatisfy { $0.characterNumber == "99g" })
    }
}
