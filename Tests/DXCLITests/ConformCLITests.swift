import Foundation
import TestSupport
import Testing

/// Runs the built `dx-conform` on Fixtures/ and compares with golden output and exit
/// statuses. Set UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change.
@Suite(.serialized) struct ConformCLITests {
    func golden(_ name: String, _ actual: String) throws {
        let url = Repo.fixture("golden/\(name)")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "output differs from Fixtures/golden/\(name); rerun with UPDATE_GOLDEN=1 if intended")
    }

    func fixture(_ path: String) -> String { Repo.fixture(path).path }

    @Test func listTable() throws {
        let r = try Repo.run("dx-conform", ["list", "--fps", "24", fixture("edl/otio_dissolve_test_2.edl")])
        #expect(r.status == 0)
        try golden("list-dissolve.txt", r.stdout.replacingOccurrences(of: Repo.root.path + "/", with: ""))
        #expect(r.stderr.isEmpty)
    }

    @Test func listJSONWithSpeedsAndComments() throws {
        let r = try Repo.run("dx-conform", ["list", "--json", "--fps", "24", fixture("edl/otio_speed_effects_small.edl")])
        #expect(r.status == 0)
        try golden("list-speed-effects.json", r.stdout.replacingOccurrences(of: Repo.root.path + "/", with: ""))
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(doc?["schema"] as? Int == 1)
        let rows = doc?["events"] as? [[String: Any]] ?? []
        #expect(rows.count == 5)
        #expect(rows.contains { ($0["speed"] as? [String: Any])?["fps"] as? Double == 0 })
    }

    @Test func guessedRateIsAWarningOnStderr() throws {
        let r = try Repo.run("dx-conform", ["list", "--csv", fixture("edl/otio_dissolve_test_2.edl")])
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning: no frame rate given; guessed 24 fps"))
        #expect(r.stdout.hasPrefix("file,event,track,reel,clip_name"))
        #expect(r.stdout.split(separator: "\r\n").count == 4)
        let quiet = try Repo.run("dx-conform", ["list", "-q", "--csv", fixture("edl/otio_dissolve_test_2.edl")])
        #expect(quiet.stderr.isEmpty)
    }

    @Test func trackFilter() throws {
        let r = try Repo.run("dx-conform", ["list", "--json", "--fps", "25", "--track", "A3", "A4", "--", fixture("edl/pycmx_test_25.edl")])
        #expect(r.status == 0)
        let rows = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["events"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["track"] as? String } == ["A3", "A4"])
    }

    @Test func standardInput() throws {
        let bytes = try Data(contentsOf: Repo.fixture("edl/otio_wipe_test.edl"))
        let r = try Repo.run("dx-conform", ["list", "--fps", "24", "-"], stdin: bytes)
        #expect(r.status == 0)
        #expect(r.stdout.contains("W001 10"))
    }

    @Test func convertRoundTripKeepsTheInputUntouched() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.edl")
        try FileManager.default.copyItem(at: Repo.fixture("edl/pycmx_INS4_R1_DX_092117.edl"), to: input)
        let before = try Data(contentsOf: input)
        let json = dir.appendingPathComponent("out.json").path
        let edl = dir.appendingPathComponent("back.edl").path
        #expect(try Repo.run("dx-conform", ["convert", "-q", "--fps", "24", input.path, "-o", json]).status == 0)
        #expect(try Repo.run("dx-conform", ["convert", "-q", json, "-o", edl]).status == 0)
        let a = try Repo.run("dx-conform", ["list", "--json", "--fps", "24", input.path])
        let b = try Repo.run("dx-conform", ["list", "--json", "--fps", "24", edl])
        func rows(_ s: String) -> [String] {
            let doc = (try? JSONSerialization.jsonObject(with: Data(s.utf8))) as? [String: Any]
            return (doc?["events"] as? [[String: Any]] ?? []).map { r in
                ["track", "reel", "clip_name", "source_in", "source_out", "record_in", "record_out", "source_file"]
                    .map { "\(r[$0] ?? "-")" }.joined(separator: "|")
            }
        }
        #expect(rows(a.stdout).count == 466)
        #expect(rows(a.stdout) == rows(b.stdout))
        #expect(try Data(contentsOf: input) == before)
        // No temporary files left beside the outputs.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["back.edl", "in.edl", "out.json"])
    }

    /// hg_Selvika_1._juni_2013.fcpxml is not well formed (line 38: an attribute value
    /// pasted over with a path): exit 65 naming the line and pointing to --recover, which
    /// then reads it with warnings.
    @Test func notWellFormedXMLAndRecover() throws {
        let file = fixture("xml/hg_Selvika_1._juni_2013.fcpxml")
        let strict = try Repo.run("dx-conform", ["list", "--json", file])
        #expect(strict.status == 65)
        #expect(strict.stdout.isEmpty)
        #expect(strict.stderr.contains("hg_Selvika_1._juni_2013.fcpxml:38: error: not well-formed XML"))
        #expect(strict.stderr.contains("--recover"))

        let recovered = try Repo.run("dx-conform", ["list", "--json", "--recover", file])
        #expect(recovered.status == 0)
        #expect(recovered.stderr.contains("hg_Selvika_1._juni_2013.fcpxml:38: warning: not well formed, recovered"))
        let doc = try JSONSerialization.jsonObject(with: Data(recovered.stdout.utf8)) as? [String: Any]
        #expect(doc?["title"] as? String == "Selvika 1. juni 2013")
        #expect((doc?["events"] as? [Any])?.isEmpty == false)
    }

    @Test func exitStatuses() throws {
        let missing = try Repo.run("dx-conform", ["list", "/nonexistent/list.edl"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("/nonexistent/list.edl: cannot open"))

        let truncated = try Repo.run("dx-conform", ["list", "--fps", "24", fixture("edl-bad/truncated.edl")])
        #expect(truncated.status == 65)
        #expect(truncated.stderr.contains("truncated.edl:4: error: malformed event line"))
        #expect(truncated.stdout.isEmpty)

        let beyond = try Repo.run("dx-conform", ["list", "--fps", "24", fixture("edl-bad/frame-beyond-24.edl")])
        #expect(beyond.status == 65)
        #expect(beyond.stderr.contains("frame-beyond-24.edl:3: error"))
        #expect(beyond.stderr.contains("frame 24 does not exist at 24 fps"))

        let binary = try Repo.run("dx-conform", ["list", fixture("edl-bad/binary.edl")])
        #expect(binary.status == 65)
        #expect(binary.stderr.contains("binary.edl"))

        let empty = try Repo.run("dx-conform", ["list", fixture("edl-bad/empty.edl")])
        #expect(empty.status == 65)
        #expect(empty.stderr.contains("empty file"))

        let badRate = try Repo.run("dx-conform", ["list", "--fps", "27.3", fixture("edl/otio_25fps.edl")])
        #expect(badRate.status == 64)
        #expect(badRate.stderr.contains("--fps"))

        let directory = try Repo.run("dx-conform", ["list", Repo.fixture("edl").path])
        #expect(directory.status == 66)
    }

    @Test func convertRefusesToOverwriteItsInputOrWriteNowhere() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("cut.edl")
        try FileManager.default.copyItem(at: Repo.fixture("edl/otio_25fps.edl"), to: input)
        let before = try Data(contentsOf: input)
        let same = try Repo.run("dx-conform", ["convert", "--fps", "25", input.path, "-o", input.path])
        #expect(same.status == 73)
        #expect(same.stderr.contains("is the input file"))
        #expect(try Data(contentsOf: input) == before)

        let nowhere = try Repo.run("dx-conform", ["convert", "--fps", "25", input.path, "-o", dir.appendingPathComponent("no/such/dir/out.edl").path])
        #expect(nowhere.status == 73)
        #expect(nowhere.stderr.contains("cannot create"))

        let unknown = try Repo.run("dx-conform", ["convert", input.path, "-o", dir.appendingPathComponent("out.txt").path])
        #expect(unknown.status == 64)
    }
}

/// `dx-conform diff` as a user runs it.
@Suite(.serialized) struct ConformDiffCLITests {
    func fixture(_ path: String) -> String { Repo.fixture(path).path }

    @Test func reportJSONAndChangeEDL() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let edl = dir.appendingPathComponent("changes.edl").path
        let old = fixture("edl/otio_dissolve_test.edl"), new = fixture("edl/otio_dissolve_test_2.edl")
        let text = try Repo.run("dx-conform", ["diff", "--fps", "24", old, new, "--edl", edl])
        #expect(text.status == 0)
        #expect(text.stdout.contains("trimmed  V       1→1            TST (clip_A)  tail -4 fr"))
        #expect(text.stdout.contains("summary: 0 inserted, 0 deleted, 0 moved, 3 trimmed, 0 replaced, 0 gap"))
        let back = try Repo.run("dx-conform", ["list", "--fps", "24", "--json", edl])
        #expect(back.status == 0)
        #expect(back.stdout.contains("DXKIT CHANGE: TRIMMED HEAD +0 TAIL -4, AFTER +0"))

        let json = try Repo.run("dx-conform", ["diff", "--json", "--fps", "24", old, new])
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(doc?["schema"] as? Int == 1)
        let changes = doc?["changes"] as? [[String: Any]] ?? []
        #expect(changes.map { $0["kind"] as? String } == ["trimmed", "trimmed", "trimmed"])
        #expect(changes.first?["tail_frames"] as? Int == -4)
        #expect((changes.first?["old"] as? [String: Any])?["record_out"] as? String == "01:00:00:09")

        let exit = try Repo.run("dx-conform", ["diff", "-q", "--exit-code", "--fps", "24", old, new])
        #expect(exit.status == 1)
        let same = try Repo.run("dx-conform", ["diff", "-q", "--exit-code", "--fps", "24", old, old])
        #expect(same.status == 0)
        #expect(same.stdout.contains("no changes"))
    }

    @Test func refusals() throws {
        let mixed = try Repo.run("dx-conform", ["diff", "-q", fixture("edl/pyedl_test_24.edl"), fixture("edl/pyedl_test_2997.edl")])
        #expect(mixed.status == 65)
        #expect(mixed.stderr.contains("frame for frame at one rate; give --fps or convert one list first"))
        #expect(mixed.stdout.isEmpty)

        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("old.edl")
        try FileManager.default.copyItem(at: Repo.fixture("edl/otio_dissolve_test.edl"), to: input)
        let before = try Data(contentsOf: input)
        let over = try Repo.run("dx-conform", ["diff", "--fps", "24", input.path, fixture("edl/otio_dissolve_test_2.edl"), "--edl", input.path])
        #expect(over.status == 73)
        #expect(try Data(contentsOf: input) == before)

        let missing = try Repo.run("dx-conform", ["diff", "--fps", "24", input.path, "/nonexistent/new.edl"])
        #expect(missing.status == 66)
    }
}
