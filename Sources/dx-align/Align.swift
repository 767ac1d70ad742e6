import ArgumentParser
import DXAlign
import DXAudio
import DXCLI
import DXTimecode
import Dispatch
import Synchronization
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
            try Self.align(Request(guide: guide, take: take, takeRange: takeRange?.range, json: json, fps: common.fps))
        }

        /// What one alignment needs from the command line.
        struct Request {
            var guide: String
            var take: String
            var takeRange: ClosedRange<Double>?
            var json: Bool
            var fps: FrameRate
        }

        /// The plain invocations (`[align] --guide G --take T [--json] [--fps F] [--take-range R]`,
        /// each option once, values as separate words) read without ArgumentParser, whose
        /// reflection-driven parsing costs a few million instructions, a tenth of a short take's
        /// run; `nil` for anything else (help, errors, other spellings), which the parser handles.
        static func quickRequest(_ arguments: [String]) -> Request? {
            var args = arguments[...]
            if args.first == "align" { args = args.dropFirst() }
            var values: [String: String] = [:]
            var json = false
            while let word = args.popFirst() {
                switch word {
                case "--json":
                    if json { return nil }
                    json = true
                case "--guide", "--take", "--fps", "--take-range":
                    guard values[word] == nil, let value = args.popFirst(), !value.hasPrefix("-") else { return nil }
                    values[word] = value
                default:
                    return nil
                }
            }
            guard let guide = values["--guide"], let take = values["--take"] else { return nil }
            var range: ClosedRange<Double>?
            if let text = values["--take-range"] {
                guard let r = SecondsRange(argument: text) else { return nil }
                range = r.range
            }
            var rate = FrameRate.fps24
            if let text = values["--fps"] {
                // A rate the parser would refuse goes to it, for its usage message (64).
                guard let r = FrameRate(argument: text) else { return nil }
                rate = r
            }
            return Request(guide: guide, take: take, takeRange: range, json: json, fps: rate)
        }

        static func align(_ request: Request) throws {
            let (guide, take, json) = (request.guide, request.take, request.json)
            try runReporting {
                rememberFFTPlans()
                let rate = request.fps
                let profile = getenv("DXALIGN_PROFILE") != nil
                let t0 = Clock.now()
                // The guide (on both cores) and the take are read and analysed at once; the
                // take only needs the guide's rate. Errors are reported guide first.
                let guideRate = try AudioReader(path: guide).format.sampleRate
                let (guidePath, takePath, range) = (guide, take, request.takeRange)
                let prepared = Mutex((take: Result<TakeAnalysis, any Error>?.none, takeSeconds: 0.0))
                // The take on a thread of its own, the guide here: the guide's own stretches then
                // run on both cores (an analysis nested in a concurrentPerform would run serially).
                // Not a Dispatch worker: one busy with the take kept the pool from giving the
                // guide's second stretch a thread for 2-9 ms.
                let takeDone = DispatchSemaphore(value: 0)
                startThread {
                    let start = Clock.now()
                    let t = Result { try Aligner().take(path: takePath, sampleRate: guideRate, range: range) }
                    if case .success(let take) = t { Aligner.prepareRefinementPlans(take) }
                    let seconds = Clock.now() - start
                    prepared.withLock { $0.take = t; $0.takeSeconds = seconds }
                    takeDone.signal()
                }
                let g = Result { try GuideAnalysis(path: guidePath, tasks: 2) }
                takeDone.wait()
                let (tk, takeSeconds) = prepared.withLock { ($0.take!, $0.takeSeconds) }
                let guideAnalysis = try g.get()
                let t = try tk.get()
                let t1 = Clock.now()
                let aligner = try Aligner()
                aligner.tasks = 2
                try aligner.check(t, fits: guideAnalysis)
                let result = try aligner.align(t, on: guideAnalysis)
                if profile {
                    Console.err("guide and take \(AlignmentReport.number(t1 - t0, digits: 4)) s (take \(AlignmentReport.number(takeSeconds, digits: 4)) s), align \(AlignmentReport.number(Clock.now() - t1, digits: 4)) s\n")
                }
                let report = AlignmentReport(rate: rate, guideTimeReference: guideAnalysis.timeReference)
                Console.out(json ? report.json(result, take: take, guide: guide) + "\n"
                                 : report.text(result, take: take, guide: guide))
            }
        }
    }
}

/// Runs `body` on a new POSIX thread (detached); where no thread can be made, here.
func startThread(_ body: @escaping @Sendable () -> Void) {
    final class Box { let body: @Sendable () -> Void; init(_ b: @escaping @Sendable () -> Void) { body = b } }
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let made = pthread_create(&thread, nil, { p in
        Unmanaged<Box>.fromOpaque(p!).takeRetainedValue().body()
        return nil
    }, context)
    if made == 0 {
        pthread_detach(thread)
    } else {
        Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
    }
}
