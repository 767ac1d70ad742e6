import DXConformMedia
import DXMediaIndex
import Foundation
import GRDB
import TestSupport
import Testing

/// The index as `match` reads it when it is busy, missing, another program's database,
/// or written by a newer dxkit: each is refused with the exit status of its cause
/// (75, 66, 65), never exit 70 "internal error", never a trap in GRDB, and a foreign
/// file is left as it was.
@Suite(.serialized) struct MediaIndexSafetyTests {
    static let edl = """
        TITLE: INDEX SAFETY
        FCM: NON-DROP FRAME
        001  DAY1     A     C        10:00:01:00 10:00:02:00 01:00:00:00 01:00:01:00

        """

    /// A folder with the list and an index of one file covering its event.
    func project() throws -> TempDir {
        let dir = try TempDir()
        try Self.edl.write(toFile: dir.file("cut.edl"), atomically: true, encoding: .utf8)
        let index = try MediaIndex(path: dir.file("media.db"))
        try index.store(MediaRecord(path: "/media/T1.WAV", size: 1, modified: 1, sampleRate: 48000, channels: 1, frames: 48000 * 10,
                                    sampleFormat: "pcm24", timeReference: 10 * 3600 * 48000, tape: "DAY1", trackNames: ["Mix"],
                                    fingerprint: "f1"))
        return dir
    }

    func match(_ dir: TempDir, index: String = "media.db") throws -> ToolRun {
        try Repo.run("dx-conform", ["match", "--fps", "25", dir.file("cut.edl"), "--index", dir.file(index)])
    }

    @Test func aReadableIndexMatches() throws {
        let dir = try project()
        let r = try match(dir)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func theIndexIsInWALMode() throws {
        let dir = try project()
        let mode = try DatabaseQueue(path: dir.file("media.db")).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func busyIndexIsATemporaryFailure() throws {
        let dir = try project()
        // Another process holding the file exclusively (as a rescan's commit does).
        var config = Configuration()
        config.busyMode = .immediateError
        config.allowsUnsafeTransactions = true  // the lock is held across accesses, on purpose
        let holder = try DatabaseQueue(path: dir.file("media.db"), configuration: config)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
            try db.execute(sql: "BEGIN EXCLUSIVE")
            try db.execute(sql: "UPDATE media SET missing = 0")
        }
        defer { try? holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        let started = Date()
        let r = try match(dir)
        #expect(r.status == 75, "\(r.stderr)")
        #expect(r.stderr.contains("busy"))
        // It waited for the lock before giving up (the busy timeout), not failed at once.
        #expect(Date().timeIntervalSince(started) >= 1)
    }

    @Test func missingIndexIsNoInput() throws {
        let dir = try project()
        let r = try match(dir, index: "nope.db")
        #expect(r.status == 66)
        #expect(throws: MediaIndexError.self) { try MediaIndex(path: dir.file("nope.db"), readOnly: true) }
    }

    @Test func notSQLiteIsADataError() throws {
        let dir = try project()
        try Data("hello, not a database".utf8).write(to: URL(fileURLWithPath: dir.file("text.db")))
        let r = try match(dir, index: "text.db")
        #expect(r.status == 65, "\(r.stderr)")
    }

    /// Another program's SQLite file: refused by match and by index, and left untouched
    /// (no media table created in it, its journal mode not changed).
    @Test func foreignDatabaseIsRefusedAndLeftAlone() throws {
        let dir = try project()
        let path = dir.file("notes.db")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('keep me')")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let r = try match(dir, index: "notes.db")
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("not a dx-conform media index"))
        // The library states the fact and the remedy; dx-conform names the command.
        #expect(r.stderr.contains("no media table); build one with dx-conform index --db NEWFILE"))
        #expect(throws: MediaIndexError.self) {
            do { _ = try MediaIndex(path: path, readOnly: true) } catch let e as MediaIndexError {
                #expect(e.remedy == .buildIntoNewFile && !e.description.contains("dx-conform index"))
                throw e
            }
        }
        let scan = try Repo.run("dx-conform", ["index", dir.path, "--db", path])
        #expect(scan.status != 0)
        #expect(scan.stderr.contains("not a dx-conform media index"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// An empty file is no index yet: refused (65), with the command that builds one.
    @Test func emptyFileIsRefusedWithTheCommandThatBuildsOne() throws {
        let dir = try project()
        FileManager.default.createFile(atPath: dir.file("empty.db"), contents: Data())
        let r = try match(dir, index: "empty.db")
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("empty.db: not a dx-conform media index (an empty database); build one with dx-conform index\n"))
    }

    /// A `media` table that is not ours (other columns): refused, not a trap in GRDB.
    @Test func foreignMediaTableIsRefusedNotTrappedOn() throws {
        let dir = try project()
        let path = dir.file("other.db")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1');
                CREATE TABLE media (id INTEGER PRIMARY KEY, path TEXT, title TEXT);
                INSERT INTO media (path, title) VALUES ('/a.wav', 'A');
                """)
        }
        let r = try match(dir, index: "other.db")
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("not a dx-conform media index"))
    }

    /// A row holding a value of the wrong type (another writer's): an error naming it.
    @Test func wrongTypedValueIsAnErrorNotATrap() throws {
        let dir = try project()
        try DatabaseQueue(path: dir.file("media.db")).write { db in
            try db.execute(sql: "UPDATE media SET sample_rate = 'fast'")
        }
        let r = try match(dir)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("sample_rate"))
    }

    @Test(arguments: ["PRAGMA user_version = 2", "INSERT INTO grdb_migrations VALUES ('v2')"])
    func newerSchemaIsRefused(change: String) throws {
        let dir = try project()
        try DatabaseQueue(path: dir.file("media.db")).writeWithoutTransaction { db in try db.execute(sql: change) }
        let r = try match(dir)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("newer dxkit"))
        #expect(throws: MediaIndexError.self) { try MediaIndex(path: dir.file("media.db")) }
    }
}
