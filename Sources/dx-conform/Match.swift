import ArgumentParser
import DXCLI
import DXConformMedia

extension DXConform {
    struct Match: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Match each audio event of a list to production sound in the index.",
            discussion: """
                An event matches a file whose bext TimeReference and length cover its source \
                timecode; the list's source file name, reel (against the iXML tape and file \
                name), scene/take and clip name decide between files and are kept as the reason. \
                Exit status 1 when some event is unmatched, ambiguous or lacks a channel.
                """)

        @OptionGroup var read: ReadOptions
        @OptionGroup var index: IndexOption
        @OptionGroup var matching: MatchOptions

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        @Argument(help: "The conform list.", completion: .file(extensions: ["edl", "EDL", "xml", "fcpxml", "json"]))
        var list: String

        func run() throws {
            var incomplete = false
            try runReporting {
                guard let t = try read.load(list).first else { throw ToolError(.dataError, "\(list): no sequence found") }
                let media = try index.open().records()
                let matches = try matching.matcher().match(t, media: media)
                incomplete = matches.contains { $0.status != .matched }
                if json {
                    Console.out(MatchList.json(matches, list: list, index: index.index) + "\n")
                } else {
                    Console.out(MatchTable.render(t, matches))
                }
            }
            if incomplete { throw ExitCode(1) }
        }
    }
}
