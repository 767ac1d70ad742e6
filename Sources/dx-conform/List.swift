import ArgumentParser
import DXAAF
import DXCLI
import DXEditModel
import DXTimecode

extension DXConform {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the events of one or more conform lists.",
            discussion: """
                The default is a readable table. --json prints the canonical JSON (schema 1, \
                one row per event and track); several files give a JSON array. --csv prints \
                the same rows as CSV.
                """)

        @OptionGroup var read: ReadOptions

        @Option(name: .long, parsing: .upToNextOption, help: "Only these tracks (V, V1, A1, A2…).")
        var track: [TrackID] = []

        @Flag(name: .long, help: "Print canonical JSON.")
        var json = false

        @Flag(name: .long, help: "Print CSV.")
        var csv = false

        @Argument(help: "Conform lists to read (EDL, xmeml, FCPXML, AAF or dxkit JSON); - for standard input.",
                  completion: .file(extensions: ["edl", "EDL", "xml", "fcpxml", "aaf", "AAF", "json"]))
        var files: [String]

        func validate() throws {
            if json && csv { throw ValidationError("--json and --csv cannot be combined") }
        }

        func run() throws {
            try runReporting {
                let wanted = Set(track)
                var documents: [String] = []
                var text = ""
                for (n, path) in files.enumerated() {
                    let timelines = try read.load(path)
                    let isAAF = timelines.first.map { $0.source.format == .aaf } ?? FileIO.startsWith(path, AAFListReader.signature)
                    if timelines.isEmpty {
                        let what = isAAF ? "no top-level composition" : "no sequence or project"
                        Console.err("\(path): warning: \(what) found; nothing to list\n")
                        if json { documents.append(isAAF ? "[]" : CanonicalJSON.emptyDocument(file: path)) }
                    }
                    let shown = wanted.isEmpty ? timelines : timelines.map { $0.filtered(tracks: wanted) }
                    if json, isAAF, shown.count > 1 {
                        // AAF: one document per composition, as an array (the AAF contract).
                        documents.append(JSONWriter.array(of: shown.map { CanonicalJSON.encode($0, pretty: true) }))
                        continue
                    }
                    if json, !shown.isEmpty {
                        // One document per file; further XML projects ride along inside it.
                        documents.append(CanonicalJSON.encode(shown, pretty: true))
                        continue
                    }
                    for t in shown {
                        if csv {
                            text += CSVTable.render(t, header: n == 0 && text.isEmpty)
                        } else {
                            text += EventTable.render(t)
                        }
                    }
                }
                if json {
                    Console.out(JSONWriter.output(of: documents))
                } else {
                    Console.out(text)
                }
            }
        }
    }
}

extension Timeline {
    /// The timeline with only events on the given tracks (and only those tracks listed).
    func filtered(tracks wanted: Set<TrackID>) -> Timeline {
        var t = self
        t.events = events.compactMap { e in
            var e = e
            e.tracks = e.tracks.filter { wanted.contains($0) || (wanted.contains(.video(1)) && $0 == .editVideo) }
            return e.tracks.isEmpty ? nil : e
        }
        return t
    }
}
