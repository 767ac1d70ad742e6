import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `dx-cues`: import, list JSON, exit statuses, and durability — a
/// `kill -9` in the middle of a 10,000-cue import, and two writers at once.
@Suite(.serialized) struct CuesCLITests {
    func fixture(_ path: String) -> String { Repo.fixture(path).path }

    /// A Pro Tools session text export with `count` cues over 20 characters and 3 reels at 25 fps.
    static func bigExport(count: Int, lineSuffix: String = "") -> String {
        var s = """
            SESSION NAME:\tBig Show
            SAMPLE RATE:\t48000.000000
            BIT DEPTH:\t24-bit
            SESSION START TIMECODE:\t00:59:00:00
            TIMECODE FORMAT:\t25 Frame
            # OF AUDIO TRACKS:\t20
            # OF AUDIO CLIPS:\t0
            # OF AUDIO FILES:\t0


            T R A C K  L I S T I N G

            """
        let perTrack = (count + 19) / 20
        var made = 0
        for t in 0..<20 where made < count {
            let prefix = "C" + String(UnicodeScalar(UInt8(65 + t)))
            s += "TRACK NAME:\tCHAR\(t)\nCOMMENTS:\t$CN=\(t + 1) {Actor=Actor \(t)}\nUSER DELAY:\t0 Samples\nSTATE: \n"
            s += "CHANNEL \tEVENT   \tCLIP NAME                     \tSTART TIME    \tEND TIME      \tDURATION      \tSTATE\n"
            for i in 0..<perTrack where made < count {
                let f = 90000 + (i * 20 + t) * 40   // 01:00:00:00 + …
                func tc(_ frames: Int) -> String {
                    let ff = frames % 25, secs = frames / 25
                    return String(format: "%02d:%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60, ff)
                }
                s += "1       \t\(i + 1)       \tLine \(i) of \(t)\(lineSuffix) {R=Noise} $QN=\(prefix)\(1000 + i)\t   \(tc(f))\t   \(tc(f + 30))\t   00:00:01:05\tUnmuted\n"
                made += 1
            }
            s += "\n\n"
        }
        s += "M A R K E R S  L I S T I N G\n#   \tLOCATION     \tTIME REFERENCE    \tUNITS    \tNAME                             \tCOMMENTS\n"
        s += "1   \t01:00:00:00  \t2880000           \tSamples  \t{Title=Big Show} $Reel=R1          \t\n"
        s += "2   \t01:30:00:00  \t89280000          \tSamples  \t$Reel=R2                         \t\n"
        s += "3   \t02:00:00:00  \t175680000         \tSamples  \t$Reel=R3                         \t\n"
        return s
    }

    /// A session text whose clip times hold 9999999999 (min:secs, feet+frames) is bad
    /// data: exit 65 naming the file and line, not an overflow trap; nothing is stored.
    @Test(arguments: ["overflow-minsecs.txt", "overflow-feet-frames.txt", "overflow-marker-samples.txt"])
    func outOfRangeTimesAreADataError(name: String) throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = fixture("fuzz-regressions/cues/" + name)
        let r = try dxcues(dir.path + "/c.db", ["import", file])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("\(file):\(name == "overflow-marker-samples.txt" ? 20 : 15)"))
        #expect(r.stderr.contains("out of range"))
    }

    /// The content digest `dx-cues check` prints (integrity must be ok).
    func digest(_ db: String) throws -> String {
        let r = try dxcues(db, ["check"])
        #expect(r.status == 0 && r.stdout.contains("integrity: ok"))
        return r.stdout.split(separator: "\n").first { $0.hasPrefix("digest:") }.map(String.init) ?? "none"
    }

    func dxcues(_ db: String, _ args: [String]) throws -> ToolRun {
        try Repo.run("dx-cues", ["--db", db] + args)
    }

    /// Starts dx-cues without waiting.
    func spawn(_ args: [String], env: [String: String] = [:]) throws -> Process {
        let p = Process()
        p.executableURL = Repo.tool("dx-cues")
        p.arguments = args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        p.environment = e
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    func waitForFile(_ path: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            usleep(10_000)
        }
        return false
    }

    @Test func importListJSONAndReimport() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.dxcues").path
        let r = try dxcues(db, ["import", fixture("cues/charade.txt")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("41 added"))
        let list = try dxcues(db, ["list", "--json"])
        #expect(list.status == 0)
        let cues = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(cues.count == 41)
        for key in ["number", "character", "actor", "reel", "tc_in", "tc_out", "rate", "line", "reason", "flags", "status", "takes"] {
            #expect(cues.allSatisfy { $0.keys.contains(key) }, "\(key)")
        }
        let p106 = try #require(cues.first { $0["number"] as? String == "P106" })
        #expect(p106["tc_in"] as? String == "01:34:27:10" && p106["reel"] as? String == "R2")
        #expect(p106["flags"] as? [String] == ["adlib"])
        var reels: [String: Int] = [:]
        for c in cues { reels[c["reel"] as? String ?? "-", default: 0] += 1 }
        #expect(reels == ["R1": 16, "R2": 21, "R3": 4])

        // An updated export: one line changed → one update, named.
        let text = try String(contentsOfFile: fixture("cues/charade.txt"), encoding: .utf8)
            .replacingOccurrences(of: "\"Here you are.\"", with: "\"Here you go.\"")
        let changed = dir.appendingPathComponent("charade2.txt")
        try text.write(to: changed, atomically: true, encoding: .utf8)
        let again = try dxcues(db, ["import", changed.path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 added, 1 updated, 40 unchanged"))
        #expect(again.stdout.contains("P104: line '\"Here you are.\"' → '\"Here you go.\"'"))
        #expect(try dxcues(db, ["list", "--json"]).stdout.components(separatedBy: "\"schema\"").count - 1 == 41)
    }

    @Test func duplicateCueNumberIsRefusedWithBothPlaces() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: fixture("cues/test_for_ptulsconv.txt"), encoding: .utf8)
            .replacingOccurrences(of: "$QN=T1002", with: "$QN=T1001")
        let file = dir.appendingPathComponent("dup.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("d.dxcues").path
        let r = try dxcues(db, ["import", file.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("dup.txt:18") && r.stderr.contains("dup.txt:17") && r.stderr.contains("T1001"))
        // Nothing stored: no project was even created.
        #expect(try dxcues(db, ["list"]).status == 65)
    }

    @Test func exitStatuses() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("e.dxcues").path
        #expect(try dxcues(db, ["list"]).status == 66)
        #expect(try dxcues(db, ["import", dir.appendingPathComponent("missing.txt").path]).status == 66)
        #expect(try Repo.run("dx-cues", ["list"]).status == 64)
        let notDB = dir.appendingPathComponent("text.dxcues")
        try "hello, I am not SQLite, but long enough to look like a header..........................".write(to: notDB, atomically: true, encoding: .utf8)
        let r = try dxcues(notDB.path, ["list"])
        #expect(r.status == 65 && r.stderr.contains("not a dx-cues database"))
        #expect(try dxcues(db, ["init", "--title", "T", "--fps", "23.976"]).status == 0)
        #expect(try dxcues(db, ["init", "--title", "T", "--fps", "24"]).status == 65)
        #expect(try dxcues(db, ["add", "--character", "ANN", "--in", "01:00:00:24"]).status == 64)  // frame 24 at 23.976
        let add = try dxcues(db, ["add", "--character", "ANN", "--in", "01:00:00:00", "--line", "'); DROP TABLE cue; --"])
        #expect(add.status == 0 && add.stdout == "A101\n")
        let list = try dxcues(db, ["list", "--json"])
        #expect(list.stdout.contains("\"line\": \"'); DROP TABLE cue; --\""))
        #expect(try dxcues(db, ["edit", "NOPE", "--line", "x"]).status == 65)
    }

    /// The libraries state facts (a column mapping entry, a missing TC-in column, a missing
    /// session); dx-cues names the option or command that helps, and exits 65.
    @Test func refusalsNameTheOptionThatHelps() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.dxcues").path
        let csv = dir.appendingPathComponent("cues.csv"), noIn = dir.appendingPathComponent("noin.csv")
        try "Cue,TC In,Character,Line\nA101,01:00:01:00,ANN,Hello\n".write(to: csv, atomically: true, encoding: .utf8)
        try "Cue,When,Line\nA1,01:00:00:00,Hi\n".write(to: noIn, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--map", "foo=1", csv.path], "dx-cues: --map 'foo=1': expected FIELD=COLUMN with FIELD one of number, in, out,"),
            (["--map", "in=Nope", csv.path], "dx-cues: --map 'in=Nope': no column named 'Nope' in the first line of \(csv.path)\n"),
            ([noIn.path], "dx-cues: \(noIn.path): no TC-in column found; give one with --map in=COLUMN\n"),
        ]
        for (args, message) in cases {
            let r = try dxcues(db, ["import", "--fps", "24"] + args)
            #expect(r.status == 65 && r.stderr.hasPrefix(message), "\(args): \(r.stderr)")
        }
        #expect(try dxcues(db, ["import", "--fps", "24", csv.path]).status == 0)
        let take = try dxcues(db, ["take", "add", "A101", "--session", "nope"])
        #expect(take.status == 65)
        #expect(take.stderr == "dx-cues: no session named nope: add it with 'dx-cues session add nope'\n")
    }

    /// The enum-like and list options are typed: a bad value is refused by the parser (64)
    /// before the database is touched, --help lists the values, and good ones are stored.
    @Test func typedOptionsRefuseBadValuesAndListThem() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("t.dxcues").path
        #expect(try dxcues(db, ["init", "--title", "T", "--fps", "25"]).status == 0)
        #expect(try dxcues(db, ["add", "--character", "ANN", "--in", "01:00:00:00"]).stdout == "A101\n")
        let refused: [([String], String)] = [
            (["edit", "A101", "--reason", "loud"], "'loud' is invalid for '--reason"),
            (["edit", "A101", "--flags", "tv,nope"], "'tv,nope' is invalid for '--flags"),
            (["edit", "A101", "--mins", "soon"], "'soon' is invalid for '--mins"),
            (["report", "bogus"], "'bogus' is invalid for '<kind>'"),
            (["report", "all", "--dir", dir.path + "/r", "--formats", "csv,doc"], "'csv,doc' is invalid for '--formats"),
            (["renumber", "--prefix", "ANN"], "'ANN' is invalid for '--prefix"),
            (["edit", "A101", "--in", "01:00"], "'01:00' is invalid for '--in"),
            (["edit", "A101", "--out", "1h"], "'1h' is invalid for '--out"),
        ]
        for (args, message) in refused {
            let r = try dxcues(db, args)
            #expect(r.status == 64 && r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/r"))
        func cue() throws -> [String: Any] {
            let list = try dxcues(db, ["list", "--json"])
            let cues = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            return try #require(cues.first)
        }
        #expect(try dxcues(db, ["edit", "A101", "--reason", "perf", "--flags", "tv, adlib", "--mins", "1.5"]).status == 0)
        var c = try cue()
        #expect(c["reason"] as? String == "PERF" && c["flags"] as? [String] == ["tv", "adlib"] && c["budget_seconds"] as? Int == 90)
        // A well-formed timecode the project's rate has no frame for: still 64, after parsing.
        let frame25 = try dxcues(db, ["edit", "A101", "--out", "01:00:01:25"])
        #expect(frame25.status == 64 && frame25.stderr.contains("--out 01:00:01:25"), "\(frame25.stderr)")
        #expect(try dxcues(db, ["edit", "A101", "--reason", "none", "--flags", ""]).status == 0)
        c = try cue()
        #expect(c["reason"] is NSNull && c["flags"] as? [String] == [])
        let renumber = try dxcues(db, ["renumber", "--prefix", "ANN=AN", "--dry-run"])
        #expect(renumber.status == 0 && renumber.stdout.contains("A101 → AN001"), "\(renumber.stdout)")
        // Help text is wrapped at 80 columns: compared with its line breaks as spaces.
        func help(_ command: String) throws -> String {
            try Repo.run("dx-cues", [command, "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        #expect(try help("edit").contains("(values: NOISE, TECH, PERSP, PERF, STORY, ADD, GROUP, none)"))
        #expect(try help("report").contains("(values: supervisor, sides, log, linecount, callsheet, resolve-edl, avid-markers, all)"))
    }

    @Test func takesFromAlignReport() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("t.dxcues").path
        #expect(try dxcues(db, ["import", fixture("cues/charade.txt")]).status == 0)
        #expect(try dxcues(db, ["session", "add", "day1", "--stage", "B", "--date", "2026-12-02", "--actor", "Cary Grant"]).status == 0)
        let report = dir.appendingPathComponent("align.ndjson")
        try """
            {"take": "takes/P101_t1.wav", "offset_seconds": 3910.64, "confidence": 0.91, "match": true}
            {"take": "takes/P101_t2.wav", "offset_seconds": null, "confidence": 0.1, "match": false}
            {"take": "takes/XX.wav"}
            """.write(to: report, atomically: true, encoding: .utf8)
        let r = try dxcues(db, ["take", "add", "--from-align", report.path, "--session", "day1"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("align.ndjson:3"))
        #expect(try dxcues(db, ["take", "add", "--from-align", report.path, "--session", "day1", "-q"]).status == 0)  // again: no duplicates
        let list = try dxcues(db, ["list", "--json", "--character", "PETER"])
        let cues = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let takes = try #require(cues.first { $0["number"] as? String == "P101" }?["takes"] as? [[String: Any]])
        #expect(takes.count == 2)
        #expect(takes[0]["offset_seconds"] as? Double == 3910.64)
        #expect(takes[1]["match"] as? Bool == false)
    }

    /// kill -9 while a 10,000-cue import holds its transaction open (just before COMMIT,
    /// via the store's test hook), and at a random moment of a second import: the
    /// database is exactly as before or exactly as after, never between.
    @Test func killDuringImportLeavesBeforeOrAfter() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("k.dxcues").path
        #expect(try dxcues(db, ["import", fixture("cues/charade.txt")]).status == 0)
        let big = dir.appendingPathComponent("big.txt")
        try Self.bigExport(count: 10_000).write(to: big, atomically: true, encoding: .utf8)
        let before = try digest(db)

        let ready = dir.appendingPathComponent("ready").path
        let p = try spawn(["--db", db, "import", big.path], env: ["DXCUES_TEST_HOLD_WRITE": "\(ready):30"])
        #expect(waitForFile(ready, seconds: 60), "import never reached its commit")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(try digest(db) == before)
        // The search index and its triggers came through too (a bulk import drops and
        // restores the triggers inside its transaction).
        #expect(try dxcues(db, ["search", "belong"]).stdout.contains("P101"))

        // A kill at a moment inside the import's run time, then the import completed.
        let q = try spawn(["--db", db, "import", big.path])
        usleep(300_000)
        kill(q.processIdentifier, SIGKILL)
        q.waitUntilExit()
        let mid = try digest(db)
        let done = try dxcues(db, ["import", big.path])
        #expect(done.status == 0)
        let after = try digest(db)
        #expect(mid == before || mid == after, "state after a kill at 0.3 s is neither before nor after")
        #expect(after != before)
        #expect(try dxcues(db, ["check"]).stdout.contains("cue: 10041"))
        #expect(try dxcues(db, ["search", "Line", "499", "--character", "CHAR19"]).stdout.contains("CT1499"))
        #expect(try dxcues(db, ["search", "belong"]).stdout.contains("P101"))
        let check = try dxcues(db, ["check"])
        #expect(check.status == 0 && check.stdout.contains("integrity: ok"))
    }

    /// Two writers at once: with the default busy timeout both succeed; when one holds
    /// the write lock longer than the other waits, the other fails with a clear "busy"
    /// (exit 75) and the database holds the first one's work.
    @Test func twoWritersBothSucceedOrOneIsBusy() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("w.dxcues").path
        #expect(try dxcues(db, ["init", "--title", "W", "--fps", "25"]).status == 0)
        // Concurrent adds, default 5 s busy timeout: all succeed.
        var procs: [Process] = []
        for i in 0..<4 {
            let p = Process()
            p.executableURL = Repo.tool("dx-cues")
            p.arguments = ["--db", db, "add", "--character", "C\(i)", "--number", "N\(i)", "--in", "01:00:0\(i):00"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            procs.append(p)
        }
        for p in procs { p.waitUntilExit() }
        #expect(procs.allSatisfy { $0.terminationStatus == 0 })
        #expect(try dxcues(db, ["list", "--json"]).stdout.components(separatedBy: "\"schema\"").count - 1 == 4)

        // One writer holds the lock 3 s; the other waits only 0.3 s.
        let ready = dir.appendingPathComponent("ready").path
        let holder = try spawn(["--db", db, "add", "--character", "H", "--number", "HOLD", "--in", "01:00:10:00"],
                               env: ["DXCUES_TEST_HOLD_WRITE": "\(ready):3"])
        #expect(waitForFile(ready, seconds: 30))
        let busy = try dxcues(db, ["--busy-timeout", "0.3", "add", "--character", "B", "--number", "BUSY", "--in", "01:00:11:00"])
        #expect(busy.status == 75)
        #expect(busy.stderr.contains("busy"))
        holder.waitUntilExit()
        #expect(holder.terminationStatus == 0)
        let list = try dxcues(db, ["list", "--json"]).stdout
        #expect(list.contains("\"HOLD\"") && !list.contains("\"BUSY\""))
        // Readers are never blocked by a writer (WAL).
        let ready2 = dir.appendingPathComponent("ready2").path
        let holder2 = try spawn(["--db", db, "add", "--character", "H", "--number", "HOLD2", "--in", "01:00:12:00"],
                                env: ["DXCUES_TEST_HOLD_WRITE": "\(ready2):2"])
        #expect(waitForFile(ready2, seconds: 30))
        let read = try dxcues(db, ["--busy-timeout", "0.1", "list", "--json"])
        #expect(read.status == 0 && !read.stdout.contains("HOLD2"))
        holder2.waitUntilExit()
    }
}
