import ArgumentParser
import DXAlign
import DXCLI
#if canImport(Glibc)
import Glibc
#endif

extension DXAlignTool {
    struct Align: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Align one take on a guide.")

        @Option(name: .long, help: "The guide (production) audio: WAV/BWF, RF64, AIFF or FLAC, any channels.",
                completion: .file())
        var guide: String

        @Option(name: .long, help: "The ADR take.", completion: .file())
        var take: String

        @Option(name: .customLong("take-range"), help: ArgumentHelp(
            "Seconds of the take holding the line, START-END (default: found automatically).",
            valueName: "start-end"))
        var takeRange: SecondsRange?

        @Flag(name: .long, help: "Print one JSON object.")
        var json = false

        @OptionGroup var common: CommonOptions

        func run() throws {
            try runReporting {
                rememberFFTPlans()
                let rate = try common.frameRate()
                let profile = getenv("DXALIGN_PROFILE") != nil
                let t0 = Clock.now()
                let guideAnalysis = try GuideAnalysis(path: guide, tasks: 2)
                let t1 = Clock.now()
                let aligner = try Aligner()
                aligner.tasks = 2
                let t = try aligner.take(path: take, for: guideAnalysis, range: takeRange?.range)
                let t2 = Clock.now()
                let result = try aligner.align(t, on: guideAnalysis)
                if profile {
                    Console.err("guide \(Report.number(t1 - t0, digits: 4)) s, take \(Report.number(t2 - t1, digits: 4)) s, align \(Report.number(Clock.now() - t2, digits: 4)) s\n")
                }
                let report = Report(rate: rate, guideTimeReference: guideAnalysis.timeReference)
                Console.out(json ? report.json(result, take: take, guide: guide) + "\n"
                                 : report.text(result, take: take, guide: guide))
            }
        }
    }
}
