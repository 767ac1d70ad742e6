import ArgumentParser
import DXCLI
import DXCueImport
import DXCueReports
import DXCueStore
import DXEditModel
import DXTimecode

/// Cue fields settable by hand.
struct CueFieldOptions: ParsableArguments {
    @Option(name: .long, help: "Character name.") var character: String?
    @Option(name: .long, help: "Actor playing the character.") var actor: String?
    @Option(name: .long, help: "Reel name (R1, 2, Reel 3…); empty clears it.") var reel: String?
    @Option(name: .long, help: "Picture version.") var version: String?
    @Option(name: .long, help: "Scene.") var scene: String?
    @Option(name: .customLong("in"), help: "TC in at the project rate.") var tcIn: TimecodeArgument?
    @Option(name: .customLong("out"), help: "TC out at the project rate.") var tcOut: TimecodeArgument?
    @Option(name: .long, help: "The line (prompt).") var line: String?
    @Option(name: .long, help: "Reason code, or none to clear it.") var reason: ReasonArgument?
    @Option(name: .long, help: "Reason in the spotter's words.") var reasonText: String?
    @Option(name: .long, help: "Priority (a number; lower first).") var priority: Int?
    @Option(name: .long, help: "Flags, comma separated: tv, optional, effort, adlib, tbw, offscreen (empty clears).") var flags: CueFlags?
    @Option(name: .long, help: "Note.") var note: String?
    @Option(name: .long, help: ArgumentHelp("Time budget in minutes (decimal).", valueName: "MINUTES")) var mins: BudgetMinutes?

    func edit(rate: FrameRate) throws -> CueEdit {
        var e = CueEdit()
        e.character = character
        e.actor = actor
        e.reel = reel
        e.version = version
        e.scene = scene
        e.tcIn = try tcIn?.timecode(at: rate, option: "--in").frames
        e.tcOut = try tcOut?.timecode(at: rate, option: "--out").frames
        e.line = line
        if let reason { e.reasonCode = .some(reason.code) }
        e.reasonText = reasonText
        e.priority = priority
        e.flags = flags
        e.note = note
        e.budgetSeconds = mins?.seconds
        return e
    }
}

extension DXCues {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a cue by hand.",
            discussion: "Without --number the cue gets its character's prefix and the next free number from 101.")

        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "Cue number (unique in the project).") var number: String?
        @OptionGroup var fields: CueFieldOptions

        func run() throws {
            try runReporting {
                let store = try global.open()
                guard let p = try store.project() else { throw ToolError(.dataError, "no project: run init first") }
                var e = try fields.edit(rate: p.rate)
                guard e.character != nil else { throw ToolError(.usage, "add needs --character") }
                guard e.tcIn != nil else { throw ToolError(.usage, "add needs --in TC") }
                e.number = number
                let n = try store.addCue(e)
                Console.out("\(n)\n")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change fields of a cue.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cue number.") var number: String
        @Option(name: .long, help: "Give the cue another number.") var newNumber: String?
        @Option(name: .long, help: "Status.") var status: CueStatus?
        @OptionGroup var fields: CueFieldOptions

        func run() throws {
            try runReporting {
                let store = try global.open()
                guard let p = try store.project() else { throw ToolError(.dataError, "no project: run init first") }
                var e = try fields.edit(rate: p.rate)
                e.number = newNumber
                if let status { e.status = status }
                try store.editCue(number, e)
            }
        }
    }

    struct Renumber: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Renumber every cue: character prefix + counter, per reel or global, zero padded.",
            discussion: """
                Global: PFX + counter per character (P001, P002…). Per reel: PFX + the reel's \
                position + counter (P101 in the first reel found, P201 in the second). Counters \
                follow reel order, then TC in. Refused, nothing changed, when two characters \
                share a prefix (set one with --prefix CHARACTER=PFX).
                """)

        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "Counter per reel or for the whole project.") var scope: RenumberScheme.Scope = .global
        @Option(name: .long, help: "Counter digits (default 3 global, 2 per reel).") var pad: Int?
        @Option(name: .long, help: "First counter value.") var start: Int = 1
        @Option(name: .long, help: "Counter step.") var step: Int = 1
        @Option(name: .long, help: ArgumentHelp("Set a character's prefix first (repeatable).", valueName: "CHARACTER=PFX"))
        var prefix: [PrefixAssignment] = []
        @Flag(name: .long, help: "Show the new numbers; change nothing.") var dryRun = false
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            try runReporting {
                guard start >= 0, step >= 1 else { throw ToolError(.usage, "--start must be ≥ 0 and --step ≥ 1") }
                let store = try global.open()
                for p in prefix { try store.setPrefix(character: p.character, prefix: p.prefix) }
                var s = RenumberScheme()
                s.scope = scope
                s.padding = pad ?? (scope == .reel ? 2 : 3)
                s.start = start
                s.step = step
                let changes = try store.renumber(s, dryRun: dryRun)
                if json {
                    Console.out(RenumberJSON.encode(changes, dryRun: dryRun))
                } else {
                    for c in changes { Console.out("\(c.old) → \(c.new)\n") }
                    Console.out("\(changes.count) cue\(changes.count == 1 ? "" : "s") renumbered\(dryRun ? " (dry run: nothing changed)" : "")\n")
                }
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show counts by status, or set the status of cues.",
            discussion: "dx-cues --db F status --set approved P101 P102")

        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "Set this status.") var set: CueStatus?
        @Flag(name: .long, help: "Print JSON.") var json = false
        @Argument(help: "Cue numbers (with --set).") var numbers: [String] = []

        func run() throws {
            try runReporting {
                let store = try global.open()
                if let st = set {
                    guard !numbers.isEmpty else { throw ToolError(.usage, "--set needs cue numbers") }
                    try store.setStatus(st, numbers: numbers)
                }
                let counts = try store.statusCounts()
                if json {
                    Console.out(StatusCountsJSON.encode(counts))
                } else if set == nil {
                    Console.out(textTable(["STATUS", "CUES"], counts.map { [$0.0.rawValue, String($0.1)] } + [["total", String(counts.reduce(0) { $0 + $1.1 })]]))
                }
            }
        }
    }
}
