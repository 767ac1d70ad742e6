import DXCueImport
import DXTimecode
import GRDB

extension CueStore {
    /// Cues matching `filter`, ordered by reel (in the order reels were found), then TC in,
    /// then number; each with its takes.
    public func cues(_ filter: CueFilter = CueFilter()) throws -> [CueRecord] {
        try read { db in
            let p = try requireProject(db)
            return try Self.fetchCues(db, project: p.id, filter: filter, withTakes: true)
        }
    }

    /// Full-text search over line, note and reason text: every word of `text` as a prefix.
    public func search(_ text: String, filter: CueFilter = CueFilter()) throws -> [CueRecord] {
        var f = filter
        f.text = text
        return try cues(f)
    }

    static func fetchCues(_ db: Database, project: Int64, filter: CueFilter, withTakes: Bool) throws -> [CueRecord] {
        var sql = """
            SELECT c.id, c.number, ch.name, ch.number, ch.prefix, ch.actor, r.name, r.position, v.name, c.scene,
                   c.tc_in, c.tc_out, c.rate_num, c.rate_den, c.drop_frame, c.line, c.reason_code, c.reason_text,
                   c.priority, c.flags, c.status, c.note, c.budget_seconds, c.tags, c.source
            FROM cue c
            JOIN character ch ON ch.id = c.character_id
            LEFT JOIN reel r ON r.id = c.reel_id
            LEFT JOIN picture_version v ON v.id = c.version_id
            WHERE c.project_id = ?
            """
        var args: [(any DatabaseValueConvertible)?] = [project]
        func inList(_ column: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            sql += " AND \(column) IN (\(values.map { _ in "?" }.joined(separator: ",")))"
            args += values.map { $0 as (any DatabaseValueConvertible)? }
        }
        inList("ch.name", filter.characters)
        inList("ch.actor", filter.actors)
        inList("r.name", filter.reels)
        inList("c.status", filter.statuses.map(\.rawValue))
        inList("c.reason_code", filter.reasons.map(\.rawValue))
        inList("c.number", filter.numbers)
        if let text = filter.text {
            guard let pattern = FTS5Pattern(matchingAllPrefixesIn: text) else { return [] }
            sql += " AND c.id IN (SELECT rowid FROM cue_fts WHERE cue_fts MATCH ?)"
            args.append(pattern.rawPattern)
        }
        sql += " ORDER BY COALESCE(r.position, 1000000000), c.tc_in, c.number"
        var out: [CueRecord] = []
        var rateCache: [Int64: FrameRate] = [:]
        // A cursor decodes each row in place instead of copying all 10,000 rows first.
        let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(args))
        while let r = try rows.next() {
            let num: Int = r[12], den: Int = r[13], df: Int = r[14]
            let key = Int64(num) << 24 | Int64(den) << 1 | Int64(df)
            let rate: FrameRate
            if let c = rateCache[key] { rate = c } else {
                rate = try FrameRate(numerator: num, denominator: den, dropFrame: df != 0)
                rateCache[key] = rate
            }
            let reasonCode: String? = r[16]
            let statusText: String = r[20]
            out.append(CueRecord(
                id: r[0], number: r[1], character: r[2], characterNumber: r[3], prefix: r[4], actor: r[5], reel: r[6],
                reelPosition: r[7], version: r[8], scene: r[9],
                tcIn: Timecode(frames: r[10], rate: rate), tcOut: Timecode(frames: r[11], rate: rate),
                line: r[15], reasonCode: reasonCode.flatMap(ReasonCode.init(rawValue:)), reasonText: r[17], priority: r[18],
                flags: CueFlags(rawValue: r[19]), status: CueStatus(rawValue: statusText) ?? .spotted, note: r[21],
                budgetSeconds: r[22], tagsJSON: r[23], source: r[24]))
        }
        if withTakes, !out.isEmpty {
            let takes = try fetchTakes(db, project: project)
            for i in out.indices { out[i].takes = takes[out[i].id] ?? [] }
        }
        return out
    }

    static func fetchTakes(_ db: Database, project: Int64) throws -> [Int64: [TakeRecord]] {
        var out: [Int64: [TakeRecord]] = [:]
        let rows = try Row.fetchAll(db, sql: """
            SELECT t.id, t.cue_id, c.number, t.number, s.name, t.file, t.circled, t.comment, t.align_offset_us,
                   t.align_confidence, t.align_match
            FROM take t JOIN cue c ON c.id = t.cue_id LEFT JOIN session s ON s.id = t.session_id
            WHERE c.project_id = ? ORDER BY t.cue_id, t.number
            """, arguments: [project])
        for r in rows {
            let circled: Int = r[6]
            let match: Int? = r[10]
            out[r[1], default: []].append(TakeRecord(id: r[0], cueNumber: r[2], number: r[3], session: r[4], file: r[5],
                                                     circled: circled != 0, comment: r[7], alignOffsetMicroseconds: r[8],
                                                     alignConfidence: r[9], alignMatch: match.map { $0 != 0 }))
        }
        return out
    }

    public func sessions() throws -> [SessionRecord] {
        try read { db in
            let p = try requireProject(db)
            var actors: [Int64: [String]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT session_id, actor FROM session_actor ORDER BY session_id, actor") {
                actors[r[0], default: []].append(r[1])
            }
            return try Row.fetchAll(db, sql: "SELECT id, name, stage, date, engineer, note FROM session WHERE project_id = ? ORDER BY date, name",
                                    arguments: [p.id]).map {
                SessionRecord(id: $0[0], name: $0[1], stage: $0[2], date: $0[3], engineer: $0[4], note: $0[5], actors: actors[$0[0]] ?? [])
            }
        }
    }

    /// Reel names in the order they were found.
    public func reels() throws -> [String] {
        try read { db in
            let p = try requireProject(db)
            return try String.fetchAll(db, sql: "SELECT name FROM reel WHERE project_id = ? ORDER BY position", arguments: [p.id])
        }
    }

    /// Counts by status.
    public func statusCounts() throws -> [(CueStatus, Int)] {
        try read { db in
            let p = try requireProject(db)
            var counts: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM cue WHERE project_id = ? GROUP BY status", arguments: [p.id]) {
                counts[r[0]] = r[1]
            }
            return CueStatus.allCases.map { ($0, counts[$0.rawValue] ?? 0) }
        }
    }
}
