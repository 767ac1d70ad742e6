#if canImport(Glibc)
import Glibc
#endif
import DXCueImport
import DXTimecode
import GRDB

/// One ADR project's cue database: a single SQLite file in WAL mode (readers never block
/// the writer), foreign keys on, every change in one IMMEDIATE transaction so a crash
/// leaves the file as it was before or after, never half. A second writer waits up to
/// `busyTimeout` seconds, then gets a `.busy` error saying so.
public final class CueStore {
    let writer: any DatabaseWriter
    public let path: String

    /// Opens (creating when missing) and migrates the database at `path`; ":memory:" for tests.
    public init(path: String, busyTimeout: Double = 5) throws {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "dx-cues"
        // A page cache that holds a 10,000-cue project (about 4 MB) whole, so a big import
        // does not spill pages to the log before it commits, and reports read from memory.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -32768") }
        do {
            if path == ":memory:" {
                writer = try DatabaseQueue(configuration: config)
            } else {
                writer = try DatabasePool(path: path, configuration: config)
            }
            // Migrate only when needed, so opening a current database never waits for the write lock.
            let migrator = Schema.migrator
            if try !writer.read({ try migrator.hasCompletedMigrations($0) }) {
                try migrator.migrate(writer)
            }
        } catch {
            throw CueStore.mapped(error, path: path)
        }
    }

    /// "wal" for a file database.
    public func journalMode() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Names of the applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try read { db in try Schema.migrator.appliedMigrations(db) }
    }

    // MARK: transactions

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try writer.read(body) } catch { throw CueStore.mapped(error, path: path) }
    }

    /// Runs `body` in one IMMEDIATE transaction (the write lock is taken at BEGIN, so a
    /// busy database is reported before any work), committed only if `body` returns.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    try CueStore.holdForTestsIfAsked()
                    return .commit
                }
                return result!
            }
        } catch {
            throw CueStore.mapped(error, path: path)
        }
    }

    /// Test hook for the durability tests: with DXCUES_TEST_HOLD_WRITE=FILE:SECONDS the
    /// writer creates FILE just before COMMIT and waits SECONDS, so a test can kill the
    /// process, or try a second writer, while the transaction is open.
    static func holdForTestsIfAsked() throws {
        guard let raw = getenv("DXCUES_TEST_HOLD_WRITE") else { return }
        let spec = String(cString: raw)
        guard let colon = spec.lastIndex(of: ":"), let secs = Double(spec[spec.index(after: colon)...]) else { return }
        let file = String(spec[..<colon])
        let fd = open(file, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        if fd >= 0 { close(fd) }
        usleep(UInt32(max(0, min(secs, 60)) * 1_000_000))
    }

    static func mapped(_ error: Error, path: String) -> Error {
        if error is CueStoreError { return error }
        guard let e = error as? DatabaseError else { return error }
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return CueStoreError(.busy, "\(path): database is busy: another process is writing it; try again when it has finished")
        case .SQLITE_CONSTRAINT:
            return CueStoreError(.conflict, "\(path): refused: \(e.message ?? "constraint failed")")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return CueStoreError(.invalid, "\(path): not a dx-cues database (or damaged): \(e.message ?? "")")
        case .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_PERM:
            return CueStoreError(.io, "\(path): \(e.message ?? "cannot open or write the database")")
        default:
            return CueStoreError(.invalid, "\(path): \(e.message ?? String(describing: e))")
        }
    }

    // MARK: project

    public func project() throws -> ProjectRecord? {
        try read { db in try Self.fetchProject(db) }
    }

    static func fetchProject(_ db: Database) throws -> ProjectRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, title, client, supervisor, spotting, rate_num, rate_den, drop_frame FROM project ORDER BY id LIMIT 1")
        else { return nil }
        let rate = try FrameRate(numerator: row[5], denominator: row[6], dropFrame: (row[7] as Int) != 0)
        return ProjectRecord(id: row[0], title: row[1], client: row[2], supervisor: row[3], spotting: row[4], rate: rate)
    }

    /// Creates the project (one per database). Refused when one exists.
    @discardableResult
    public func createProject(title: String, rate: FrameRate, client: String? = nil, supervisor: String? = nil) throws -> ProjectRecord {
        try write { db in
            if let p = try Self.fetchProject(db) {
                throw CueStoreError(.conflict, "\(path): already holds project '\(p.title)' (\(p.rate)); one project per database")
            }
            return try Self.insertProject(db, title: title, rate: rate, client: client, supervisor: supervisor, spotting: nil)
        }
    }

    static func insertProject(_ db: Database, title: String, rate: FrameRate, client: String?, supervisor: String?,
                              spotting: String?) throws -> ProjectRecord {
        try db.execute(sql: "INSERT INTO project (title, client, supervisor, spotting, rate_num, rate_den, drop_frame) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [title, client, supervisor, spotting, rate.numerator, rate.denominator, rate.isDropFrame ? 1 : 0])
        return ProjectRecord(id: db.lastInsertedRowID, title: title, client: client, supervisor: supervisor, spotting: spotting, rate: rate)
    }

    func requireProject(_ db: Database) throws -> ProjectRecord {
        guard let p = try Self.fetchProject(db) else {
            throw CueStoreError(.noProject, "\(path): no project yet", subject: path)
        }
        return p
    }

    // MARK: lookups shared by imports and edits

    /// Finds or creates a character; non-nil facts given replace stored ones.
    static func upsertCharacter(_ db: Database, project: Int64, name: String, number: String?, prefix: String?, actor: String?,
                                cache: inout [String: (id: Int64, number: String?, prefix: String?, actor: String?)]) throws -> Int64 {
        if let c = cache[name] {
            let newNumber = number ?? c.number, newPrefix = c.prefix ?? prefix, newActor = actor ?? c.actor
            if newNumber != c.number || newPrefix != c.prefix || newActor != c.actor {
                try db.execute(sql: "UPDATE character SET number = ?, prefix = ?, actor = ? WHERE id = ?",
                               arguments: [newNumber, newPrefix, newActor, c.id])
                cache[name] = (c.id, newNumber, newPrefix, newActor)
            }
            return c.id
        }
        try db.execute(sql: "INSERT INTO character (project_id, number, name, prefix, actor) VALUES (?, ?, ?, ?, ?)",
                       arguments: [project, number, name, prefix, actor])
        let id = db.lastInsertedRowID
        cache[name] = (id, number, prefix, actor)
        return id
    }

    static func characterCache(_ db: Database, project: Int64) throws -> [String: (id: Int64, number: String?, prefix: String?, actor: String?)] {
        var out: [String: (id: Int64, number: String?, prefix: String?, actor: String?)] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, name, number, prefix, actor FROM character WHERE project_id = ?", arguments: [project]) {
            out[r[1]] = (r[0], r[2], r[3], r[4])
        }
        return out
    }

    static func upsertNamed(_ db: Database, table: String, project: Int64, name: String, cache: inout [String: Int64]) throws -> Int64 {
        if let id = cache[name] { return id }
        if table == "reel" {
            let pos = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) + 1 FROM reel WHERE project_id = ?", arguments: [project]) ?? 1
            try db.execute(sql: "INSERT INTO reel (project_id, name, position) VALUES (?, ?, ?)", arguments: [project, name, pos])
        } else {
            try db.execute(sql: "INSERT INTO picture_version (project_id, name) VALUES (?, ?)", arguments: [project, name])
        }
        let id = db.lastInsertedRowID
        cache[name] = id
        return id
    }

    static func namedCache(_ db: Database, table: String, project: Int64) throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, name FROM \(table) WHERE project_id = ?", arguments: [project]) { out[r[1]] = r[0] }
        return out
    }
}

/// Facts about the open database's schema, for `dx-cues` diagnostics and the tests.
public struct SchemaFacts: Sendable {
    public var journalMode: String
    public var foreignKeys: Bool
    public var strictTables: [String]
    public var migrations: [String]
    public var ftsTables: [String]
}

extension CueStore {
    public func schemaFacts() throws -> SchemaFacts {
        try read { db in
            let strict = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_list WHERE strict = 1 AND schema = 'main' ORDER BY name")
            let fts = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%' ORDER BY name")
            return SchemaFacts(journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                               foreignKeys: try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false,
                               strictTables: strict, migrations: try Schema.migrator.appliedMigrations(db), ftsTables: fts)
        }
    }

    /// Every table row as text, in a fixed order: two stores with equal dumps hold the same data.
    public func dump() throws -> String {
        try read { db in
            var out = ""
            for t in ["project", "reel", "picture_version", "character", "cue", "session", "session_actor", "take"] {
                for r in try Row.fetchAll(db, sql: "SELECT * FROM \(t) ORDER BY rowid") {
                    out += t + ": " + r.description + "\n"
                }
            }
            return out
        }
    }
}

/// What `dx-cues check` reports: SQLite's own integrity and foreign-key checks, row
/// counts, and a digest of every row (equal digests, equal contents).
public struct CheckReport: Sendable {
    public var integrity: String
    public var foreignKeyViolations: Int
    public var counts: [(table: String, rows: Int)]
    public var digest: String
}

extension CueStore {
    static let dataTables = ["project", "reel", "picture_version", "character", "cue", "session", "session_actor", "take"]

    public func check() throws -> CheckReport {
        try read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
            var counts: [(String, Int)] = []
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for t in Self.dataTables {
                counts.append((t, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(t)") ?? 0))
                let cols = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [t])
                let expr = cols.map { "quote(\"\($0)\")" }.joined(separator: " || ',' || ")
                let text = try String.fetchOne(db, sql: "SELECT group_concat(r, char(10)) FROM (SELECT \(expr) AS r FROM \(t) ORDER BY rowid)") ?? ""
                for b in (t + "\n" + text + "\n").utf8 {
                    hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3
                }
            }
            var hex = String(hash, radix: 16)
            while hex.count < 16 { hex = "0" + hex }
            return CheckReport(integrity: integrity, foreignKeyViolations: fk, counts: counts, digest: hex)
        }
    }
}
