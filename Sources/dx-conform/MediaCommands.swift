import ArgumentParser
import DXAudio
import DXAudioCLI
import DXCLI
import DXConformMedia
import DXEditModel
import DXMediaIndex
import DXTimecode
#if canImport(Glibc)
import Glibc
#endif

/// Options naming the media index.
struct IndexOption: ParsableArguments {
    @Option(name: [.customLong("index"), .customLong("db")], help: "The media index (SQLite) built by dx-conform index.")
    var index: String

    /// Opens an existing index (never creates one where a user mistyped a name).
    func open() throws -> MediaIndex {
        var st = stat()
        guard stat(index, &st) == 0 else {
            throw ToolError(.noInput, "\(index): no media index there; build one with: dx-conform index DIR --db \(index)")
        }
        return try MediaIndex(path: index, readOnly: true)
    }
}

extension MediaIndexError: ReportableError {
    /// The sysexits status of an index error's cause: busy 75 (try again), cannot open 66,
    /// not an index (foreign, damaged, newer schema) 65, I/O 74.
    public var exitStatus: ExitStatus {
        switch kind {
        case .busy: return .temporaryFailure
        case .notFound: return .noInput
        case .invalid: return .dataError
        case .io: return .ioError
        }
    }
}

/// Options of the commands that match a list to media.
struct MatchOptions: ParsableArguments {
    @Option(name: .long, help: "Channels to take: listed (the list's source channel where it names one, else all), all, or iXML track names and 1-based numbers (boom,lav1 or 1,3).")
    var channels: ChannelSelection = .asListed

    @Option(name: .long, parsing: .upToNextOption, help: "Only these audio tracks (A1, A2…).")
    var track: [TrackID] = []

    @Flag(name: .long, help: "Take a file whose iXML tape disagrees with the list's reel when only its timecode agrees (time of day repeats every shooting day: this can place the wrong take).")
    var allowTimecodeOnly = false

    func matcher() throws -> EventMatcher {
        var tracks: Set<TrackID>? = nil
        if !track.isEmpty {
            tracks = []
            for t in track {
                guard t.kind == .audio else { throw ToolError(.usage, "--track \(t): expected A1, A2…") }
                tracks!.insert(t)
            }
        }
        return EventMatcher(channels: channels, tracks: tracks, allowTimecodeOnly: allowTimecodeOnly)
    }
}

extension DXConform {
    struct Index: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scan production audio (BWF, polyphonic WAV) into a media index.",
            discussion: """
                Folders are scanned recursively for .wav, .bwf and .rf64 files. Each file's rate, \
                channels, length, bext TimeReference, iXML project/scene/take/tape/circled and \
                track names and a fingerprint of its samples are kept in an SQLite file. Rescans \
                open only new or changed files (size and modification time); a file that moved \
                is found again by its fingerprint.
                """)

        @Option(name: [.customLong("db"), .customLong("index")], help: "The index file (created when missing).")
        var db: String

        @Flag(name: .long, help: "Print the scan report as JSON.")
        var json = false

        @Flag(name: [.short, .long], help: "Do not list files without a TimeReference.")
        var quiet = false

        @Argument(help: "Folders (or files) of production audio.", completion: .directory)
        var folders: [String]

        func run() throws {
            try runReporting {
                let index: MediaIndex
                do { index = try MediaIndex(path: db) } catch let e as MediaIndexError { throw ToolError(.cannotCreate, e.description) }
                let progress: ((Int, Int) -> Void)? = Console.stderrIsTerminal ? { i, n in
                    if i % 16 == 0 { Console.err("\rscanning \(i)/\(n)") }
                } : nil
                let r: ScanReport
                do { r = try index.scan(folders, progress: progress) } catch let e as MediaIndexError {
                    throw ToolError(.noInput, e.description)
                }
                if progress != nil { Console.err("\r\u{1B}[K") }
                for f in r.failed { Console.err("\(f.path): \(f.reason)\n") }
                if !quiet { for p in r.withoutTimeReference { Console.err("\(p): warning: no bext TimeReference; it cannot be matched by timecode\n") } }
                let total = try index.records().count
                if json {
                    var w = JSONWriter(pretty: true)
                    w.beginObject()
                    w.field("schema", 1)
                    w.field("index", db)
                    w.field("files", total)
                    w.key("added"); strings(r.added, &w)
                    w.key("updated"); strings(r.updated, &w)
                    w.field("unchanged", r.unchanged)
                    w.key("moved"); w.beginArray()
                    for m in r.moved { w.beginObject(); w.field("from", m.from); w.field("to", m.to); w.endObject() }
                    w.endArray()
                    w.key("missing"); strings(r.missing, &w)
                    w.key("failed"); w.beginArray()
                    for f in r.failed { w.beginObject(); w.field("path", f.path); w.field("reason", f.reason); w.endObject() }
                    w.endArray()
                    w.key("without_time_reference"); strings(r.withoutTimeReference, &w)
                    w.endObject()
                    Console.out(w.output + "\n")
                } else {
                    var out = "\(db): \(total) file\(total == 1 ? "" : "s") indexed; this scan: \(r.added.count) added, "
                        + "\(r.updated.count) updated, \(r.unchanged) unchanged, \(r.moved.count) moved, \(r.missing.count) missing, "
                        + "\(r.failed.count) unreadable\n"
                    for m in r.moved { out += "moved: \(m.from) -> \(m.to)\n" }
                    for m in r.missing { out += "missing: \(m)\n" }
                    Console.out(out)
                }
                if !r.failed.isEmpty { throw ToolError(.dataError, "\(r.failed.count) file\(r.failed.count == 1 ? "" : "s") could not be read (listed above)") }
            }
        }

        func strings(_ a: [String], _ w: inout JSONWriter) {
            w.beginArray(); for s in a { w.value(s) }; w.endArray()
        }
    }

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
                let matches = try matching.match(t, media: media)
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

    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render each matched event as a BWF with handles, placed at its record time.",
            discussion: """
                Each file holds the event's source range plus handles (shorter where the \
                source file ends, and reported), the chosen channels sample for sample, the \
                source's bext and iXML, and a TimeReference of the record time minus the head \
                handle. Speed changes are reported and not rendered unless --speed-changes is \
                given. Beside the files: placed.csv, placed.json and placed.edl (an EDL playing \
                the rendered files). Nothing is written when a source is missing or changed, the \
                output directory is not writable, or an output would land on a source file.
                """)

        @OptionGroup var read: ReadOptions
        @OptionGroup var index: IndexOption
        @OptionGroup var matching: MatchOptions

        @Option(name: .shortAndLong, help: "Output directory (created when missing).")
        var output: String

        @Option(name: .long, help: "Handle length each side: 5s, 2.5s, or 48f (list frames).")
        var handles: HandleLength = .seconds(0, 1)

        @Flag(name: .long, help: "Also render events with speed changes (their source range as written, not re-timed).")
        var speedChanges = false

        @Option(name: .long, help: "Files rendered at once.")
        var jobs: Int = 2

        @Flag(name: .long, help: "Print the placements as JSON.")
        var json = false

        @Argument(help: "The conform list.", completion: .file(extensions: ["edl", "EDL", "xml", "fcpxml", "json"]))
        var list: String

        func validate() throws {
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            var incomplete = false
            try runReporting {
                guard let t = try read.load(list).first else { throw ToolError(.dataError, "\(list): no sequence found") }
                let db = try index.open()
                let media = try db.records()
                let matches = try matching.match(t, media: media)
                let placements = RenderPlanner(handles: handles, renderSpeedChanges: speedChanges)
                    .plan(t, matches: matches).map(\.advised)
                try FileIO.makeDirectory(output)
                let renderer = Renderer(outputDirectory: output)
                let problems = renderer.preflight(placements, protecting: Set(try db.records(includeMissing: true).map(\.path)))
                if !problems.isEmpty {
                    for p in problems { Console.err("dx-conform: \(p.advised)\n") }
                    let missing = problems.contains(where: \.isStaleSource)
                    throw ToolError(missing ? .noInput : .cannotCreate, "nothing rendered: \(problems.count) problem\(problems.count == 1 ? "" : "s") above")
                }
                let toRender = placements.filter { $0.status == .render }
                let failures = RenderRun.run(renderer, toRender, jobs: jobs, showProgress: Console.stderrIsTerminal)
                for f in failures { Console.err("dx-conform: \(f.description)\n") }
                let dir = output.hasSuffix("/") ? String(output.dropLast()) : output
                try FileIO.writeAtomically(Array(PlacementList.csv(t, placements, outputDirectory: dir).utf8), to: dir + "/placed.csv")
                try FileIO.writeAtomically(Array(PlacementList.json(t, placements, matches: matches, outputDirectory: dir).utf8), to: dir + "/placed.json")
                try FileIO.writeAtomically(Array(PlacementList.edl(t, placements, outputDirectory: dir).utf8), to: dir + "/placed.edl")
                if json {
                    Console.out(PlacementList.json(t, placements, matches: matches, outputDirectory: dir))
                } else {
                    Console.out(MatchTable.renderPlacements(t, placements, matches, rendered: toRender.count - failures.count, directory: dir))
                }
                if let first = failures.first {
                    // The first failure's kind decides the status, by the mapping every audio tool
                    // shares: a truncated source is 65, a missing one 66, an unwritable target 73.
                    throw ToolError(ExitStatus(first.kind), "\(failures.count) of \(toRender.count) files not rendered")
                }
                incomplete = matches.contains { $0.status != .matched } || placements.contains { $0.status != .render }
            }
            if incomplete { throw ExitCode(1) }
        }
    }
}
