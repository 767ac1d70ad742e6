import ArgumentParser
import DXCLI
import DXTimecode

@main
struct DXConform: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dx-conform",
        abstract: "Conform production sound to picture edits: read and diff conform lists, index, match and render production audio.",
        discussion: """
            Every list is read into one edit model with exact frame counts and rational \
            rates. Results go to standard output, diagnostics to standard error. Exit \
            status follows sysexits(3): 65 for a malformed list, 66 for a missing file.
            """,
        version: "0.1.0",
        subcommands: [List.self, Convert.self, Diff.self, Index.self, Match.self, Render.self, Extract.self, TimeRead.self, TagBWF.self])
}

/// Options shared by the commands that read lists.
struct ReadOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Frame rate of EDLs: 23.976, 24, 25, 29.97, 29.97df, 30, 47.952, 48, 50, 59.94, 59.94df, 60 or NUM/DEN.",
        discussion: "EDLs do not state their rate. Without --fps it is guessed and the guess is reported."))
    var fps: FrameRate?

    @Flag(name: .long, help: "Read XML that is not well formed with libxml2's recover mode (warns).")
    var recover = false

    @Option(name: .long, help: ArgumentHelp(
        "AAF: read only the N-th top-level composition (1-based).",
        discussion: "An AAF file may hold several top-level compositions; without --composition all are read."))
    var composition: Int?

    @Flag(name: .customLong("fold-pt-fades"), help: ArgumentHelp(
        "AAF: fold Pro Tools' rendered fade and sample-accurate-edit clips into fades.",
        discussion: "Without it they are listed as the clips the file holds."))
    var foldProToolsFades = false

    @Flag(name: [.short, .long], help: "Do not print warnings.")
    var quiet = false
}
