import Foundation
import TestSupport
import Testing

/// `dx-conform` on AAF turnovers as an editor runs it: list (table and JSON, one
/// composition or several, none), then match and render against production sound made
/// here with the names and timecode the AAF's import mobs give.
@Suite(.serialized) struct ConformAAFCLITests {
    private func fixture(_ name: String) -> String { Repo.fixture("aaf/" + name).path }

    @Test func listsTheCompositionAsEvents() throws {
        let r = try Repo.run("dx-conform", ["list", fixture("MC_Fades.aaf")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"MC_Fades.Exporté.05\", Avid Media Composer 23.12, 29.97 fps NDF, 10 events"))
        let j = try Repo.run("dx-conform", ["list", "--json", fixture("MC_Fades.aaf")])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        #expect(doc["format"] as? String == "aaf")
        let rows = doc["events"] as? [[String: Any]] ?? []
        #expect(rows.count == 10)
        // A fade in of 5 frames at 29.97 on a 48 kHz file: 5 × 1601.6 = 8008 samples.
        #expect((rows[0]["fade_in"] as? Int) == 8008)
        #expect((rows[0]["samples"] as? [String: Any])?["source_in"] as? Int == 48048)
    }

    @Test func severalCompositionsPrintAnArrayAndOneCanBeChosen() throws {
        let all = try Repo.run("dx-conform", ["list", "--json", fixture("otio_multiple_top_level_mobs.aaf")])
        #expect(all.status == 0)
        let docs = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(docs.count == 2)
        let second = try Repo.run("dx-conform", ["list", "--json", "--composition", "2", fixture("otio_multiple_top_level_mobs.aaf")])
        let doc = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
        #expect(doc?["title"] as? String == docs[1]["title"] as? String)
        let tooFar = try Repo.run("dx-conform", ["list", "--composition", "3", fixture("otio_multiple_top_level_mobs.aaf")])
        #expect(tooFar.status == 65)
        #expect(tooFar.stderr.contains("composition 3 does not exist: the file holds 2 top-level compositions"))
    }

    @Test func aFileWithoutACompositionSaysSo() throws {
        let r = try Repo.run("dx-conform", ["list", "--json", fixture("pyaaf2_empty.aaf")])
        #expect(r.status == 0)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        #expect(r.stderr.contains("warning: no top-level composition found"))
    }

    @Test func matchAndRenderFromAnAAF() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(atPath: dir.path + "/media", withIntermediateDirectories: true)
        // The composition's A1/A2 clips come from the import mob "1000hz-18dbs16b44.1k.wav"
        // at source 00:00:01;00 (29.97 DF): a file of that name starting at 00:00:00;00.
        let raw = dir.path + "/raw.wav"
        let sox = Process()
        sox.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
        sox.arguments = ["-n", "-r", "48000", "-b", "24", "-c", "1", raw, "synth", "4", "sine", "1000", "vol", "0.2"]
        try sox.run()
        sox.waitUntilExit()
        let tag = try Repo.run("dx-conform", ["tag-bwf", raw, "-o", dir.path + "/media/1000hz-18dbs16b44.1k.wav",
                                              "--start", "00:00:00;00", "--fps", "29.97df"])
        #expect(tag.status == 0, "\(tag.stderr)")
        let index = try Repo.run("dx-conform", ["index", dir.path + "/media", "--db", dir.path + "/media.db"])
        #expect(index.status == 0, "\(index.stderr)")
        let m = try Repo.run("dx-conform", ["match", fixture("MC_Fades.aaf"), "--index", dir.path + "/media.db", "--json"])
        #expect(m.status == 1)  // the A3 clips' file (stereo-identif.wav) is not there
        let doc = try JSONSerialization.jsonObject(with: Data(m.stdout.utf8)) as? [String: Any]
        let rows = doc?["matches"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["status"] as? String } == Array(repeating: "matched", count: 5) + Array(repeating: "unmatched", count: 5))
        let r = try Repo.run("dx-conform", ["render", fixture("MC_Fades.aaf"), "--index", dir.path + "/media.db",
                                            "-o", dir.path + "/out"])
        #expect(r.status == 1, "\(r.stderr)")
        let written = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/out")) ?? []).filter { $0.hasSuffix(".wav") }
        #expect(written.count == 5)
    }
}
