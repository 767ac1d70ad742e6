#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import DXCLI
import DXCueImport
import DXCueStore
import DXEditModel
import DXTimecode

/// Options every command takes, before or after the command name.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The project's cue database (one SQLite file per project).")
    var db: String?

    @Option(name: .long, help: "Seconds to wait for another process writing the database before giving up (busy).")
    var busyTimeout: Double = 5

    @Flag(name: .shortAndLong, help: "Print no warnings.")
    var quiet = false

    /// Opens the database; it must exist unless `create`.
    func open(create: Bool = false) throws -> CueStore {
        guard let db else { throw ToolError(.usage, "no database: give --db FILE") }
        if !create {
            var st = stat()
            if stat(db, &st) != 0 {
                throw ToolError(.noInput, "\(db): no such database; create it with 'dx-cues --db \(db) init' or 'import'")
            }
        }
        return try CueStore(path: db, busyTimeout: busyTimeout)
    }
}

/// Runs a command body, reporting an error as "dx-cues: message" with its status.
func runReporting(_ body: () throws -> Void) throws { try ErrorReporting.run(tool: "dx-cues", body) }

/// Filters shared by list, search and report.
struct FilterOptions: ParsableArguments {
    @Option(name: .long, help: "Only this character (repeatable).")
    var character: [String] = []
    @Option(name: .long, help: "Only this actor (repeatable).")
    var actor: [String] = []
    @Option(name: .long, help: "Only this reel (repeatable).")
    var reel: [String] = []
    @Option(name: .long, help: "Only this status (repeatable).")
    var status: [CueStatus] = []
    @Option(name: .long, help: "Only this reason code (repeatable).")
    var reason: [ReasonCode] = []
    @Option(name: .long, help: "Only lines, notes or reasons containing these words (prefixes).")
    var text: String?

    func filter() throws -> CueFilter {
        var f = CueFilter()
        f.characters = character
        f.actors = actor
        f.reels = reel
        f.statuses = status
        f.reasons = reason
        f.text = text
        return f
    }
}

func printWarnings(_ warnings: [Diagnostic], quiet: Bool) {
    Console.report(warnings, quiet: quiet)
}

/// A plain-text table with columns padded to their widest cell.
func textTable(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
    func line(_ cells: [String]) -> String {
        var s = ""
        for (i, c) in cells.enumerated() {
            s += i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count + 2)
        }
        return s + "\n"
    }
    return line(header) + rows.map(line).joined()
}
