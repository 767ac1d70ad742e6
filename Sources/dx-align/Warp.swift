import ArgumentParser
import DXAlign
import DXCLI
import DXStretch
import DXWarp

extension DXAlignTool {
    struct Warp: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time-warp ADR takes onto the guide (also: dx-align --warp …, dx-align batch --warp …).",
            discussion: """
                Places the take as the offset mode does, tolerating a tempo that swings or a word \
                left out or said twice (a take whose line is not in the guide, or fits several \
                places, is refused: nothing is written, status 1), finds a time \
                map from the take to the guide region, and stretches the take along it with \
                Rubber Band (pitch and formants kept). The output is a BWF whose bext \
                TimeReference spots it on the guide's clock. With --write DIR, many takes: \
                against one guide (analysed once) or from a CSV manifest as in batch; one JSON \
                line per take.
                """)

        @Flag(name: .long, help: "Warp (what this command does; lets `dx-align --warp …` reach it).")
        var warp = false

        @Option(name: .long, help: "The guide (production) audio.", completion: .file())
        var guide: String?

        @Option(name: .long, help: "The ADR take to warp.", completion: .file())
        var take: String?

        @Option(name: .long, help: "The warped take (a new BWF).", completion: .file())
        var out: String?

        @Option(name: .long, help: "Write the time map here (JSON: points [take_s, guide_s], flags).",
                completion: .file())
        var map: String?

        @Flag(name: .long, help: "Print one JSON object (with --write: one per take).")
        var json = false

        @Option(name: .customLong("max-stretch"), help: ArgumentHelp(
            "Lowest and highest local stretch the map may use, LO:HI (within 0.5:2).", valueName: "lo:hi"))
        var maxStretch = StretchLimits(low: WarpOptions().minStretch, high: WarpOptions().maxStretch)

        @Option(name: .long, help: ArgumentHelp(
            "How closely the map follows the guide, 0 (phrases) … 1 (every syllable).", valueName: "0-1"))
        var strength = 0.5

        @Option(name: .long, help: "Rubber Band engine: finer (R3, better sound) or faster (R2).")
        var engine: StretchEngine = .finer

        @Flag(name: .customLong("guide-length"), help: ArgumentHelp(
            "Write the output as long as the guide, output sample n at guide sample n.",
            discussion: "Otherwise the output holds the warped take only, placed by its TimeReference."))
        var guideLength = false

        @Option(name: .long, help: "With --write: CSV manifest take,guide[,window_start,window_end].",
                completion: .file())
        var manifest: String?

        @Option(name: .long, help: "Warp many takes into this folder (NAME.wav and NAME.map.json).",
                completion: .directory)
        var write: String?

        @Option(name: .shortAndLong, help: "With --write: takes warped at once (default: the number of cores).")
        var jobs: Int?

        @OptionGroup var common: CommonOptions

        @Argument(help: "With --write and --guide: the take files.", completion: .file())
        var takes: [String] = []

        func validate() throws {
            if !(0...1).contains(strength) { throw ValidationError("--strength must be between 0 and 1") }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if write == nil {
                if take == nil || guide == nil || out == nil {
                    throw ValidationError("give --guide, --take and --out (or --write DIR for many takes)")
                }
                if manifest != nil || !takes.isEmpty { throw ValidationError("several takes need --write DIR") }
                return
            }
            if take != nil || out != nil || map != nil {
                throw ValidationError("with --write, name the takes (or a --manifest), not --take/--out/--map")
            }
            if (guide == nil) == (manifest == nil) { throw ValidationError("give either --guide with takes, or --manifest") }
            if guide != nil && takes.isEmpty { throw ValidationError("--guide needs at least one take") }
            if manifest != nil && !takes.isEmpty { throw ValidationError("takes come from the manifest; do not list them too") }
        }

        var options: WarpOptions {
            WarpOptions(minStretch: maxStretch.low, maxStretch: maxStretch.high, strength: strength)
        }

        func run() throws {
            if write != nil { return try runBatch() }
            var refused = false
            try runReporting {
                rememberFFTPlans()
                let job = WarpJob(take: take!, guide: guide!, out: out!, mapFile: map, options: options,
                                  settings: StretchSettings(engine: engine), guideLength: guideLength, rate: common.fps)
                let analysis = try GuideAnalysis(path: job.guide, tasks: 2)
                let aligner = try Aligner(tuning: .warp)
                aligner.tasks = 2
                let outcome = try job.run(guide: analysis, aligner: aligner)
                let report = WarpReport(report: AlignmentReport(rate: common.fps, guideTimeReference: analysis.timeReference),
                                        job: job)
                Console.out(json ? report.json(outcome) + "\n" : report.text(outcome))
                if let why = outcome.refused {
                    Console.err("dx-align: \(job.take): not warped: \(why)\n")
                    refused = true
                }
            }
            if refused { throw ExitStatus.failure.code }
        }
    }
}
