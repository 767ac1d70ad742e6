#if canImport(Glibc)
import Glibc
#endif
import DXConformMedia
import GRDB

/// The production-audio index: one SQLite file (WAL) holding a ``MediaRecord`` per file
/// scanned. It is a cache: everything in it can be rebuilt from the files, and it is
/// the only place dx-conform talks to SQLite.
///
/// WAL, so `match` and `render` read while `index` rescans; a connection that still
/// meets a lock (a writer holding the file exclusively) waits up to `busyTimeout`
/// seconds, then gets a `.busy` error. A file that is not this schema — another
/// program's SQLite file, or an index written by a newer dxkit — is refused before
/// anything is read from it or written to it.
public final class MediaIndex {
    public let path: String
    private let db: any DatabaseWriter

    /// The schema this build reads and writes: its migrations, and the highest
    /// `PRAGMA user_version` it accepts (a later dxkit that changes the schema adds a
    /// migration and raises user_version, so this one refuses its files).
    static let knownMigrations: Set<String> = ["v1"]
    static let schemaVersion = 1
    static let columns: Set<String> = [
        "id", "path", "size", "modified_ns", "sample_rate", "channels", "frames", "sample_format", "time_reference",
        "project", "scene", "take", "tape", "circled", "note", "track_names", "fingerprint", "missing",
    ]

    /// Opens (creating and migrating when needed, unless `readOnly`) the index at `path`.
    public init(path: String, readOnly: Bool = false, busyTimeout: Double = 5) throws {
        self.path = path
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(busyTimeout)
        config.label = "dx-conform media index"
        do {
            // The schema is checked on a read-only connection first, so another program's
            // database is refused before anything (even the journal mode) is written to it.
            var isNew = true
            var reader: DatabaseQueue?
            if access(path, F_OK) == 0 {
                var readConfig = config
                readConfig.readonly = true
                let q = try DatabaseQueue(path: path, configuration: readConfig)
                isNew = try q.read { db in try Self.checkSchema(db, path: path) }
                reader = q
            }
            if readOnly {
                guard let reader else {
                    throw MediaIndexError(.notFound, "\(path): no media index there", remedy: .buildIndex)
                }
                guard !isNew else {
                    throw MediaIndexError(.invalid, "\(path): not a dx-conform media index (an empty database)", remedy: .buildIndex)
                }
                db = reader
            } else {
                reader = nil
                // A pool puts the file in WAL mode, so readers do not wait for a rescan.
                let pool = try DatabasePool(path: path, configuration: config)
                if isNew { try Self.migrator.migrate(pool) }
                db = pool
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// Refuses a database that is not this schema; true when it is empty (to be created).
    static func checkSchema(_ db: Database, path: String) throws -> Bool {
        let tables = try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        if tables.isEmpty { return true }
        guard tables.contains("media"), tables.contains("grdb_migrations") else {
            throw MediaIndexError(.invalid, "\(path): not a dx-conform media index (another program's database: no media table)",
                                  remedy: .buildIntoNewFile)
        }
        let applied = try Set(String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if !applied.isSubset(of: knownMigrations) || version > schemaVersion {
            throw MediaIndexError(.invalid, "\(path): media index written by a newer dxkit (schema \(version), "
                                  + "migrations \(applied.sorted().joined(separator: ", "))); this one reads schema \(schemaVersion): "
                                  + "use that dxkit, or rebuild the index with this one into a new file")
        }
        let columns = try Set(Row.fetchAll(db, sql: "PRAGMA table_info(media)").compactMap { $0["name"] as String? })
        guard columns.isSuperset(of: Self.columns) else {
            throw MediaIndexError(.invalid, "\(path): not a dx-conform media index (its media table lacks "
                                  + "\(Self.columns.subtracting(columns).sorted().joined(separator: ", ")))")
        }
        return false
    }

    /// SQLite errors as index errors that know their cause (for the exit status).
    static func mapped(_ error: Error, path: String) -> Error {
        if error is MediaIndexError { return error }
        guard let e = error as? DatabaseError else { return error }
        let message = e.message ?? e.description
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return MediaIndexError(.busy, "\(path): media index is busy (another process holds it, e.g. a rescan); try again when it has finished")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return MediaIndexError(.invalid, "\(path): not a dx-conform media index (or damaged): \(message)")
        case .SQLITE_CANTOPEN:
            return MediaIndexError(.notFound, "\(path): cannot open the media index: \(message)")
        case .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_PERM:
            return MediaIndexError(.io, "\(path): media index: \(message)")
        default:
            return MediaIndexError(.invalid, "\(path): media index: \(message)")
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE media (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL UNIQUE,
                    size INTEGER NOT NULL,
                    modified_ns INTEGER NOT NULL,
                    sample_rate INTEGER NOT NULL,
                    channels INTEGER NOT NULL,
                    frames INTEGER NOT NULL,
                    sample_format TEXT NOT NULL,
                    time_reference INTEGER,
                    project TEXT, scene TEXT, take TEXT, tape TEXT, circled INTEGER, note TEXT,
                    track_names TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    missing INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX media_fingerprint ON media(fingerprint);
                CREATE INDEX media_tape ON media(tape);
                CREATE INDEX media_time ON media(time_reference);
                """)
        }
        return m
    }

    /// Every file present at the last scan (`includeMissing`: also those not found since).
    public func records(includeMissing: Bool = false) throws -> [MediaRecord] {
        try wrap {
            try db.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM media \(includeMissing ? "" : "WHERE missing = 0") ORDER BY path")
                    .map { try Self.record($0, path: path) }
            }
        }
    }

    public func record(path: String) throws -> MediaRecord? {
        try wrap {
            try db.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM media WHERE path = ?", arguments: [path]).map { try Self.record($0, path: self.path) }
            }
        }
    }

    /// Rows with this fingerprint (a moved file's old row, or duplicates).
    public func records(fingerprint: String) throws -> [MediaRecord] {
        try wrap {
            try db.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM media WHERE fingerprint = ? ORDER BY path", arguments: [fingerprint])
                    .map { try Self.record($0, path: path) }
            }
        }
    }

    /// Inserts or replaces the row for `record.path` (or, with `replacing`, the row with that id).
    @discardableResult
    public func store(_ r: MediaRecord, replacing id: Int64? = nil) throws -> Int64 {
        try wrap {
            try db.write { db in
                if let id {
                    try db.execute(sql: "DELETE FROM media WHERE path = ? AND id <> ?", arguments: [r.path, id])
                    try db.execute(sql: """
                        UPDATE media SET path=?, size=?, modified_ns=?, sample_rate=?, channels=?, frames=?, sample_format=?,
                          time_reference=?, project=?, scene=?, take=?, tape=?, circled=?, note=?, track_names=?, fingerprint=?, missing=0
                        WHERE id = ?
                        """, arguments: Self.arguments(r) + [id])
                    return id
                }
                try db.execute(sql: """
                    INSERT INTO media (path, size, modified_ns, sample_rate, channels, frames, sample_format, time_reference,
                      project, scene, take, tape, circled, note, track_names, fingerprint, missing)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                    ON CONFLICT(path) DO UPDATE SET size=excluded.size, modified_ns=excluded.modified_ns,
                      sample_rate=excluded.sample_rate, channels=excluded.channels, frames=excluded.frames,
                      sample_format=excluded.sample_format, time_reference=excluded.time_reference, project=excluded.project,
                      scene=excluded.scene, take=excluded.take, tape=excluded.tape, circled=excluded.circled, note=excluded.note,
                      track_names=excluded.track_names, fingerprint=excluded.fingerprint, missing=0
                    """, arguments: Self.arguments(r))
                return try Int64.fetchOne(db, sql: "SELECT id FROM media WHERE path = ?", arguments: [r.path]) ?? 0
            }
        }
    }

    /// Marks the rows of these paths as not found (kept, so a moved file can be found again).
    public func markMissing(_ paths: [String]) throws {
        guard !paths.isEmpty else { return }
        try wrap {
            try db.write { db in
                for p in paths { try db.execute(sql: "UPDATE media SET missing = 1 WHERE path = ?", arguments: [p]) }
            }
        }
    }

    public func markPresent(_ path: String) throws {
        try wrap { try db.write { db in try db.execute(sql: "UPDATE media SET missing = 0 WHERE path = ?", arguments: [path]) } }
    }

    static func arguments(_ r: MediaRecord) -> StatementArguments {
        [r.path, r.size, r.modified, r.sampleRate, r.channels, r.frames, r.sampleFormat, r.timeReference,
         r.project, r.scene, r.take, r.tape, r.circled.map { $0 ? 1 : 0 }, r.note,
         r.trackNames.joined(separator: "\u{1F}"), r.fingerprint]
    }

    /// A row as a record. Values are decoded checked (GRDB's subscript traps on a value of
    /// the wrong type), so a row another program wrote is an error naming it.
    static func record(_ row: Row, path: String) throws -> MediaRecord {
        func value<T: DatabaseValueConvertible>(_ column: String) throws -> T {
            guard let v = try optional(column) as T? else { throw bad(column) }
            return v
        }
        func optional<T: DatabaseValueConvertible>(_ column: String) throws -> T? {
            let dbValue: DatabaseValue = (row[column] as DatabaseValue?) ?? .null
            if dbValue.isNull { return nil }
            guard let v = T.fromDatabaseValue(dbValue) else { throw bad(column) }
            return v
        }
        func bad(_ column: String) -> MediaIndexError {
            MediaIndexError(.invalid, "\(path): media index row \((row["id"] as DatabaseValue?)?.description ?? "?"): \(column) is not what dx-conform writes there")
        }
        let names: String = try value("track_names")
        let circled: Int? = try optional("circled")
        return MediaRecord(
            id: try optional("id"), path: try value("path"), size: try value("size"), modified: try value("modified_ns"),
            sampleRate: try value("sample_rate"), channels: try value("channels"), frames: try value("frames"),
            sampleFormat: try value("sample_format"), timeReference: try optional("time_reference"), project: try optional("project"),
            scene: try optional("scene"), take: try optional("take"), tape: try optional("tape"), circled: circled.map { $0 != 0 },
            note: try optional("note"), trackNames: names.isEmpty ? [] : names.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init),
            fingerprint: try value("fingerprint"))
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw Self.mapped(error, path: path)
        }
    }
}

public struct MediaIndexError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// Another connection holds the file longer than the busy timeout.
        case busy
        /// The index file cannot be opened (missing, no permission to its folder).
        case notFound
        /// Not a dx-conform index: another program's file, a damaged one, a newer schema.
        case invalid
        /// Reading or writing the file failed.
        case io
    }

    /// What would help, said as a fact; the tool names the command that does it.
    public enum Remedy: Sendable, Equatable {
        /// There is no index at the path: scanning the media builds one there.
        case buildIndex
        /// The file is another program's: an index must be built into a new file.
        case buildIntoNewFile
    }

    public var kind: Kind
    public var description: String
    public var remedy: Remedy?
    public init(_ kind: Kind, _ d: String, remedy: Remedy? = nil) {
        self.kind = kind
        description = d
        self.remedy = remedy
    }
    public init(_ d: String) { self.init(.invalid, d) }
}
