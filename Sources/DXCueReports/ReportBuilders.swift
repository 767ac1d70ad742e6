import DXCueImport
import DXCueStore
import DXTimecode

/// The reports a supervisor prints, built from the store's cues.
public enum ReportKind: String, Sendable, CaseIterable {
    /// Every cue by TC within reel (reels in the order found).
    case supervisor
    /// Per actor: their lines, for the stage (one actor per page).
    case sides
    /// Per actor: one block per cue with a take grid (recorded and circled takes) and notes.
    case log
    /// Lines per character per reel, with TV / optional / effort subtotals and time budgets.
    case linecount
    /// Per recording session: the actors called, what they still have to record, the time it needs.
    case callsheet

    public func build(_ d: ReportData) -> ReportDocument {
        switch self {
        case .supervisor: return Reports.supervisor(d)
        case .sides: return Reports.sides(d)
        case .log: return Reports.log(d)
        case .linecount: return Reports.lineCount(d)
        case .callsheet: return Reports.callSheet(d)
        }
    }
}

enum Reports {
    static func meta(_ d: ReportData) -> [(label: String, value: String)] {
        var m: [(label: String, value: String)] = [("Project", d.project.title)]
        if let c = d.project.client { m.append(("Client", c)) }
        if let s = d.project.supervisor { m.append(("Supervisor", s)) }
        if let s = d.project.spotting { m.append(("Spotting", s)) }
        m.append(("Rate", "\(d.project.rate) fps"))
        m.append(("Printed", d.printed))
        return m
    }

    /// "1:05" for 3900 s; "0:06" for 360 s.
    static func hoursMinutes(_ seconds: Int) -> String {
        let minutes = (seconds + 30) / 60
        let m = minutes % 60
        return "\(minutes / 60):\(m < 10 ? "0" : "")\(m)"
    }

    /// Duration as seconds+frames, "3+12".
    static func duration(_ c: CueRecord) -> String {
        let n = Int64(c.rate.nominalFPS)
        let f = c.durationFrames
        return "\(f / n)+\(f % n < 10 ? "0" : "")\(f % n)"
    }

    static func reasonText(_ c: CueRecord) -> String {
        [c.reasonCode?.rawValue, c.reasonText].compactMap { $0 }.joined(separator: " · ")
    }

    /// Reels as found, then cues with no reel under "(no reel)".
    static func byReel(_ d: ReportData) -> [(String, [CueRecord])] {
        var groups: [String: [CueRecord]] = [:]
        for c in d.cues { groups[c.reel ?? "", default: []].append(c) }
        var out: [(String, [CueRecord])] = []
        for r in d.reels where groups[r] != nil { out.append((r, groups[r]!)) }
        if let none = groups[""] { out.append(("", none)) }
        return out
    }

    /// Actors (or the character when no actor is known) in order of first cue.
    static func byActor(_ cues: [CueRecord]) -> [(String, [CueRecord])] {
        var order: [String] = []
        var groups: [String: [CueRecord]] = [:]
        for c in cues {
            let key = c.actor ?? "(\(c.character))"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(c)
        }
        return order.sorted { $0.lowercased() < $1.lowercased() }.map { ($0, groups[$0]!) }
    }

    static func supervisor(_ d: ReportData) -> ReportDocument {
        let cols: [ReportDocument.Column] = [
            .init("Cue", 5.5), .init("Character", 8), .init("Actor", 9.5), .init("TC In", 8.5), .init("TC Out", 8.5),
            .init("Dur", 5, right: true), .init("Line", 24.5, wraps: true), .init("Reason", 9, wraps: true),
            .init("Flags", 5.5, wraps: true), .init("Status", 6), .init("Takes", 4.5, right: true), .init("Mins", 4, right: true),
        ]
        var sections: [ReportDocument.Section] = []
        for (reel, cues) in byReel(d) {
            var s = ReportDocument.Section(heading: reel.isEmpty ? "(no reel)" : "Reel \(reel)", columns: cols)
            var budget = 0
            for c in cues {
                budget += c.budgetSeconds ?? 0
                s.rows.append(.init([c.number, c.character, c.actor ?? "", c.tcIn.description, c.tcOut.description, duration(c),
                                     c.line, reasonText(c), c.flags.names.joined(separator: " "), c.status.rawValue,
                                     String(c.takes.count), c.budgetSeconds.map { hoursMinutes($0) } ?? ""]))
            }
            let open = cues.filter { $0.status != .approved && $0.status != .omitted }.count
            s.footnotes = ["\(cues.count) cue\(cues.count == 1 ? "" : "s"), \(open) not yet approved; budget \(hoursMinutes(budget))"]
            sections.append(s)
        }
        return ReportDocument(kind: "supervisor", title: "ADR supervisor list", meta: meta(d), sections: sections, landscape: true)
    }

    static func sides(_ d: ReportData) -> ReportDocument {
        let cols: [ReportDocument.Column] = [.init("Cue", 6.5), .init("Character", 10), .init("TC In", 8), .init("TC Out", 8),
                                             .init("Line", 47.5, wraps: true)]
        var sections: [ReportDocument.Section] = []
        for (actor, cues) in byActor(d.cues.filter { $0.status != .omitted }) {
            let chars = Array(Set(cues.map(\.character))).sorted()
            var s = ReportDocument.Section(heading: "\(actor) — \(chars.joined(separator: ", "))", columns: cols)
            s.pageBreakBefore = !sections.isEmpty
            s.rows = cues.map { .init([$0.number, $0.character, $0.tcIn.description, $0.tcOut.description, $0.line]) }
            s.footnotes = ["\(cues.count) line\(cues.count == 1 ? "" : "s")"]
            sections.append(s)
        }
        return ReportDocument(kind: "sides", title: "Sides", meta: meta(d), sections: sections, landscape: false)
    }

    static func log(_ d: ReportData) -> ReportDocument {
        let cols: [ReportDocument.Column] = [.init("Cue", 8), .init("Character", 12), .init("TC In", 10), .init("TC Out", 10),
                                             .init("Line", 40, wraps: true), .init("Reason / note", 20, wraps: true),
                                             .init("Flags", 10), .init("Takes", 30, wraps: true)]
        var sections: [ReportDocument.Section] = []
        for (actor, cues) in byActor(d.cues.filter { $0.status != .omitted }) {
            var s = ReportDocument.Section(heading: "Recording log: \(actor)", columns: cols)
            s.layout = .cards
            s.pageBreakBefore = !sections.isEmpty
            s.details = ["Date: ____________   Stage: ____________   Engineer: ____________"]
            for c in cues {
                let slots = max(10, c.takes.map(\.number).max() ?? 0)
                let grid = ReportDocument.TakeGrid(slots: slots, recorded: c.takes.map(\.number),
                                                   circled: c.takes.filter(\.circled).map(\.number))
                let takes = c.takes.map { t -> String in
                    var s = "\(t.number)\(t.circled ? " (circled)" : "")"
                    if let sess = t.session { s += " [\(sess)]" }
                    if let cm = t.comment { s += " \(cm)" }
                    if let us = t.alignOffsetMicroseconds { s += " @\(CueJSON.microsecondsLiteral(us)) s" }
                    return s
                }.joined(separator: "; ")
                let reasonNote = [reasonText(c), c.note].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " — ")
                s.rows.append(.init([c.number, c.character, c.tcIn.description, c.tcOut.description, c.line, reasonNote,
                                     c.flags.names.joined(separator: " "), takes], takeGrid: grid))
            }
            let budget = cues.reduce(0) { $0 + ($1.budgetSeconds ?? 0) }
            s.footnotes = ["\(cues.count) cue\(cues.count == 1 ? "" : "s"); time budget \(hoursMinutes(budget))"]
            sections.append(s)
        }
        return ReportDocument(kind: "log", title: "Recording log", meta: meta(d), sections: sections, landscape: false)
    }

    /// Character numbers sort as numbers first ("2" < "10" < "99g").
    static func characterOrder(_ a: (String?, String), _ b: (String?, String)) -> Bool {
        func key(_ s: String?) -> (Int, String) {
            guard let s else { return (Int.max, "") }
            let digits = s.prefix { $0.isNumber }
            return (Int(digits) ?? Int.max - 1, s)
        }
        let ka = key(a.0), kb = key(b.0)
        return ka != kb ? ka < kb : a.1 < b.1
    }

    static func lineCount(_ d: ReportData) -> ReportDocument {
        // One pass over the cues: counts per character (and in total), no copies of cues.
        struct Tally {
            var perReel: [Int]
            var noReel = 0, total = 0, tv = 0, optional = 0, effort = 0, budget = 0
            init(reels: Int) { perReel = Array(repeating: 0, count: reels) }
        }
        let reelIndex = Dictionary(d.reels.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var byChar: [String: Tally] = [:]
        var facts: [String: (String?, String?)] = [:]
        var all = Tally(reels: d.reels.count)
        var unbudgeted = 0, omitted = 0
        for c in d.cues {
            if c.status == .omitted { omitted += 1; continue }
            if c.budgetSeconds == nil { unbudgeted += 1 }
            facts[c.character] = (c.characterNumber, c.actor)
            let ri = c.reel.flatMap { reelIndex[$0] }
            func add(_ t: inout Tally) {
                if let ri { t.perReel[ri] += 1 } else if c.reel == nil { t.noReel += 1 }
                t.total += 1
                if c.flags.contains(.tv) { t.tv += 1 }
                if c.flags.contains(.optional) { t.optional += 1 }
                if c.flags.contains(.effort) { t.effort += 1 }
                t.budget += c.budgetSeconds ?? 0
            }
            add(&byChar[c.character, default: Tally(reels: d.reels.count)])
            add(&all)
        }
        let shown = d.reels.indices.filter { all.perReel[$0] > 0 }
        let reels = shown.map { d.reels[$0] }
        let hasNoReel = all.noReel > 0
        var cols: [ReportDocument.Column] = [.init("CN", 3), .init("Character", 10), .init("Actor", 10)]
        for r in reels { cols.append(.init(r, 3, right: true)) }
        if hasNoReel { cols.append(.init("No reel", 3, right: true)) }
        cols += [.init("Total", 3, right: true), .init("TV", 3, right: true), .init("Opt", 3, right: true),
                 .init("Eff", 3, right: true), .init("Budget", 4, right: true)]
        var s = ReportDocument.Section(heading: "Lines per character and reel", columns: cols)
        func counts(_ t: Tally) -> [String] {
            var cells = shown.map { String(t.perReel[$0]) }
            if hasNoReel { cells.append(String(t.noReel)) }
            cells += [String(t.total), String(t.tv), String(t.optional), String(t.effort), hoursMinutes(t.budget)]
            return cells
        }
        let names = byChar.keys.sorted { characterOrder((facts[$0]!.0, $0), (facts[$1]!.0, $1)) }
        for name in names {
            let f = facts[name]!
            s.rows.append(.init([f.0 ?? "", name, f.1 ?? ""] + counts(byChar[name]!)))
        }
        s.rows.append(.init(["", "Total", ""] + counts(all), style: .total))
        s.footnotes = ["Reels as found in the spotting: \(reels.isEmpty ? "none" : reels.joined(separator: ", "))."]
        if unbudgeted > 0 { s.footnotes.append("\(unbudgeted) line\(unbudgeted == 1 ? " has" : "s have") no time budget (counted as 0).") }
        if omitted > 0 { s.footnotes.append("\(omitted) omitted cue\(omitted == 1 ? "" : "s") not counted.") }
        return ReportDocument(kind: "linecount", title: "Line count", meta: meta(d), sections: [s], landscape: true)
    }

    static func callSheet(_ d: ReportData) -> ReportDocument {
        let cols: [ReportDocument.Column] = [.init("Actor", 12), .init("Characters", 14), .init("To record", 5, right: true),
                                             .init("Recorded", 5, right: true), .init("Budget", 5, right: true),
                                             .init("Cues", 40, wraps: true)]
        let open = d.cues.filter { $0.status == .spotted || $0.status == .toRecord }
        var byActor: [String: [CueRecord]] = [:]
        for c in d.cues { byActor[c.actor ?? "(\(c.character))", default: []].append(c) }
        func rows(_ actors: [String]) -> [ReportDocument.Row] {
            actors.map { actor in
                let mine = byActor[actor] ?? []
                let todo = mine.filter { $0.status == .spotted || $0.status == .toRecord }
                return .init([actor, Array(Set(mine.map(\.character))).sorted().joined(separator: ", "), String(todo.count),
                              String(mine.filter { $0.status == .recorded || $0.status == .approved }.count),
                              hoursMinutes(todo.reduce(0) { $0 + ($1.budgetSeconds ?? 0) }),
                              todo.map(\.number).joined(separator: " ")])
            }
        }
        var sections: [ReportDocument.Section] = []
        var called = Set<String>()
        for session in d.sessions {
            var s = ReportDocument.Section(heading: "Session \(session.name)", columns: cols)
            s.details = [session.date.map { "Date: \($0)" }, session.stage.map { "Stage: \($0)" },
                         session.engineer.map { "Engineer: \($0)" }, session.note].compactMap { $0 }
            s.rows = rows(session.actors.sorted())
            called.formUnion(session.actors)
            s.pageBreakBefore = !sections.isEmpty
            sections.append(s)
        }
        let unscheduled = Array(Set(open.map { $0.actor ?? "(\($0.character))" }).subtracting(called)).sorted()
        if !unscheduled.isEmpty || sections.isEmpty {
            var s = ReportDocument.Section(heading: "Not yet called", columns: cols)
            s.rows = rows(unscheduled)
            s.pageBreakBefore = !sections.isEmpty
            s.footnotes = ["Actors with lines still to record and no session."]
            sections.append(s)
        }
        return ReportDocument(kind: "callsheet", title: "Call sheet", meta: meta(d), sections: sections, landscape: true)
    }
}
