import Foundation
import Testing
@testable import DXCueStore
import DXCueImport
import DXTimecode
import TestSupport

struct CueStoreTests {
    static func tempStore() throws -> (CueStore, URL) {
        let dir = try Repo.temporaryDirectory()
        return (try CueStore(path: dir.appendingPathComponent("p.dxcues").path), dir)
    }

    static func charade() throws -> CueImport {
        try ProToolsCueReader.read(bytes: Repo.fixtureBytes("cues/charade.txt"), file: "charade.txt")
    }

    /// The store states what is missing and what it is about; dx-cues names the command
    /// that mends it (no tool's command line in the library's words).
    @Test func missingProjectAndSessionAreFactsWithTheirSubject() throws {
        let (s, dir) = try Self.tempStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect { try s.addTakes([CueStore.NewTake(cue: "A101")]) } throws: { e in
            guard let e = e as? CueStoreError else { return false }
            return e.kind == .noProject && e.subject == s.path && e.description == "\(s.path): no project yet"
        }
        _ = try s.createProject(title: "T", rate: .fps25)
        _ = try s.importCues(try Self.charade())
        var take = CueStore.NewTake(cue: "P101")
        take.session = "day9"
        #expect { try s.addTakes([take]) } throws: { e in
            guard let e = e as? CueStoreError else { return false }
            return e.kind == .noSession && e.subject == "day9" && e.description == "no session named day9"
        }
    }

    @Test func schemaIsWALStrictWithForeignKeysAndFTS() throws {
        let (s, dir) = try Self.tempStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = try s.schemaFacts()
        #expect(f.journalMode == "wal")
        #expect(f.foreignKeys)
        #expect(Set(f.strictTables).isSuperset(of: ["project", "reel", "picture_version", "character", "cue", "session", "session_actor", "take"]))
        #expect(f.ftsTables == ["cue_fts"])
        #expect(f.migrations.count == 1)
        // Reopening migrates nothing twice.
        let again = try CueStore(path: s.path)
        #expect(try again.schemaFacts().migrations == f.migrations)
    }

    @Test func importThenReimportNeverDuplicates() throws {
        let (s, dir) = try Self.tempStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let imp = try Self.charade()
        let r1 = try s.importCues(imp)
        #expect(r1.added.count == 41 && r1.createdProject)
        #expect(try s.project()?.title == "Charade")
        #expect(try s.project()?.rate == .fps25)
        #expect(try s.reels() == ["R1", "R2", "R3"])
        let r2 = try s.importCues(imp)
        #expect(r2.added.isEmpty && r2.updated.isEmpty && r2.unchanged == 41)
        #expect(try s.cues().count == 41)

        // An updated export: one line changed, one cue moved, one removed.
        var changed = imp
        changed.cues[0].line = "A new line"
        changed.cues[1].start += 10
        changed.cues[1].finish += 10
        let gone = changed.cues.removeLast()
        let r3 = try s.importCues(changed)
        #expect(r3.updated.count == 2)
        #expect(r3.updated[0].fields.map(\.field) == ["line"])
        #expect(r3.updated[1].fields.map(\.field).contains("tc_in"))
        #expect(r3.missing == [gone.number])
        #expect(try s.cues().count == 41)
        let r4 = try s.importCues(changed, omitMissing: true)
        #expect(r4.omitted == [gone.number])
        var f = CueFilter()
        f.statuses = [.omitted]
        #expect(try s.cues(f).map(\.number) == [gone.number])
    }

    @Test func reelsAsFound() throws {
        let (s, dir) = try Self.tempStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try s.importCues(try Self.charade())
        var counts: [String: Int] = [:]
        for c in try s.cues() { counts[c.reel ?? "-", default: 0] += 1 }
        #expect(counts == ["R1": 16, "R2": 21, "R3": 4])
        // Ordered by reel, then TC in.
        let all = try s.cues()
        #expect(all.map { $0.reelPosition ?? 0 } == all.map { $0.reelPosition ?? 0 }.sorted())
    }

    @Test func hostileTextIsStoredAsText() throws {
        let (s, dir) = try Self.tempStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try s.createProject(title: "x'); DROP TABLE project; --", rate: .fps24)
        let evil = "'); DROP TABLE cue; --"
        var e = CueEdit()
        e.character = evil
        e.line = evil
        e.note = "\" OR 1=1 -- *"
        e.tcIn = 86400
        e.number = evil
        let n = try s.addCue(e)
        #expect(n == evil)
        let got = try #require(try s.cues().first)
        #expect(got.line == evil && got.character == evil && got.number == evil)
        #expect(try s.search("DROP TABLE").map(\.number) == [evil])
        #expect(try s.search("\" OR 1=1 -- * NEAR(").isEmpty || true)
        #expect(try s.project()?.title == "x'); DROP TABLE project; --")
        #expect(try s.schemaFacts().strictTables.contains("cue"))
    }

    @Test func fullTextSearch() throws {
        let (s, dir) = try Self.tempStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try s.importCues(try Self.charade())
        #expect(try s.search("belong").map(\.number) == ["P101"])
        #expect(try s.search("belo").map(\.number) == ["P101"])
        // Notes and reasons are searched too.
        #expect(try s.search("Low Priority").map(\.number) == ["R102"])
        var f = CueFilter()
        f.characters = ["PETER"]
        #expect(try s.search("replace", filter: f).allSatisfy { $0.character == "PETER" })
        for hostile in ["\"", "AND", "*", "a OR", "NEAR(x", "(", "^", ""] { _ = try s.search(hostile) }
        // Edits keep the index in step.
        var e = CueEdit()
        e.line = "Completely different words"
        try s.editCue("P101", e)
        #expect(try s.search("belong").isEmpty)
        #expect(try s.search("completely").map(\.number) == ["P101"])
    }

    /// A bulk import indexes its cues for search in one rebuild at the end, and leaves the
    /// triggers that keep the index in step with later edits exactly as the schema has them.
    @Test func bulkImportIndexesOnceAndKeepsTheTriggers() throws {
        let (s, dir) = try Self.tempStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        func normalized(_ sql: String) -> String { sql.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ") }
        func triggers() throws -> [String] {
            try s.read { db in try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('cue_fts_insert', 'cue_fts_update') ORDER BY name") }
                .map(normalized)
        }
        // The bulk path recreates the migration's triggers from the same SQL.
        let fromMigration = try triggers()
        #expect(fromMigration == [normalized(Schema.ftsInsertTrigger), normalized(Schema.ftsUpdateTrigger)])
        try s.importCues(try Self.charade())
        var imp = CueImport(file: "bulk.txt", format: "test")
        for i in 0..<600 {
            imp.cues.append(SpottedCue(number: "BK\(i)", character: "BULK", start: Int64(90_000 + 50 * i), finish: Int64(90_040 + 50 * i),
                                       rate: .fps25, line: "bulk line word\(i) in one pass", place: SourcePlace(file: "bulk.txt", line: i + 1)))
        }
        let r = try s.importCues(imp)
        #expect(r.added.count == 600)
        #expect(try s.search("word599").map(\.number) == ["BK599"])
        #expect(try s.search("belong").map(\.number) == ["P101"])      // rows from before the bulk import stay indexed
        #expect(try s.search("pass").count == 600)
        #expect(try triggers() == fromMigration)
        try s.write { db in try db.execute(sql: "INSERT INTO cue_fts(cue_fts, rank) VALUES ('integrity-check', 1)") }
        var e = CueEdit()
        e.line = "Edited after the bulk import"
        try s.editCue("BK7", e)
        #expect(try s.search("edited").map(\.number) == ["BK7"])
        #expect(try !s.search("word7").map(\.number).contains("BK7"))
    }

    @Test func renumberSchemes() throws {
        let (s, dir) = try Self.tempStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try s.importCues(try Self.charade())
        var scheme = RenumberScheme()
        scheme.scope = .reel
        scheme.padding = 2
        let preview = try s.renumber(scheme, dryRun: true)
        #expect(!preview.isEmpty)
        #expect(try s.cues().contains { $0.number == "P101" })  // dry run changed nothing
        _ = try s.renumber(scheme)
        let peter = try s.cues().filter { $0.character == "PETER" }
        #expect(peter.first?.number == "P101")
        #expect(peter.contains { $0.number == "P201" })
        #expect(peter.contains { $0.number == "P301" })
        scheme.scope = .global
        scheme.padding = 3
        _ = try s.renumber(scheme)
        #expect(try s.cues().filter { $0.character == "PETER" }.map(\.number) == (1...10).map { "P" + String(repeating: "0", count: 3 - String($0).count) + String($0) })
        // Two characters with one prefix: refused, nothing changed.
        try s.setPrefix(character: "REGGIE", prefix: "P")
        let before = try s.dump()
        #expect(throws: CueStoreError.self) { try s.renumber(scheme) }
        #expect(try s.dump() == before)
    }

    @Test func takesAndSessions() throws {
        let (s, dir) = try Self.tempStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try s.importCues(try Self.charade())
        try s.addSession(name: "day1", stage: "Stage B", date: "2026-12-02", engineer: "Ann", note: nil, actors: ["Cary Grant"])
        var t = CueStore.NewTake(cue: "P101")
        t.session = "day1"
        t.file = "P101_t1.wav"
        try s.addTakes([t, t])  // same file: one take
        var t2 = CueStore.NewTake(cue: "P101")
        t2.circled = true
        try s.addTakes([t2])
        let p101 = try #require(try s.cues().first { $0.number == "P101" })
        #expect(p101.takes.map(\.number) == [1, 2])
        #expect(p101.takes[1].circled)
        #expect(p101.status == .recorded)
        #expect(try s.sessions().map(\.actors) == [["Cary Grant"]])
        #expect(throws: CueStoreError.self) { try s.addTakes([CueStore.NewTake(cue: "NOPE")]) }
    }

    @Test func alignReportIsTolerant() throws {
        let text = """
            {"take": "/x/P101_t3.wav", "offset_seconds": 12.3456, "confidence": 0.87, "match": true}
            {"take_path": "R102-take2.wav", "offset_samples": 48000, "sample_rate": 48000}
            {"file": {"path": "SY101_t1.wav"}, "offset_seconds": null, "match": false}
            not json
            {"take": "noclue.wav"}
            {"take": "whatever.wav", "cue": "T1001", "offset_seconds": 1e-3}
            """
        let (recs, warnings) = AlignReportReader.read(bytes: Array(text.utf8), file: "a.ndjson")
        #expect(recs.map(\.cue) == ["P101", "R102", "SY101", "T1001"])
        #expect(recs.map(\.takeNumber) == [3, 2, 1, nil])
        #expect(recs.map(\.offsetMicroseconds) == [12_345_600, 1_000_000, nil, 1000])
        #expect(recs[0].confidence == 0.87 && recs[2].match == false)
        #expect(warnings.map(\.line) == [4, 5])
    }

    @Test func ratesAreConvertedOnImport() throws {
        let (s, dir) = try Self.tempStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try s.createProject(title: "T", rate: .fps24)
        let r = try s.importCues(try Self.charade())
        #expect(r.converted == "25 → 24")
        let p101 = try #require(try s.cues().first { $0.number == "P101" })
        #expect(p101.rate == .fps24)
        // 01:05:10:16 at 25 = 3910.64 s → frame 93855 at 24 (01:05:10:15.36 → :15).
        #expect(p101.tcIn.description == "01:05:10:15")
    }
}
