import ArgumentParser
import DXAlign
import DXCLI

extension DXAlignTool {
    struct Batch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Align many takes: against one guide (analysed once) or from a CSV manifest.",
            discussion: """
                Prints one JSON object per take (NDJSON, in input order) on standard output, a \
                progress bar on standard error when it is a terminal, and a summary line. \
                Manifest rows: take,guide[,window_start,window_end] (timecodes on the guide's \
                TimeReference clock where the line may start; relative paths from the \
                manifest's folder). With --write DIR each matched, unambiguous take is written \
                to DIR as a new BWF whose bext TimeReference places it at its guide timecode.
                """)

        @Option(name: .long, help: "The guide all takes are aligned against.", completion: .file())
        var guide: String?

        @Option(name: .long, help: "CSV manifest: take,guide[,window_start,window_end].", completion: .file())
        var manifest: String?

        @Option(name: .long, help: "Write aligned takes (new BWF files, same names) into this folder.",
                completion: .directory)
        var write: String?

        @Option(name: .shortAndLong, help: "Takes aligned at once (default: the number of cores).")
        var jobs: Int?

        @OptionGroup var common: CommonOptions

        @Argument(help: "Take files (with --guide).", completion: .file())
        var takes: [String] = []

        func validate() throws {
            if (guide == nil) == (manifest == nil) { throw ValidationError("give either --guide with takes, or --manifest") }
            if guide != nil && takes.isEmpty { throw ValidationError("--guide needs at least one take") }
            if manifest != nil && !takes.isEmpty { throw ValidationError("takes come from the manifest; do not list them too") }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            var worst: ExitStatus = .ok
            try runReporting {
                let rate = common.fps
                var entries: [ManifestEntry]
                if let manifest {
                    let bytes = try FileIO.read(manifest)
                    entries = try BatchManifest.parse(String(decoding: bytes, as: UTF8.self), name: manifest, rate: rate)
                    if entries.isEmpty { throw ToolError(.dataError, "\(manifest): lists no takes") }
                } else {
                    entries = takes.enumerated().map { ManifestEntry(line: $0.offset + 1, take: $0.element, guide: guide!) }
                }
                if let write { try OutputFolder.prepare(write) }
                worst = try BatchRun(entries: entries, rate: rate, write: write,
                                     jobs: jobs ?? ProcessorCount.online).run()
            }
            if worst != .ok { throw worst.code }
        }
    }
}
