import DXCueImport
import DXEditModel
import GRDB

/// The cue database schema, as ordered named migrations. Plain SQL (STRICT tables,
/// external-content FTS5 kept in sync by triggers) so the schema reads the same from
/// the sqlite3 shell as from here. Times are whole frames with the rate beside them.
enum Schema {
    static let reasonCodes = "'NOISE','TECH','PERSP','PERF','STORY','ADD','GROUP'"
    static let statuses = "'spotted','to_record','recorded','approved','omitted'"

    /// The triggers of migration v1 that keep the search index in step with inserted and
    /// edited cues (the same SQL; a test holds the two equal).
    static let ftsInsertTrigger = """
        CREATE TRIGGER cue_fts_insert AFTER INSERT ON cue BEGIN
            INSERT INTO cue_fts(rowid, line, note, reason_text) VALUES (new.id, new.line, new.note, new.reason_text);
        END
        """
    static let ftsUpdateTrigger = """
        CREATE TRIGGER cue_fts_update AFTER UPDATE OF line, note, reason_text ON cue BEGIN
            INSERT INTO cue_fts(cue_fts, rowid, line, note, reason_text) VALUES ('delete', old.id, old.line, old.note, old.reason_text);
            INSERT INTO cue_fts(rowid, line, note, reason_text) VALUES (new.id, new.line, new.note, new.reason_text);
        END
        """

    /// For a bulk import, inside its transaction: no per-row triggers (FTS5 upkeep costs
    /// about 60 µs a cue that way), then one rebuild of the index from the table (a few µs
    /// a cue) and the triggers back, committed together with the rows or not at all.
    static func withoutFTSTriggers<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        try db.execute(sql: "DROP TRIGGER cue_fts_insert; DROP TRIGGER cue_fts_update")
        var profile = Profile("store bulk")
        let result = try body()
        profile.mark("rows")
        try db.execute(sql: "INSERT INTO cue_fts(cue_fts) VALUES ('rebuild')")
        try db.execute(sql: ftsInsertTrigger)
        try db.execute(sql: ftsUpdateTrigger)
        profile.mark("search index rebuild")
        return result
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: project, reels, versions, characters, cues, sessions, takes") { db in
            try db.execute(sql: schemaV1)
        }
        return m
    }

    /// The tables, indexes and search triggers migration v1 creates (a schema change is a new
    /// migration, so this text stays as databases already made were created).
    static let schemaV1 = """
        CREATE TABLE project (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            client TEXT,
            supervisor TEXT,
            spotting TEXT,
            rate_num INTEGER NOT NULL CHECK (rate_num > 0),
            rate_den INTEGER NOT NULL CHECK (rate_den > 0),
            drop_frame INTEGER NOT NULL DEFAULT 0 CHECK (drop_frame IN (0, 1)),
            created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        ) STRICT;

        CREATE TABLE reel (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            position INTEGER NOT NULL,
            UNIQUE (project_id, name)
        ) STRICT;

        CREATE TABLE picture_version (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            note TEXT,
            UNIQUE (project_id, name)
        ) STRICT;

        CREATE TABLE character (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            number TEXT,
            name TEXT NOT NULL,
            prefix TEXT,
            actor TEXT,
            UNIQUE (project_id, name)
        ) STRICT;

        CREATE TABLE cue (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            number TEXT NOT NULL,
            reel_id INTEGER REFERENCES reel(id) ON DELETE SET NULL,
            version_id INTEGER REFERENCES picture_version(id) ON DELETE SET NULL,
            character_id INTEGER NOT NULL REFERENCES character(id),
            scene TEXT,
            tc_in INTEGER NOT NULL,
            tc_out INTEGER NOT NULL,
            rate_num INTEGER NOT NULL,
            rate_den INTEGER NOT NULL,
            drop_frame INTEGER NOT NULL CHECK (drop_frame IN (0, 1)),
            line TEXT NOT NULL DEFAULT '',
            reason_code TEXT CHECK (reason_code IN (\(reasonCodes))),
            reason_text TEXT,
            priority INTEGER,
            flags INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'spotted' CHECK (status IN (\(statuses))),
            note TEXT,
            budget_seconds INTEGER CHECK (budget_seconds IS NULL OR budget_seconds >= 0),
            tags TEXT NOT NULL DEFAULT '{}',
            source TEXT,
            updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
            UNIQUE (project_id, number),
            CHECK (tc_out >= tc_in)
        ) STRICT;
        CREATE INDEX cue_by_time ON cue(project_id, reel_id, tc_in);
        CREATE INDEX cue_by_character ON cue(character_id);

        CREATE TABLE session (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            stage TEXT,
            date TEXT,
            engineer TEXT,
            note TEXT,
            UNIQUE (project_id, name)
        ) STRICT;

        CREATE TABLE session_actor (
            session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            actor TEXT NOT NULL,
            call_time TEXT,
            PRIMARY KEY (session_id, actor)
        ) STRICT;

        CREATE TABLE take (
            id INTEGER PRIMARY KEY,
            cue_id INTEGER NOT NULL REFERENCES cue(id) ON DELETE CASCADE,
            session_id INTEGER REFERENCES session(id) ON DELETE SET NULL,
            number INTEGER NOT NULL CHECK (number > 0),
            file TEXT,
            circled INTEGER NOT NULL DEFAULT 0 CHECK (circled IN (0, 1)),
            comment TEXT,
            align_offset_us INTEGER,
            align_confidence REAL,
            align_match INTEGER CHECK (align_match IS NULL OR align_match IN (0, 1)),
            UNIQUE (cue_id, number)
        ) STRICT;
        CREATE INDEX take_by_session ON take(session_id);

        CREATE VIRTUAL TABLE cue_fts USING fts5(line, note, reason_text, content='cue', content_rowid='id');
        CREATE TRIGGER cue_fts_insert AFTER INSERT ON cue BEGIN
            INSERT INTO cue_fts(rowid, line, note, reason_text) VALUES (new.id, new.line, new.note, new.reason_text);
        END;
        CREATE TRIGGER cue_fts_delete AFTER DELETE ON cue BEGIN
            INSERT INTO cue_fts(cue_fts, rowid, line, note, reason_text) VALUES ('delete', old.id, old.line, old.note, old.reason_text);
        END;
        CREATE TRIGGER cue_fts_update AFTER UPDATE OF line, note, reason_text ON cue BEGIN
            INSERT INTO cue_fts(cue_fts, rowid, line, note, reason_text) VALUES ('delete', old.id, old.line, old.note, old.reason_text);
            INSERT INTO cue_fts(rowid, line, note, reason_text) VALUES (new.id, new.line, new.note, new.reason_text);
        END;
        """
}
