import ArgumentParser
import DXCLI

@main
struct DXCues: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dx-cues",
        abstract: "ADR cues, takes and recording sessions in one SQLite file per project; cue sheets and reports.",
        discussion: """
            Import spotting from Pro Tools session text (ptulsconv tags), Avid marker lists, \
            Resolve marker EDLs or CSV; track status, sessions and takes; print supervisor \
            lists, actors' sides, recording logs, line counts and call sheets as CSV, JSON, \
            HTML or PDF. Every change is one transaction. Results go to standard output, \
            diagnostics to standard error; exit status follows sysexits(3) (75: the \
            database is busy).
            """,
        version: "0.1.0",
        subcommands: [Init.self, Import.self, List.self, Search.self, Add.self, Edit.self, Renumber.self,
                      Status.self, Take.self, Session.self, Report.self, Check.self])

    @OptionGroup var global: GlobalOptions
}
