import ArgumentParser
import DXCLI
import DXCueStore
import DXEditModel

extension DXCues {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the database: SQLite integrity and foreign keys, row counts, a digest of the contents.",
            discussion: "Exit status 65 when a check fails. Two databases with the same digest hold the same rows.")

        @OptionGroup var global: GlobalOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            try runReporting {
                let store = try global.open()
                let r = try store.check()
                let facts = try store.schemaFacts()
                if json {
                    Console.out(r.json(facts))
                } else {
                    Console.out("integrity: \(r.integrity)\nforeign keys: \(r.foreignKeyViolations == 0 ? "ok" : "\(r.foreignKeyViolations) violations")\n")
                    Console.out("journal: \(facts.journalMode)\n")
                    for c in r.counts { Console.out("\(c.table): \(c.rows)\n") }
                    Console.out("digest: \(r.digest)\n")
                }
                if r.integrity != "ok" || r.foreignKeyViolations > 0 {
                    throw ToolError(.dataError, "\(global.db ?? ""): database check failed")
                }
            }
        }
    }
}
