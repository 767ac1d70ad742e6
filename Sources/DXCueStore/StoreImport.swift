import DXCueImport
import DXEditModel
import DXTimecode
import GRDB

extension CueStore {
    /// Stores an import in one transaction. Cues are matched by number: new numbers are
    /// added, known ones updated where a field changed (the report lists each change),
    /// never duplicated. Status only moves forward from an import (an `OMIT` tag omits, a
    /// recorded mark records) so work done in the database is not undone by a re-import.
    /// Cues of the store missing from the import are listed, and with `omitMissing`
    /// marked omitted. Times at another rate than the project's are converted.
    @discardableResult
    public func importCues(_ imp: CueImport, omitMissing: Bool = false, dryRun: Bool = false) throws -> ImportReport {
        var report = ImportReport(file: imp.file)
        do {
            try write { db in
                var profile = Profile("store")
                let p = try Self.importProject(db, imp, report: &report)
                if let r = imp.cues.first?.rate, r != p.rate {
                    report.converted = "\(r) → \(p.rate)"
                }
                var characters = try Self.characterCache(db, project: p.id)
                var reels = try Self.namedCache(db, table: "reel", project: p.id)
                var versions = try Self.namedCache(db, table: "picture_version", project: p.id)
                var existing: [String: CueRecord] = [:]
                for c in try Self.fetchCues(db, project: p.id, filter: CueFilter(), withTakes: false) { existing[c.number] = c }

                let (insert, update) = try Self.cueStatements(db)
                profile.mark("existing cues (\(existing.count))")
                var seen = Set<String>()
                seen.reserveCapacity(imp.cues.count)
                // Many new cues: index them for search in one pass at the end.
                let adding = imp.cues.reduce(0) { $0 + (existing[$1.number] == nil ? 1 : 0) }
                let bulk = adding >= 500 && adding * 4 >= existing.count
                try Self.maybeWithoutFTSTriggers(db, bulk) {
                    for cue in imp.cues {
                        seen.insert(cue.number)
                        let tcIn = Self.convert(cue.start, from: cue.rate, to: p.rate)
                        let tcOut = max(Self.convert(cue.finish, from: cue.rate, to: p.rate), tcIn)
                        let charID = try Self.upsertCharacter(db, project: p.id, name: cue.character, number: cue.characterNumber,
                                                              prefix: cue.characterPrefix, actor: cue.actor, cache: &characters)
                        let reelID = try cue.reel.map { try Self.upsertNamed(db, table: "reel", project: p.id, name: $0, cache: &reels) }
                        let versionID = try cue.pictureVersion.map {
                            try Self.upsertNamed(db, table: "picture_version", project: p.id, name: $0, cache: &versions)
                        }
                        let tags = Self.tagsJSON(cue.tags)
                        if let old = existing[cue.number] {
                            var status = old.status
                            if cue.status == .omitted { status = .omitted }
                            if cue.status == .recorded, status == .spotted || status == .toRecord { status = .recorded }
                            let changes = Self.changes(old, cue, status: status, tcIn: Timecode(frames: tcIn, rate: p.rate),
                                                       tcOut: Timecode(frames: tcOut, rate: p.rate), tags: tags)
                            if changes.isEmpty {
                                report.unchanged += 1
                                continue
                            }
                            try update.execute(arguments: [reelID, versionID, charID, cue.scene, tcIn, tcOut, cue.line,
                                                           cue.reasonCode?.rawValue, cue.reasonText, cue.priority, cue.flags.rawValue,
                                                           status.rawValue, cue.note, cue.budgetSeconds, tags, cue.place.description, old.id])
                            report.updated.append(.init(number: cue.number, fields: changes.map { (field: $0.0, old: $0.1, new: $0.2) }))
                        } else {
                            try insert.execute(arguments: [p.id, cue.number, reelID, versionID, charID, cue.scene, tcIn, tcOut,
                                                           p.rate.numerator, p.rate.denominator, p.rate.isDropFrame ? 1 : 0, cue.line,
                                                           cue.reasonCode?.rawValue, cue.reasonText, cue.priority, cue.flags.rawValue,
                                                           cue.status.rawValue, cue.note, cue.budgetSeconds, tags, cue.place.description])
                            report.added.append(cue.number)
                        }
                    }
                }
                profile.mark(bulk ? "rows and one search index rebuild" : "rows")
                report.missing = existing.keys.filter { !seen.contains($0) }.sorted()
                if omitMissing {
                    for n in report.missing where existing[n]!.status != .omitted {
                        try db.execute(sql: "UPDATE cue SET status = 'omitted', updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
                                       arguments: [existing[n]!.id])
                        report.omitted.append(n)
                    }
                }
                if dryRun { throw DryRun() }
            }
        } catch is DryRun {
            return report
        }
        return report
    }

    struct DryRun: Error {}

    /// The statements an import adds and updates cues with (prepared once per connection).
    private static func cueStatements(_ db: Database) throws -> (insert: Statement, update: Statement) {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO cue (project_id, number, reel_id, version_id, character_id, scene, tc_in, tc_out, rate_num, rate_den,
                             drop_frame, line, reason_code, reason_text, priority, flags, status, note, budget_seconds, tags, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let update = try db.cachedStatement(sql: """
            UPDATE cue SET reel_id = ?, version_id = ?, character_id = ?, scene = ?, tc_in = ?, tc_out = ?, line = ?,
                           reason_code = ?, reason_text = ?, priority = ?, flags = ?, status = ?, note = ?,
                           budget_seconds = ?, tags = ?, source = ?, updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
            WHERE id = ?
            """)
        return (insert, update)
    }

    /// The store's project, created from the import's when there is none yet (the import's
    /// client, supervisor and spotting fill in what the project lacks).
    private static func importProject(_ db: Database, _ imp: CueImport, report: inout ImportReport) throws -> ProjectRecord {
        if let project = try fetchProject(db) {
            try db.execute(sql: "UPDATE project SET client = COALESCE(client, ?), supervisor = COALESCE(supervisor, ?), spotting = COALESCE(?, spotting) WHERE id = ?",
                           arguments: [imp.project.client, imp.project.supervisor, imp.project.spotting, project.id])
            return project
        }
        let title = imp.project.title ?? String(imp.file.split(separator: "/").last ?? "Untitled")
        let project = try insertProject(db, title: title, rate: imp.project.rate ?? imp.cues.first?.rate ?? .fps24,
                                        client: imp.project.client, supervisor: imp.project.supervisor,
                                        spotting: imp.project.spotting)
        report.createdProject = true
        return project
    }

    /// The fields a re-imported cue changes, as (field, old, new) in the report's order; an
    /// import without an actor keeps the stored one.
    private static func changes(_ old: CueRecord, _ cue: SpottedCue, status: CueStatus, tcIn: Timecode, tcOut: Timecode,
                                tags: String) -> [(String, String, String)] {
        var changes: [(String, String, String)] = []
        func diff(_ f: String, _ a: String?, _ b: String?) { if a != b { changes.append((f, a ?? "", b ?? "")) } }
        diff("character", old.character, cue.character)
        diff("actor", old.actor, cue.actor ?? old.actor)
        diff("reel", old.reel, cue.reel)
        diff("version", old.version, cue.pictureVersion)
        diff("scene", old.scene, cue.scene)
        diff("tc_in", old.tcIn.description, tcIn.description)
        diff("tc_out", old.tcOut.description, tcOut.description)
        diff("line", old.line, cue.line)
        diff("reason", old.reasonCode?.rawValue, cue.reasonCode?.rawValue)
        diff("reason_text", old.reasonText, cue.reasonText)
        diff("priority", old.priority.map(String.init), cue.priority.map(String.init))
        diff("flags", old.flags.names.joined(separator: ","), cue.flags.names.joined(separator: ","))
        diff("status", old.status.rawValue, status.rawValue)
        diff("note", old.note, cue.note)
        diff("budget_seconds", old.budgetSeconds.map(String.init), cue.budgetSeconds.map(String.init))
        diff("tags", old.tagsJSON, tags)
        return changes
    }

    static func maybeWithoutFTSTriggers(_ db: Database, _ bulk: Bool, _ body: () throws -> Void) throws {
        if bulk { try Schema.withoutFTSTriggers(db, body) } else { try body() }
    }

    /// Frames at one rate → the frame holding the same instant at another.
    static func convert(_ frames: Int64, from: FrameRate, to: FrameRate) -> Int64 {
        if from == to { return frames }
        return Timecode(frames: frames, rate: from).converted(to: to).frames
    }

    /// Tags as a JSON object with sorted keys (stable, so re-imports compare equal).
    static func tagsJSON(_ tags: [String: String]) -> String {
        var out = ByteText(capacity: 256)
        out.add(byte: 0x7B)
        for (i, k) in tags.keys.sorted().enumerated() {
            if i > 0 { out.add(byte: 0x2C) }
            out.addJSONString(k)
            out.add(byte: 0x3A)
            out.addJSONString(tags[k]!)
        }
        out.add(byte: 0x7D)
        return out.string
    }
}
