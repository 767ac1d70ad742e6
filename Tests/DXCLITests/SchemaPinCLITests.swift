import Foundation
import TestSupport
import Testing

/// The JSON schemas of `dx-cues import`, `status`, `check`, `session list`, `renumber`,
/// `dx-conform extract`, `index` and `list` (several files) and `dx-align batch`'s error
/// rows, pinned byte for byte as the tools printed them (output of a
/// real run; temporary paths shown as DIR), so the schemas can live in their libraries
/// without changing a byte.
@Suite(.serialized) struct SchemaPinCLITests {
    /// Runs a tool and returns its stdout with `dir` written as DIR.
    func run(_ tool: String, _ args: [String], in dir: URL) throws -> String {
        let r = try Repo.run(tool, args)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return r.stdout.replacingOccurrences(of: dir.path, with: "DIR")
    }

    /// Two small CSV exports: the second changes a line and a TC out and drops a cue.
    func cueProject() throws -> URL {
        let dir = try Repo.temporaryDirectory()
        try "Cue,TC In,TC Out,Character,Line\nA101,01:00:01:00,01:00:02:00,ANN,Hello there\nA102,,01:00:03:00,ANN,No start\n"
            .appending("B101,01:00:04:00,01:00:05:00,BOB,Goodbye\nB102,01:00:06:00,01:00:07:00,BOB,Again\n")
            .write(to: dir.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        try "Cue,TC In,TC Out,Character,Line\nA101,01:00:01:00,01:00:02:00,ANN,Hello again\nB101,01:00:04:00,01:00:05:10,BOB,Goodbye\n"
            .write(to: dir.appendingPathComponent("two.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func cueImportStatusAndCheckJSON() throws {
        let dir = try cueProject()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.db").path
        func cues(_ args: [String]) throws -> String { try run("dx-cues", ["--db", db] + args, in: dir) }
        _ = try cues(["init", "--title", "Pin", "--fps", "25"])
        let one = dir.appendingPathComponent("one.csv").path, two = dir.appendingPathComponent("two.csv").path
        // Converted from --fps 24 to the project's 25, a row without TC in warned about.
        #expect(try cues(["import", "--json", "--fps", "24", one]) == #"""
            [
              {
                "schema": 1,
                "file": "DIR/one.csv",
                "format": "csv",
                "cues": 3,
                "other_events": 0,
                "dry_run": false,
                "created_project": false,
                "converted": "24 → 25",
                "added": [
                  "A101",
                  "B101",
                  "B102"
                ],
                "updated": [],
                "unchanged": 0,
                "missing": [],
                "omitted": [],
                "warnings": [
                  "DIR/one.csv:3: warning: no TC in: row ignored"
                ]
              }
            ]

            """#)
        // Two files: one object each; updates, a missing cue omitted, then all unchanged.
        #expect(try cues(["import", "--json", "--omit-missing", two, two]) == #"""
            [
              {
                "schema": 1,
                "file": "DIR/two.csv",
                "format": "csv",
                "cues": 2,
                "other_events": 0,
                "dry_run": false,
                "created_project": false,
                "converted": null,
                "added": [],
                "updated": [
                  {
                    "number": "A101",
                    "changes": [
                      {
                        "field": "line",
                        "old": "Hello there",
                        "new": "Hello again"
                      }
                    ]
                  },
                  {
                    "number": "B101",
                    "changes": [
                      {
                        "field": "tc_out",
                        "old": "01:00:05:00",
                        "new": "01:00:05:10"
                      }
                    ]
                  }
                ],
                "unchanged": 0,
                "missing": [
                  "B102"
                ],
                "omitted": [
                  "B102"
                ],
                "warnings": []
              },
              {
                "schema": 1,
                "file": "DIR/two.csv",
                "format": "csv",
                "cues": 2,
                "other_events": 0,
                "dry_run": false,
                "created_project": false,
                "converted": null,
                "added": [],
                "updated": [],
                "unchanged": 2,
                "missing": [
                  "B102"
                ],
                "omitted": [],
                "warnings": []
              }
            ]

            """#)
        #expect(try cues(["import", "--json", "--dry-run", one]) == #"""
            [
              {
                "schema": 1,
                "file": "DIR/one.csv",
                "format": "csv",
                "cues": 3,
                "other_events": 0,
                "dry_run": true,
                "created_project": false,
                "converted": null,
                "added": [],
                "updated": [
                  {
                    "number": "A101",
                    "changes": [
                      {
                        "field": "line",
                        "old": "Hello again",
                        "new": "Hello there"
                      }
                    ]
                  },
                  {
                    "number": "B101",
                    "changes": [
                      {
                        "field": "tc_out",
                        "old": "01:00:05:10",
                        "new": "01:00:05:00"
                      }
                    ]
                  }
                ],
                "unchanged": 1,
                "missing": [],
                "omitted": [],
                "warnings": [
                  "DIR/one.csv:3: warning: no TC in: row ignored"
                ]
              }
            ]

            """#)
        #expect(try cues(["status", "--json"]) == #"""
            {
              "schema": 1,
              "counts": {
                "spotted": 2,
                "to_record": 0,
                "recorded": 0,
                "approved": 0,
                "omitted": 1
              },
              "total": 3
            }

            """#)
        // The digest changes with every database (rows carry times); it is the one the
        // text form prints.
        let check = try cues(["check", "--json"])
        #expect(check.hasPrefix(#"""
            {
              "schema": 1,
              "integrity": "ok",
              "foreign_key_violations": 0,
              "journal_mode": "wal",
              "migrations": [
                "v1: project, reels, versions, characters, cues, sessions, takes"
              ],
              "rows": {
                "project": 1,
                "reel": 0,
                "picture_version": 0,
                "character": 2,
                "cue": 3,
                "session": 0,
                "session_actor": 0,
                "take": 0
              },

            """#))
        let digest = try #require(try cues(["check"]).split(separator: "\n").first { $0.hasPrefix("digest: ") }?.dropFirst(8))
        #expect(digest.count == 16 && digest.allSatisfy(\.isHexDigit))
        #expect(check.dropFirst(353) == "  \"digest\": \"\(digest)\"\n}\n")
    }

    @Test func sessionListAndRenumberJSON() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("s.db").path
        func cues(_ args: [String]) throws -> String { try run("dx-cues", ["--db", db] + args, in: dir) }
        _ = try cues(["init", "--title", "Pin", "--fps", "25"])
        #expect(try cues(["session", "list", "--json"]) == "[]\n")
        #expect(try cues(["renumber", "--json"]) == "{\n  \"schema\": 1,\n  \"dry_run\": false,\n  \"changes\": []\n}\n")
        _ = try cues(["add", "--character", "ANN", "--in", "01:00:00:00"])
        _ = try cues(["add", "--character", "BOB", "--in", "01:00:02:00"])
        _ = try cues(["session", "add", "day1", "--stage", "B", "--date", "2026-12-02", "--engineer", "Jo \"Q\" Lee",
                      "--actor", "Ann A", "--actor", "Bob B", "--note", "ok"])
        _ = try cues(["session", "add", "day2"])
        #expect(try cues(["session", "list", "--json"]) == #"""
            [
              {
                "schema": 1,
                "name": "day2",
                "stage": null,
                "date": null,
                "engineer": null,
                "note": null,
                "actors": []
              },
              {
                "schema": 1,
                "name": "day1",
                "stage": "B",
                "date": "2026-12-02",
                "engineer": "Jo \"Q\" Lee",
                "note": "ok",
                "actors": [
                  "Ann A",
                  "Bob B"
                ]
              }
            ]

            """#)
        #expect(try cues(["renumber", "--json", "--dry-run", "--prefix", "ANN=AN"]) == #"""
            {
              "schema": 1,
              "dry_run": true,
              "changes": [
                {
                  "old": "A101",
                  "new": "AN001"
                },
                {
                  "old": "B101",
                  "new": "B001"
                }
              ]
            }

            """#)
        #expect(try cues(["renumber", "--json", "--scope", "reel"]) == #"""
            {
              "schema": 1,
              "dry_run": false,
              "changes": [
                {
                  "old": "A101",
                  "new": "AN001"
                },
                {
                  "old": "B101",
                  "new": "B001"
                }
              ]
            }

            """#)
    }

    @Test func extractJSON() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let aiff = Repo.fixture("aaf/PR_AIFF_Internal.aaf").path
        #expect(try run("dx-conform", ["extract", "--json", "-q", aiff, "-o", dir.path + "/x"], in: dir) == #"""
            [
              {
                "file": "DIR/x/060a2b34.01010101.01010f00.13000000.060e2b34.7f7f2a80.65a2bc78.2eba1272.wav",
                "mob_id": "urn:smpte:umid:060a2b34.01010101.01010f00.13000000.060e2b34.7f7f2a80.65a2bc78.2eba1272",
                "mob_name": null,
                "descriptor": "AIFCDescriptor",
                "format": "AIFC",
                "frames": 51256,
                "stated_frames": 51260,
                "stream_frames": 51256,
                "sample_rate": "48000",
                "channels": 1,
                "bits": 16,
                "stored_bits": 16,
                "time_reference": 66693827,
                "time_reference_from": "import mob \"Import1000hz-18dbs16b44.1k.wav\": timecode 00:00:00:00 at 30000/1001 + StartTime 66693827 at 48000",
                "warnings": [
                  "the descriptor states 51260 frames but the stream holds 51256; 51256 written, none invented"
                ]
              }
            ]

            """#)
        let empty = Repo.fixture("aaf/pyaaf2_empty.aaf").path
        #expect(try run("dx-conform", ["extract", "--json", "-q", empty, "-o", dir.path + "/y"], in: dir) == "[]\n")
    }

    /// A run that may fail: its stdout with `dir` written as DIR, and its exit status.
    func runStatus(_ tool: String, _ args: [String], in dir: URL) throws -> (String, Int32) {
        let r = try Repo.run(tool, args)
        return (r.stdout.replacingOccurrences(of: dir.path, with: "DIR"), r.status)
    }

    /// One second (or more) of mono white noise at 48 kHz made by sox; tagged as
    /// production sound (tape DAY1, TimeReference at `start`) unless `start` is nil.
    func noise(_ path: String, seconds: Int = 1, start: String? = nil) throws {
        let raw = start == nil ? path : path + ".raw.wav"
        let sox = try Repo.run(executable: URL(fileURLWithPath: "/usr/bin/sox"),
                               ["-n", "-r", "48000", "-b", "16", "-c", "1", raw, "synth", String(seconds), "whitenoise", "vol", "0.2"])
        #expect(sox.status == 0, "\(sox.stderr)")
        guard let start else { return }
        let tag = try Repo.run("dx-conform", ["tag-bwf", raw, "-o", path, "--start", start, "--fps", "25", "--tape", "DAY1", "--tracks", "Mix"])
        #expect(tag.status == 0, "\(tag.stderr)")
        try FileManager.default.removeItem(atPath: raw)
    }

    /// A first scan (an unreadable file: 65, a file without TimeReference), then a rescan
    /// that finds a file moved, one rewritten, one gone and one unchanged.
    @Test func indexJSON() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let media = dir.path + "/media"
        try FileManager.default.createDirectory(atPath: media + "/sub", withIntermediateDirectories: true)
        try noise(media + "/A.wav", start: "10:00:00:00")
        try noise(media + "/D.wav", start: "10:01:00:00")
        try noise(media + "/E.wav", start: "10:02:00:00")
        try noise(media + "/B.wav")
        try Data("RIFF not audio".utf8).write(to: URL(fileURLWithPath: media + "/bad.wav"))
        let index = ["index", "--json", "--db", dir.path + "/m.db", media]
        let (first, status) = try runStatus("dx-conform", index, in: dir)
        #expect(status == 65)
        #expect(first == #"""
            {
              "schema": 1,
              "index": "DIR/m.db",
              "files": 4,
              "added": [
                "DIR/media/A.wav",
                "DIR/media/B.wav",
                "DIR/media/D.wav",
                "DIR/media/E.wav"
              ],
              "updated": [],
              "unchanged": 0,
              "moved": [],
              "missing": [],
              "failed": [
                {
                  "path": "DIR/media/bad.wav",
                  "reason": "not a readable audio file (expected WAV, RF64, AIFF or FLAC): Format not recognised."
                }
              ],
              "without_time_reference": [
                "DIR/media/B.wav"
              ]
            }

            """#)
        let fm = FileManager.default
        try fm.removeItem(atPath: media + "/bad.wav")
        try fm.removeItem(atPath: media + "/D.wav")
        try fm.moveItem(atPath: media + "/A.wav", toPath: media + "/sub/C.wav")
        try fm.removeItem(atPath: media + "/B.wav")
        try noise(media + "/B.wav", seconds: 2)
        #expect(try run("dx-conform", index + ["-q"], in: dir) == #"""
            {
              "schema": 1,
              "index": "DIR/m.db",
              "files": 3,
              "added": [],
              "updated": [
                "DIR/media/B.wav"
              ],
              "unchanged": 1,
              "moved": [
                {
                  "from": "DIR/media/A.wav",
                  "to": "DIR/media/sub/C.wav"
                }
              ],
              "missing": [
                "DIR/media/D.wav"
              ],
              "failed": [],
              "without_time_reference": [
                "DIR/media/B.wav"
              ]
            }

            """#)
    }

    /// The NDJSON row of a take that could not be aligned: its guide unreadable (65), the
    /// take missing (66) or unreadable (65); the batch exits with the take's status.
    @Test func alignBatchErrorRows() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try noise(dir.path + "/guide.wav", start: "10:00:00:00")
        let bad = dir.path + "/bad.wav"
        try Data("RIFF not audio".utf8).write(to: URL(fileURLWithPath: bad))
        let unreadable = "not a readable audio file (expected WAV, RF64, AIFF or FLAC): Format not recognised."
        let (badGuide, status) = try runStatus("dx-align", ["batch", "--guide", bad, dir.path + "/guide.wav"], in: dir)
        #expect(status == 65)
        #expect(badGuide == #"{"schema":1,"take":"DIR/guide.wav","guide":"DIR/bad.wav","offset_seconds":null,"match":false,"#
            + #""error":"DIR/bad.wav: \#(unreadable)","exit_status":65}"# + "\n")
        let (missing, status66) = try runStatus("dx-align", ["batch", "--guide", dir.path + "/guide.wav", dir.path + "/missing.wav"], in: dir)
        #expect(status66 == 66)
        #expect(missing == #"{"schema":1,"take":"DIR/missing.wav","guide":"DIR/guide.wav","offset_seconds":null,"match":false,"#
            + #""error":"DIR/missing.wav: no such file","exit_status":66}"# + "\n")
        let (badTake, status65) = try runStatus("dx-align", ["batch", "--guide", dir.path + "/guide.wav", bad], in: dir)
        #expect(status65 == 65)
        #expect(badTake == #"{"schema":1,"take":"DIR/bad.wav","guide":"DIR/guide.wav","offset_seconds":null,"match":false,"#
            + #""error":"DIR/bad.wav: \#(unreadable)","exit_status":65}"# + "\n")
    }

    /// Several failing takes: the status is the first failing take's in input order, whatever
    /// finishes first (a missing file fails at once; it used to win the race and give 66).
    @Test func batchStatusIsTheFirstFailingTakeInInputOrder() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try noise(dir.path + "/guide.wav", start: "10:00:00:00")
        let bad = dir.path + "/bad.wav"
        try Data("RIFF not audio".utf8).write(to: URL(fileURLWithPath: bad))
        for _ in 0..<3 {
            let (_, badFirst) = try runStatus(
                "dx-align", ["batch", "--jobs", "2", "--guide", dir.path + "/guide.wav", bad, dir.path + "/missing.wav"], in: dir)
            #expect(badFirst == 65)
            let (_, missingFirst) = try runStatus(
                "dx-align", ["batch", "--jobs", "2", "--guide", dir.path + "/guide.wav", dir.path + "/missing.wav", bad], in: dir)
            #expect(missingFirst == 66)
        }
    }

    /// Several files (or AAF compositions): one array of the documents each prints alone,
    /// not re-indented; time-read's compact object.
    @Test func listSeveralFilesJSON() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, reel) in [("one", "DAY1"), ("two", "DAY2")] {
            try "TITLE: \(name)\nFCM: NON-DROP FRAME\n001  \(reel)     A     C        10:00:01:00 10:00:02:00 01:00:00:00 01:00:01:00\n"
                .write(to: dir.appendingPathComponent(name + ".edl"), atomically: true, encoding: .utf8)
        }
        func list(_ names: [String]) throws -> String {
            try run("dx-conform", ["list", "--json", "--fps", "25"] + names.map { dir.path + "/" + $0 + ".edl" }, in: dir)
        }
        let one = try list(["one"]), two = try list(["two"])
        // time-read (for make bench): one compact object; only the seconds change per run.
        let timing = try run("dx-conform", ["time-read", "--runs", "3", "--fps", "25", dir.path + "/one.edl"], in: dir)
        #expect(timing.hasPrefix(#"{"file":"DIR/one.edl","bytes":108,"events":1,"runs":3,"median_s":"#), "\(timing)")
        let seconds = timing.split(separator: ":").suffix(2).compactMap { Double($0.prefix { $0 != "," && $0 != "}" }) }
        #expect(seconds.count == 2 && seconds[1] <= seconds[0] && timing.hasSuffix("}\n"))
        #expect(one.hasPrefix("{\n  \"schema\": 1,\n  \"file\": \"DIR/one.edl\",") && one.hasSuffix("\n}\n"))
        #expect(try list(["one", "two"]) == "[\n" + one.dropLast() + ",\n" + two.dropLast() + "\n]\n")
        // An AAF with two compositions: the array of what --composition prints for each.
        let aaf = Repo.fixture("aaf/otio_multiple_top_level_mobs.aaf").path
        let all = try run("dx-conform", ["list", "--json", aaf], in: dir)
        let first = try run("dx-conform", ["list", "--json", "--composition", "1", aaf], in: dir)
        let second = try run("dx-conform", ["list", "--json", "--composition", "2", aaf], in: dir)
        #expect(first != second && all == "[\n" + first.dropLast() + ",\n" + second.dropLast() + "\n]\n")
    }
}
