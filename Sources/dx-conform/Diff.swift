import ArgumentParser
import DXCLI
import DXConformDiff
import DXEditModel

extension DXConform {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the changes between two cuts: inserted, deleted, moved, trimmed, replaced.",
            discussion: """
                Events are matched by their source (file name, else reel, else clip name) and \
                overlapping source ranges, track by track, never by event number. Each change \
                carries the record-time shift of everything after it. The lists must be at one \
                frame rate. --edl writes a CMX 3600 change list (temporary file, then renamed).
                """)

        @OptionGroup var read: ReadOptions

        @Option(name: .long, parsing: .upToNextOption, help: "Only these tracks (V, A1, A2…); default all.")
        var track: [TrackID] = []

        @Flag(name: .long, help: "Print the change list as JSON (schema 1).")
        var json = false

        @Option(name: .long, help: "Also write the changes as a CMX 3600 EDL to this file.")
        var edl: String?

        @Flag(name: .long, help: "Exit with status 1 when the cuts differ (like diff(1)).")
        var exitCode = false

        @Argument(help: "The old cut.", completion: .file(extensions: ["edl", "EDL", "xml", "fcpxml", "json"]))
        var old: String

        @Argument(help: "The new cut.", completion: .file(extensions: ["edl", "EDL", "xml", "fcpxml", "json"]))
        var new: String

        func run() throws {
            var differ = false
            try runReporting {
                if let edl, FileIO.sameFile(edl, old) || FileIO.sameFile(edl, new) {
                    throw ToolError(.cannotCreate, "\(edl): is an input list; refusing to overwrite it")
                }
                let a = try firstTimeline(old), b = try firstTimeline(new)
                let wanted = track.isEmpty ? nil : Set(track)
                let d = try CutDiff.compare(old: a, new: b, tracks: wanted)
                if let edl { try FileIO.writeAtomically(Array(DiffReport.changeEDL(d).utf8), to: edl) }
                Console.out(json ? DiffReport.json(d) : DiffReport.text(d))
                differ = !d.changes.isEmpty
            }
            if exitCode && differ { throw ExitCode(1) }
        }

        func firstTimeline(_ path: String) throws -> Timeline {
            let ts = try read.load(path)
            guard let t = ts.first else { throw ToolError(.dataError, "\(path): no sequence found to compare") }
            if ts.count > 1 {
                Console.err("\(path): warning: \(ts.count) sequences; comparing the first\n")
            }
            return t
        }
    }
}
