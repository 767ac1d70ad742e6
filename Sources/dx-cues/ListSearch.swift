import ArgumentParser
import DXCLI
import DXCueImport
import DXCueReports
import DXCueStore

extension DXCues {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List cues by reel and TC in.",
            discussion: "--json prints an array of cue objects (schema 1) with their takes.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var filters: FilterOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            try runReporting {
                let store = try global.open()
                let cues = try store.cues(try filters.filter())
                Console.out(json ? CueJSON.encode(cues) + "\n" : cueTable(cues))
            }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Full-text search over lines, notes and reasons (every word, as a prefix).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var filters: FilterOptions
        @Flag(name: .long, help: "Print JSON.") var json = false
        @Argument(help: "Words to find.") var words: [String]

        func run() throws {
            try runReporting {
                let store = try global.open()
                let cues = try store.search(words.joined(separator: " "), filter: try filters.filter())
                Console.out(json ? CueJSON.encode(cues) + "\n" : cueTable(cues))
            }
        }
    }
}

func cueTable(_ cues: [CueRecord]) -> String {
    let rows = cues.map { c -> [String] in
        [c.number, c.character, c.actor ?? "", c.reel ?? "", c.tcIn.description, c.tcOut.description,
         c.reasonCode?.rawValue ?? "", c.flags.names.joined(separator: ","), c.status.rawValue, String(c.takes.count),
         c.line.count > 60 ? String(c.line.prefix(59)) + "…" : c.line]
    }
    return textTable(["CUE", "CHARACTER", "ACTOR", "REEL", "TC IN", "TC OUT", "REASON", "FLAGS", "STATUS", "TAKES", "LINE"], rows)
}
