import DXCueImport
import DXTimecode
import GRDB

/// Fields of a cue to set by hand (`add`, `edit`); nil leaves a field as it is.
public struct CueEdit: Sendable {
    public var number: String?
    public var character: String?
    public var actor: String?
    public var reel: String?
    public var version: String?
    public var scene: String?
    public var tcIn: Int64?
    public var tcOut: Int64?
    public var line: String?
    public var reasonCode: ReasonCode??
    public var reasonText: String?
    public var priority: Int?
    public var flags: CueFlags?
    public var status: CueStatus?
    public var note: String?
    public var budgetSeconds: Int?
    public init() {}
}

/// How `renumber` names cues.
public struct RenumberScheme: Sendable {
    public enum Scope: String, Sendable { case global, reel }
    public var scope: Scope = .global
    /// Digits of the counter (zero padded).
    public var padding: Int = 3
    public var start: Int = 1
    public var step: Int = 1
    public init() {}
}

extension CueStore {
    /// Adds one cue; without a number it gets the character's prefix and the next free counter.
    @discardableResult
    public func addCue(_ e: CueEdit) throws -> String {
        try write { db in
            let p = try requireProject(db)
            guard let character = e.character, !character.isEmpty else { throw CueStoreError(.invalid, "a cue needs a character") }
            guard let tcIn = e.tcIn else { throw CueStoreError(.invalid, "a cue needs a TC in") }
            let tcOut = e.tcOut ?? tcIn + 1
            guard tcOut >= tcIn else { throw CueStoreError(.invalid, "TC out is before TC in") }
            var chars = try Self.characterCache(db, project: p.id)
            let prefix = chars[character]?.prefix ?? Self.defaultPrefix(character)
            let charID = try Self.upsertCharacter(db, project: p.id, name: character, number: nil, prefix: prefix, actor: e.actor, cache: &chars)
            var number = e.number
            if number == nil {
                let taken = Set(try String.fetchAll(db, sql: "SELECT number FROM cue WHERE project_id = ?", arguments: [p.id]))
                var n = 101
                while taken.contains(prefix + String(n)) { n += 1 }
                number = prefix + String(n)
            }
            if let other = try String.fetchOne(db, sql: "SELECT COALESCE(source, 'added by hand') FROM cue WHERE project_id = ? AND number = ?",
                                               arguments: [p.id, number!]) {
                throw CueStoreError(.conflict, "cue number \(number!) is already used (\(other))")
            }
            var reels = try Self.namedCache(db, table: "reel", project: p.id)
            var versions = try Self.namedCache(db, table: "picture_version", project: p.id)
            let reelID = try e.reel.map { try Self.upsertNamed(db, table: "reel", project: p.id, name: $0, cache: &reels) }
            let versionID = try e.version.map { try Self.upsertNamed(db, table: "picture_version", project: p.id, name: $0, cache: &versions) }
            try db.execute(sql: """
                INSERT INTO cue (project_id, number, reel_id, version_id, character_id, scene, tc_in, tc_out, rate_num, rate_den,
                                 drop_frame, line, reason_code, reason_text, priority, flags, status, note, budget_seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [p.id, number!, reelID, versionID, charID, e.scene, tcIn, tcOut, p.rate.numerator, p.rate.denominator,
                                 p.rate.isDropFrame ? 1 : 0, e.line ?? "", (e.reasonCode ?? nil)?.rawValue, e.reasonText, e.priority,
                                 (e.flags ?? []).rawValue, (e.status ?? .spotted).rawValue, e.note, e.budgetSeconds])
            return number!
        }
    }

    static func defaultPrefix(_ character: String) -> String {
        let letters = character.uppercased().filter { $0.isLetter && $0.isASCII }
        return letters.isEmpty ? "Q" : String(letters.prefix(1))
    }

    /// Changes fields of the cue numbered `number`.
    public func editCue(_ number: String, _ e: CueEdit) throws {
        try write { db in
            let p = try requireProject(db)
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM cue WHERE project_id = ? AND number = ?", arguments: [p.id, number]) else {
                throw CueStoreError(.notFound, "no cue numbered \(number)")
            }
            var sets: [String] = []
            var args: [(any DatabaseValueConvertible)?] = []
            func set(_ column: String, _ v: (any DatabaseValueConvertible)?) { sets.append("\(column) = ?"); args.append(v) }
            if let n = e.number, n != number {
                if try Int.fetchOne(db, sql: "SELECT 1 FROM cue WHERE project_id = ? AND number = ?", arguments: [p.id, n]) != nil {
                    throw CueStoreError(.conflict, "cue number \(n) is already used")
                }
                set("number", n)
            }
            if e.character != nil || e.actor != nil {
                var chars = try Self.characterCache(db, project: p.id)
                let current = try String.fetchOne(db, sql: "SELECT ch.name FROM cue c JOIN character ch ON ch.id = c.character_id WHERE c.id = ?", arguments: [id])!
                let name = e.character ?? current
                let charID = try Self.upsertCharacter(db, project: p.id, name: name, number: nil,
                                                      prefix: chars[name]?.prefix ?? Self.defaultPrefix(name), actor: e.actor, cache: &chars)
                set("character_id", charID)
            }
            if let r = e.reel {
                var reels = try Self.namedCache(db, table: "reel", project: p.id)
                set("reel_id", r.isEmpty ? nil : try Self.upsertNamed(db, table: "reel", project: p.id, name: r, cache: &reels))
            }
            if let v = e.version {
                var versions = try Self.namedCache(db, table: "picture_version", project: p.id)
                set("version_id", v.isEmpty ? nil : try Self.upsertNamed(db, table: "picture_version", project: p.id, name: v, cache: &versions))
            }
            if let s = e.scene { set("scene", s) }
            if let t = e.tcIn { set("tc_in", t) }
            if let t = e.tcOut { set("tc_out", t) }
            if let l = e.line { set("line", l) }
            if let r = e.reasonCode { set("reason_code", r?.rawValue) }
            if let r = e.reasonText { set("reason_text", r) }
            if let pr = e.priority { set("priority", pr) }
            if let f = e.flags { set("flags", f.rawValue) }
            if let s = e.status { set("status", s.rawValue) }
            if let n = e.note { set("note", n) }
            if let b = e.budgetSeconds { set("budget_seconds", b) }
            guard !sets.isEmpty else { return }
            sets.append("updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")
            args.append(id)
            try db.execute(sql: "UPDATE cue SET \(sets.joined(separator: ", ")) WHERE id = ?", arguments: StatementArguments(args))
        }
    }

    /// Sets the status of the cues numbered `numbers`; unknown numbers are an error (nothing changes).
    public func setStatus(_ status: CueStatus, numbers: [String]) throws {
        try write { db in
            let p = try requireProject(db)
            for n in numbers {
                try db.execute(sql: "UPDATE cue SET status = ?, updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE project_id = ? AND number = ?",
                               arguments: [status.rawValue, p.id, n])
                if db.changesCount == 0 { throw CueStoreError(.notFound, "no cue numbered \(n)") }
            }
        }
    }

    /// Renumbers every cue: the character's prefix, then (per reel) the reel's position,
    /// then a zero-padded counter in time order per character. Refused, with nothing
    /// changed, when two characters share a prefix and their numbers would collide.
    /// Returns (old, new) for each cue whose number changes.
    public func renumber(_ scheme: RenumberScheme, dryRun: Bool = false) throws -> [(old: String, new: String)] {
        var changes: [(old: String, new: String)] = []
        do {
            try write { db in
                let p = try requireProject(db)
                let cues = try Self.fetchCues(db, project: p.id, filter: CueFilter(), withTakes: false)
                var counters: [String: Int] = [:]
                var assigned: [String: String] = [:]
                var plan: [(Int64, String, String)] = []
                for c in cues {
                    let prefix = c.prefix ?? Self.defaultPrefix(c.character)
                    let reelPart = scheme.scope == .reel ? String(c.reelPosition ?? 0) : ""
                    let key = "\(c.character)\u{1}\(reelPart)"
                    let n = counters[key] ?? scheme.start
                    counters[key] = n + scheme.step
                    var digits = String(n)
                    while digits.count < scheme.padding { digits = "0" + digits }
                    let new = prefix + reelPart + digits
                    if let other = assigned[new] {
                        throw CueStoreError(.conflict, "renumbering would give \(new) to both \(other) and \(c.number): characters share the prefix '\(prefix)'; give one another prefix")
                    }
                    assigned[new] = c.number
                    plan.append((c.id, c.number, new))
                }
                // Two steps so no intermediate state breaks the unique number.
                for (id, _, _) in plan {
                    try db.execute(sql: "UPDATE cue SET number = '\u{1}' || id WHERE id = ?", arguments: [id])
                }
                for (id, old, new) in plan {
                    try db.execute(sql: "UPDATE cue SET number = ? WHERE id = ?", arguments: [new, id])
                    if old != new { changes.append((old, new)) }
                }
                if dryRun { throw DryRun() }
            }
        } catch is DryRun {}
        return changes
    }

    /// Sets or clears a character's prefix (used by renumbering).
    public func setPrefix(character: String, prefix: String) throws {
        try write { db in
            let p = try requireProject(db)
            try db.execute(sql: "UPDATE character SET prefix = ? WHERE project_id = ? AND name = ?", arguments: [prefix, p.id, character])
            if db.changesCount == 0 { throw CueStoreError(.notFound, "no character named \(character)") }
        }
    }

    // MARK: sessions and takes

    @discardableResult
    public func addSession(name: String, stage: String?, date: String?, engineer: String?, note: String?, actors: [String]) throws -> Int64 {
        try write { db in
            let p = try requireProject(db)
            if try Int.fetchOne(db, sql: "SELECT 1 FROM session WHERE project_id = ? AND name = ?", arguments: [p.id, name]) != nil {
                throw CueStoreError(.conflict, "a session named \(name) exists")
            }
            try db.execute(sql: "INSERT INTO session (project_id, name, stage, date, engineer, note) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [p.id, name, stage, date, engineer, note])
            let id = db.lastInsertedRowID
            for a in Set(actors) {
                try db.execute(sql: "INSERT INTO session_actor (session_id, actor) VALUES (?, ?)", arguments: [id, a])
            }
            return id
        }
    }

    /// A take to record against a cue.
    public struct NewTake: Sendable {
        public var cue: String
        public var number: Int?
        public var session: String?
        public var file: String?
        public var circled = false
        public var comment: String?
        public var alignOffsetMicroseconds: Int64?
        public var alignConfidence: Double?
        public var alignMatch: Bool?
        public init(cue: String) { self.cue = cue }
    }

    /// Adds takes in one transaction; a take number already used on its cue updates that take
    /// (so re-reading an alignment report refreshes, never duplicates). Returns the numbers.
    @discardableResult
    public func addTakes(_ takes: [NewTake]) throws -> [(cue: String, take: Int)] {
        try write { db in
            let p = try requireProject(db)
            var out: [(String, Int)] = []
            for t in takes {
                guard let cueID = try Int64.fetchOne(db, sql: "SELECT id FROM cue WHERE project_id = ? AND number = ?", arguments: [p.id, t.cue]) else {
                    throw CueStoreError(.notFound, "no cue numbered \(t.cue)")
                }
                var sessionID: Int64?
                if let s = t.session {
                    guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM session WHERE project_id = ? AND name = ?", arguments: [p.id, s]) else {
                        throw CueStoreError(.noSession, "no session named \(s)", subject: s)
                    }
                    sessionID = id
                }
                var n = t.number
                if n == nil, let file = t.file {
                    n = try Int.fetchOne(db, sql: "SELECT number FROM take WHERE cue_id = ? AND file = ?", arguments: [cueID, file])
                }
                let number = try n ?? (Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 0) + 1 FROM take WHERE cue_id = ?", arguments: [cueID]) ?? 1)
                try db.execute(sql: """
                    INSERT INTO take (cue_id, session_id, number, file, circled, comment, align_offset_us, align_confidence, align_match)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (cue_id, number) DO UPDATE SET
                        session_id = COALESCE(excluded.session_id, session_id), file = COALESCE(excluded.file, file),
                        circled = MAX(excluded.circled, circled), comment = COALESCE(excluded.comment, comment),
                        align_offset_us = COALESCE(excluded.align_offset_us, align_offset_us),
                        align_confidence = COALESCE(excluded.align_confidence, align_confidence),
                        align_match = COALESCE(excluded.align_match, align_match)
                    """, arguments: [cueID, sessionID, number, t.file, t.circled ? 1 : 0, t.comment, t.alignOffsetMicroseconds,
                                     t.alignConfidence, t.alignMatch.map { $0 ? 1 : 0 }])
                // A take exists: the cue is recorded (approval stays a person's decision).
                try db.execute(sql: "UPDATE cue SET status = 'recorded' WHERE id = ? AND status IN ('spotted', 'to_record')", arguments: [cueID])
                out.append((t.cue, number))
            }
            return out
        }
    }
}
