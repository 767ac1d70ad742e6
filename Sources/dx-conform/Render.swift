import ArgumentParser
import DXAudioCLI
import DXCLI
import DXConformMedia

extension DXConform {
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
                let matches = try matching.matcher().match(t, media: media)
                let placements = RenderPlanner(handles: handles, renderSpeedChanges: speedChanges)
                    .plan(t, matches: matches)
                try FileIO.makeDirectory(output)
                let renderer = Renderer(outputDirectory: output)
                let problems = renderer.preflight(placements, protecting: Set(try db.records(includeMissing: true).map(\.path)))
                if !problems.isEmpty {
                    for p in problems { Console.err("dx-conform: \(p)\n") }
                    let missing = problems.contains { $0.contains("missing") || $0.contains("changed since") }
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
