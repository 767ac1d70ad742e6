import ArgumentParser
import DXCLI
import DXCueImport
import DXCueReports
import DXCueStore
import DXEditModel

extension DXCues {
    struct Take: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record takes against cues.", subcommands: [TakeAdd.self])
    }

    struct TakeAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a take to a cue, or every take of a dx-align NDJSON report.",
            discussion: """
                dx-cues --db F take add P101 --file P101_t3.wav --circled
                dx-cues --db F take add --from-align align.ndjson --session day1
                A report line names its take (take, take_path, path or file) and carries \
                offset_seconds (or offset_samples with sample_rate), confidence and match; \
                its cue is "cue" or the cue number in the take's file name (P101_t3.wav: cue \
                P101, take 3). Reading a report again updates its takes, never duplicates.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The cue number (not with --from-align).") var cue: String?
        @Option(name: .long, help: "A dx-align NDJSON report.") var fromAlign: String?
        @Option(name: .long, help: "Take number (default: the next).") var number: Int?
        @Option(name: .long, help: "Recording session name.") var session: String?
        @Option(name: .long, help: "The take's audio file.") var file: String?
        @Flag(name: .long, help: "The take is circled (selected).") var circled = false
        @Option(name: .long, help: "Comment.") var comment: String?

        func run() throws {
            try runReporting {
                let store = try global.open()
                var takes: [CueStore.NewTake] = []
                if let report = fromAlign {
                    guard cue == nil else { throw ToolError(.usage, "give a cue number or --from-align, not both") }
                    let (records, warnings) = AlignReportReader.read(bytes: try FileIO.read(report), file: report)
                    printWarnings(warnings, quiet: global.quiet)
                    for r in records {
                        var t = CueStore.NewTake(cue: r.cue!)
                        t.number = r.takeNumber
                        t.file = r.take
                        t.session = session
                        t.alignOffsetMicroseconds = r.offsetMicroseconds
                        t.alignConfidence = r.confidence
                        t.alignMatch = r.match
                        takes.append(t)
                    }
                } else {
                    guard let cue else { throw ToolError(.usage, "take add needs a cue number or --from-align FILE") }
                    var t = CueStore.NewTake(cue: cue)
                    t.number = number
                    t.session = session
                    t.file = file
                    t.circled = circled
                    t.comment = comment
                    takes.append(t)
                }
                let added = try store.addTakes(takes)
                for a in added { Console.out("\(a.cue) take \(a.take)\n") }
            }
        }
    }

    struct Session: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recording sessions (stage, date, engineer, actors).",
                                                        subcommands: [SessionAdd.self, SessionList.self])
    }

    struct SessionAdd: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a recording session.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Session name (unique).") var name: String
        @Option(name: .long, help: "Stage / studio.") var stage: String?
        @Option(name: .long, help: "Date (YYYY-MM-DD, optionally with a time).") var date: String?
        @Option(name: .long, help: "Recording engineer.") var engineer: String?
        @Option(name: .long, help: "Actor called (repeatable).") var actor: [String] = []
        @Option(name: .long, help: "Note.") var note: String?

        func run() throws {
            try runReporting {
                let store = try global.open()
                try store.addSession(name: name, stage: stage, date: date, engineer: engineer, note: note, actors: actor)
                Console.out("session \(name)\n")
            }
        }
    }

    struct SessionList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List recording sessions.")
        @OptionGroup var global: GlobalOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() throws {
            try runReporting {
                let store = try global.open()
                let sessions = try store.sessions()
                if json {
                    Console.out(SessionRecord.json(sessions))
                } else {
                    Console.out(textTable(["SESSION", "DATE", "STAGE", "ENGINEER", "ACTORS"],
                                          sessions.map { [$0.name, $0.date ?? "", $0.stage ?? "", $0.engineer ?? "", $0.actors.joined(separator: ", ")] }))
                }
            }
        }
    }
}
