import ArgumentParser
import DXCLI
import DXCueImport
import DXCueReports
import DXCueStore
import DXEditModel
import DXTimecode

extension DXCues {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the database and its project.")

        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "Project title.") var title: String
        @Option(name: .long, help: "Picture rate: 23.976, 24, 25, 29.97, 29.97df, 30, …") var fps: FrameRate
        @Option(name: .long, help: "Client.") var client: String?
        @Option(name: .long, help: "ADR supervisor.") var supervisor: String?

        func run() throws {
            try runReporting {
                let rate = fps
                let store = try global.open(create: true)
                let p = try store.createProject(title: title, rate: rate, client: client, supervisor: supervisor)
                Console.out("\(global.db!): project '\(p.title)' at \(p.rate) fps\n")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import spotting: Pro Tools session text, Avid marker list, Resolve marker EDL or CSV.",
            discussion: """
                The format is read from the content. Cues are matched by cue number: a re-import \
                of an updated export updates the cues that changed and reports each change; it \
                never duplicates. A cue number used twice in one file is refused (nothing is \
                stored) with both places named. Each file is one transaction.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "Frame rate for lists that state none (marker lists, CSV).") var fps: FrameRate?
        @Option(name: .long, help: "Force a format.") var format: CueImporter.Format?
        @Option(name: .long, help: "CSV column mapping, e.g. number=1,in=2,out=3,character=4,line=5 or number=Cue,in=TC In.") var map: String?
        @Flag(name: .long, help: "Mark cues of the database that this file no longer has as omitted.") var omitMissing = false
        @Flag(name: .long, help: "Report what would change; store nothing.") var dryRun = false
        @Flag(name: .long, help: "Print the report as JSON.") var json = false
        @Argument(help: "Exports to import.", completion: .file()) var files: [String]

        func run() throws {
            try runReporting {
                let fmt = format
                var profile = Profile("import")
                let store = try global.open(create: true)
                profile.mark("open")
                var rate = fps
                if rate == nil { rate = try store.project()?.rate }
                var w = JSONWriter(pretty: true)
                if json { w.beginArray() }
                for file in files {
                    let bytes = try FileIO.read(file)
                    let imp = try CueImporter.read(bytes: bytes, file: file, format: fmt, rate: rate, csvMapping: map)
                    profile.mark("read and parse \(imp.cues.count) cues")
                    printWarnings(imp.warnings, quiet: global.quiet)
                    let r = try store.importCues(imp, omitMissing: omitMissing, dryRun: dryRun)
                    profile.mark("store (one transaction)")
                    if json {
                        r.writeJSON(imp, dryRun: dryRun, to: &w)
                    } else {
                        Console.out(describe(r, imp))
                    }
                }
                if json {
                    w.endArray()
                    Console.out(w.output + "\n")
                }
            }
        }

        func describe(_ r: ImportReport, _ imp: CueImport) -> String {
            var s = "\(r.file): \(imp.cues.count) cue\(imp.cues.count == 1 ? "" : "s") (\(imp.format))"
            if imp.otherEvents > 0 { s += ", \(imp.otherEvents) other clip\(imp.otherEvents == 1 ? "" : "s") without a cue number" }
            s += ": \(r.added.count) added, \(r.updated.count) updated, \(r.unchanged) unchanged"
            if !r.missing.isEmpty { s += ", \(r.missing.count) in the database but not in this file" }
            if dryRun { s += " (dry run: nothing stored)" }
            s += "\n"
            if r.createdProject { s += "  new project\n" }
            if let c = r.converted { s += "  times converted \(c)\n" }
            for u in r.updated {
                for f in u.fields where f.field != "tags" {
                    s += "  \(u.number): \(f.field) '\(f.old)' → '\(f.new)'\n"
                }
            }
            if !r.missing.isEmpty {
                s += "  not in this file: \(r.missing.prefix(20).joined(separator: " "))\(r.missing.count > 20 ? " …" : "")\n"
            }
            if !r.omitted.isEmpty { s += "  marked omitted: \(r.omitted.joined(separator: " "))\n" }
            return s
        }
    }
}
