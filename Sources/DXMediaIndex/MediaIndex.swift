import DXConformMedia
import GRDB

/// The production-audio index: one SQLite file (WAL) holding a ``MediaRecord`` per file
/// scanned. It is a cache: everything in it can be rebuilt from the files, and it is
/// the only place dx-conform talks to SQLite.
public final class MediaIndex {
    public let path: String
    private let db: DatabaseQueue

    /// Opens (creating and migrating when needed) the index at `path`.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var config = Configuration()
        config.readonly = readOnly
        config.label = "dx-conform media index"
        do {
            db = try DatabaseQueue(path: path, configuration: config)
            if !readOnly { try Self.migrator.migrate(db) }
            try db.read { db in
                guard try db.tableExists("media") else {
                    throw MediaIndexError("\(path): not a dx-conform media index (no media table); build one with dx-conform index")
                }
            }
        } catch let e as MediaIndexError {
            throw e
        } catch let e as DatabaseError {
            throw MediaIndexError("\(path): cannot open the media index: \(e.message ?? e.description)")
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
                    .map(Self.record)
            }
        }
    }

    public func record(path: String) throws -> MediaRecord? {
        try wrap { try db.read { db in try Row.fetchOne(db, sql: "SELECT * FROM media WHERE path = ?", arguments: [path]).map(Self.record) } }
    }

    /// Rows with this fingerprint (a moved file's old row, or duplicates).
    public func records(fingerprint: String) throws -> [MediaRecord] {
        try wrap {
            try db.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM media WHERE fingerprint = ? ORDER BY path", arguments: [fingerprint]).map(Self.record)
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

    static func record(_ row: Row) -> MediaRecord {
        let names: String = row["track_names"]
        let circled: Int? = row["circled"]
        return MediaRecord(
            id: row["id"], path: row["path"], size: row["size"], modified: row["modified_ns"],
            sampleRate: row["sample_rate"], channels: row["channels"], frames: row["frames"],
            sampleFormat: row["sample_format"], timeReference: row["time_reference"], project: row["project"],
            scene: row["scene"], take: row["take"], tape: row["tape"], circled: circled.map { $0 != 0 },
            note: row["note"], trackNames: names.isEmpty ? [] : names.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init),
            fingerprint: row["fingerprint"])
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DatabaseError {
            throw MediaIndexError("\(path): media index: \(e.message ?? e.description)")
        }
    }
}

public struct MediaIndexError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}
