import Foundation
import TestSupport
import Testing

/// `dx-conform index / match / render` as a user runs them, on production sound made
/// with sox and `dx-conform tag-bwf`, including every refusal: nothing is overwritten
/// and nothing is lost.
@Suite(.serialized) struct ConformMediaCLITests {
    final class Project {
        let dir: URL
        var path: String { dir.path }
        init() throws {
            dir = try Repo.temporaryDirectory()
            try FileManager.default.createDirectory(atPath: dir.path + "/media", withIntermediateDirectories: true)
            for (name, start, scene) in [("T1.WAV", "10:00:00:00", "1"), ("T2.WAV", "10:01:00:00", "2")] {
                let raw = dir.path + "/raw.wav"
                let sox = Process()
                sox.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
                sox.arguments = ["-n", "-r", "48000", "-b", "24", "-c", "4", raw, "synth", "4", "whitenoise", "vol", "0.2"]
                try sox.run()
                sox.waitUntilExit()
                #expect(sox.terminationStatus == 0)
                let r = try Repo.run("dx-conform", ["tag-bwf", raw, "-o", dir.path + "/media/" + name, "--start", start, "--fps", "25",
                                                    "--scene", scene, "--take", "1", "--tape", "DAY1", "--tracks", "Mix,Boom,Lav1,Lav2"])
                #expect(r.status == 0, "\(r.stderr)")
                try FileManager.default.removeItem(atPath: raw)
            }
            let edl = """
                TITLE: CLI TEST
                FCM: NON-DROP FRAME
                001  DAY1     A     C        10:00:01:00 10:00:02:00 01:00:00:00 01:00:01:00
                002  DAY1     AA    C        10:01:01:00 10:01:02:10 01:00:01:00 01:00:02:10
                003  AX       A     C        12:00:00:00 12:00:01:00 01:00:02:10 01:00:03:10
                * FROM CLIP NAME:  NOT_THERE.WAV
                * SOURCE FILE: /production/day9/NOT_THERE.WAV

                """
            try edl.write(toFile: dir.path + "/cut.edl", atomically: true, encoding: .utf8)
            let r = try Repo.run("dx-conform", ["index", dir.path + "/media", "--db", dir.path + "/media.db"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        deinit { try? FileManager.default.removeItem(at: dir) }
        func bytes(_ p: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path + "/" + p)) }
        func listing(_ p: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + p)) ?? []).sorted() }
    }

    @Test func matchAndRender() throws {
        let p = try Project()
        let m = try Repo.run("dx-conform", ["match", "--fps", "25", p.path + "/cut.edl", "--index", p.path + "/media.db", "--json"])
        #expect(m.status == 1)   // event 3 is unmatched
        let doc = try JSONSerialization.jsonObject(with: Data(m.stdout.utf8)) as? [String: Any]
        #expect(doc?["schema"] as? Int == 1)
        let rows = doc?["matches"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["status"] as? String } == ["matched", "matched", "unmatched"])
        #expect((rows[2]["reasons"] as? [String])?.first?.contains("names NOT_THERE.WAV, which is not in the index") == true)

        let r = try Repo.run("dx-conform", ["render", "--fps", "25", p.path + "/cut.edl", "--index", p.path + "/media.db",
                                            "--channels", "lav1,boom", "--handles", "2s", "-o", p.path + "/out"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(p.listing("out") == ["E0001_DAY1_1-1.wav", "E0002_DAY1_2-1.wav", "placed.csv", "placed.edl", "placed.json"])
        #expect(r.stdout.contains("head handle 1 s of 2 s: the file starts there"))
        #expect(r.stdout.contains("event 3 (A1): unmatched"))
        let csv = String(decoding: try p.bytes("out/placed.csv"), as: UTF8.self)
        #expect(csv.contains("3:Lav1 2:Boom"))
        // 2 s handles cut to 1 s at the head: TimeReference = 01:00:00:00 - 1 s.
        #expect(csv.contains(",\(3600 * 48000 - 48000),"))
        let list = try Repo.run("dx-conform", ["list", "--fps", "25", "--json", p.path + "/out/placed.edl"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("E0002_DAY1_2-1.wav"))
    }

    /// A bad `--channels` is refused by the parser (64) before the list or the index is
    /// read, with the library's reason after ArgumentParser's own words.
    @Test func badChannelsSayWhy() throws {
        for (channels, reason) in [("1,,2", "an empty entry"), ("lav1,0", "channel numbers count from 1")] {
            let r = try Repo.run("dx-conform", ["match", "--fps", "25", "/nonexistent/cut.edl", "--index", "/nonexistent/media.db",
                                                "--channels", channels])
            #expect(r.status == 64)
            #expect(r.stderr.contains("Error: The value '\(channels)' is invalid for '--channels <channels>': \(reason)\n"), "\(r.stderr)")
        }
    }

    /// The files are tape DAY1: a list naming reel DAY2 at their timecode is another
    /// day's take, unmatched unless --allow-timecode-only.
    @Test func anotherTapeNeedsAllowTimecodeOnly() throws {
        let p = try Project()
        let edl = """
            TITLE: OTHER DAY
            FCM: NON-DROP FRAME
            001  DAY2     A     C        10:00:01:00 10:00:02:00 01:00:00:00 01:00:01:00

            """
        try edl.write(toFile: p.path + "/day2.edl", atomically: true, encoding: .utf8)
        let m = try Repo.run("dx-conform", ["match", "--fps", "25", p.path + "/day2.edl", "--index", p.path + "/media.db"])
        #expect(m.status == 1)
        #expect(m.stdout.contains("T1.WAV (tape DAY1)"))
        // The matcher states the remedy; dx-conform names the flag, in the table and the JSON.
        #expect(m.stdout.contains("would place the wrong take (--allow-timecode-only takes it)"))
        let json = try Repo.run("dx-conform", ["match", "--fps", "25", p.path + "/day2.edl", "--index", p.path + "/media.db", "--json"])
        #expect(json.stdout.contains("would place the wrong take (--allow-timecode-only takes it)"))
        let allowed = try Repo.run("dx-conform", ["match", "--fps", "25", p.path + "/day2.edl", "--index", p.path + "/media.db",
                                                  "--allow-timecode-only"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let r = try Repo.run("dx-conform", ["render", "--fps", "25", p.path + "/day2.edl", "--index", p.path + "/media.db",
                                            "-o", p.path + "/out", "--allow-timecode-only"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(p.listing("out").contains { $0.hasSuffix(".wav") })
    }

    /// A speed change is reported, not rendered, and the notes say which flag renders it.
    @Test func speedChangeNamesTheFlagThatRendersIt() throws {
        let p = try Project()
        let edl = """
            TITLE: SPEED
            FCM: NON-DROP FRAME
            001  DAY1     A     C        10:00:01:00 10:00:03:00 01:00:00:00 01:00:01:00
            M2   DAY1       050.0                10:00:01:00

            """
        try edl.write(toFile: p.path + "/speed.edl", atomically: true, encoding: .utf8)
        let r = try Repo.run("dx-conform", ["render", "--fps", "25", p.path + "/speed.edl", "--index", p.path + "/media.db",
                                            "-o", p.path + "/out"])
        #expect(r.status == 1, "\(r.stderr)")
        let csv = String(decoding: try p.bytes("out/placed.csv"), as: UTF8.self)
        #expect(csv.contains("skipped_speed_change"))
        #expect(csv.contains(": not rendered (ask with --speed-changes)"))
        #expect(!p.listing("out").contains { $0.hasSuffix(".wav") })
    }

    @Test func missingMediaRendersNothing() throws {
        let p = try Project()
        try FileManager.default.removeItem(atPath: p.path + "/media/T2.WAV")
        let r = try Repo.run("dx-conform", ["render", "--fps", "25", p.path + "/cut.edl", "--index", p.path + "/media.db", "-o", p.path + "/out"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("T2.WAV: source file is missing (indexed, not found now); re-run dx-conform index"))
        #expect(r.stderr.contains("nothing rendered"))
        #expect(p.listing("out").isEmpty)

        let noIndex = try Repo.run("dx-conform", ["match", "--fps", "25", p.path + "/cut.edl", "--index", p.path + "/nope.db"])
        #expect(noIndex.status == 66)
        #expect(noIndex.stderr.contains("no media index there"))
        #expect(!FileManager.default.fileExists(atPath: p.path + "/nope.db"))

        let noList = try Repo.run("dx-conform", ["render", "--fps", "25", p.path + "/none.edl", "--index", p.path + "/media.db", "-o", p.path + "/out2"])
        #expect(noList.status == 66)
    }

    @Test func outputOnASourceFileIsRefused() throws {
        let p = try Project()
        // A source file (another take) named as the first output would be.
        let tag = try Repo.run("dx-conform", ["tag-bwf", p.path + "/media/T2.WAV", "-o", p.path + "/media/E0001_DAY1_1-1.wav",
                                              "--start", "11:00:00:00", "--fps", "25", "--tape", "DAY3"])
        #expect(tag.status == 0)
        let idx = try Repo.run("dx-conform", ["index", p.path + "/media", "--db", p.path + "/media.db"])
        #expect(idx.stdout.contains("1 added"))
        let before = try p.bytes("media/E0001_DAY1_1-1.wav")
        let t1 = try p.bytes("media/T1.WAV")
        let r = try Repo.run("dx-conform", ["render", "--fps", "25", p.path + "/cut.edl", "--index", p.path + "/media.db", "-o", p.path + "/media"])
        #expect(r.status == 73)
        #expect(r.stderr.contains("E0001_DAY1_1-1.wav: output would overwrite an indexed source file"))
        #expect(try p.bytes("media/E0001_DAY1_1-1.wav") == before)
        #expect(try p.bytes("media/T1.WAV") == t1)
        #expect(p.listing("media") == ["E0001_DAY1_1-1.wav", "T1.WAV", "T2.WAV"])
    }

    @Test func readOnlyOutputDirectory() throws {
        let p = try Project()
        let out = p.path + "/locked"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        // Root ignores permission bits; the immutable attribute stops root too.
        let root = getuid() == 0
        func chattr(_ flag: String) throws {
            let c = Process()
            c.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
            c.arguments = [flag, out]
            try c.run()
            c.waitUntilExit()
        }
        if root { try chattr("+i") } else { try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: out) }
        defer { if root { try? chattr("-i") } else { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: out) } }
        let r = try Repo.run("dx-conform", ["render", "--fps", "25", p.path + "/cut.edl", "--index", p.path + "/media.db", "-o", out])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains("output directory is not writable"))
        #expect(p.listing("locked").isEmpty)
    }

    @Test func indexReportsUnreadableFilesAndRescansIncrementally() throws {
        let p = try Project()
        try Data("RIFF junk".utf8).write(to: URL(fileURLWithPath: p.path + "/media/broken.wav"))
        let r = try Repo.run("dx-conform", ["index", p.path + "/media", "--db", p.path + "/media.db", "--json"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("broken.wav"))
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(doc?["unchanged"] as? Int == 2)
        #expect((doc?["failed"] as? [[String: Any]])?.count == 1)
    }
}
