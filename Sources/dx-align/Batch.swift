import ArgumentParser
import DXAlign
import DXAudio
import DXCLI
import DXEditModel
import DXTimecode
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

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

enum ProcessorCount {
    static var online: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

enum OutputFolder {
    /// Creates the folder if needed and checks it is writable before any work is done.
    static func prepare(_ path: String) throws {
        var st = stat()
        if stat(path, &st) != 0 {
            guard mkdir(path, 0o755) == 0 else {
                throw ToolError(.cannotCreate, "\(path): cannot create the output folder: \(String(cString: strerror(errno)))")
            }
            return
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw ToolError(.cannotCreate, "\(path): is not a folder; --write needs a folder for the aligned takes")
        }
        guard access(path, W_OK) == 0 else {
            throw ToolError(.cannotCreate, "\(path): the output folder is not writable: \(String(cString: strerror(errno)))")
        }
    }
}

/// The batch: guides analysed once each, takes spread over `jobs` workers, each with its own
/// Aligner (FFT buffers are per task), NDJSON lines printed in input order as they complete.
final class BatchRun: @unchecked Sendable {
    let entries: [ManifestEntry]
    let rate: FrameRate
    let write: String?
    let jobs: Int

    private struct State {
        var next = 0
        var lines: [String?]
        var printed = 0
        var done = 0
        var worst: ExitStatus = .ok
        var matched = 0, rejected = 0, ambiguous = 0, failed = 0, written = 0
    }
    private let state: Mutex<State>
    private let progress = Console.stderrIsTerminal

    init(entries: [ManifestEntry], rate: FrameRate, write: String?, jobs: Int) {
        self.entries = entries
        self.rate = rate
        self.write = write
        self.jobs = jobs
        state = Mutex(State(lines: [String?](repeating: nil, count: entries.count)))
    }

    func run() throws -> ExitStatus {
        rememberFFTPlans()
        let start = Clock.now()
        // Each distinct guide once (in parallel across guides).
        var distinct: [String] = []
        for e in entries where !distinct.contains(e.guide) { distinct.append(e.guide) }
        let guidePaths = distinct
        let analyses = Mutex([String: Result<GuideAnalysis, ToolError>]())
        DispatchQueue.concurrentPerform(iterations: guidePaths.count) { i in
            let path = guidePaths[i]
            let r: Result<GuideAnalysis, ToolError>
            do { r = .success(try GuideAnalysis(path: path, tasks: guidePaths.count == 1 ? 2 : 1)) } catch { r = .failure(ErrorReporting.toolError(error)) }
            analyses.withLock { $0[path] = r }
        }
        let guides = analyses.withLock { $0 }
        let workers = min(jobs, entries.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let aligner = try? Aligner()
            while true {
                let index: Int? = state.withLock { s in
                    guard s.next < entries.count else { return nil }
                    s.next += 1
                    return s.next - 1
                }
                guard let index else { break }
                let (line, outcome) = process(entries[index], guides: guides, aligner: aligner)
                finish(index, line: line, outcome: outcome)
            }
        }
        let s = state.withLock { $0 }
        if progress { Console.err("\r\u{1B}[K") }
        var summary = "dx-align: \(entries.count) take\(entries.count == 1 ? "" : "s"): \(s.matched) matched"
        summary += " (\(s.ambiguous) ambiguous), \(s.rejected) no match, \(s.failed) failed"
        if write != nil { summary += ", \(s.written) written" }
        summary += " in \(AlignmentReport.number(Clock.now() - start, digits: 2)) s\n"
        Console.err(summary)
        return s.worst
    }

    enum Outcome { case matched(ambiguous: Bool, written: Bool), rejected, failed(ExitStatus) }

    private func process(_ e: ManifestEntry, guides: [String: Result<GuideAnalysis, ToolError>],
                         aligner: Aligner?) -> (String, Outcome) {
        func failure(_ t: ToolError) -> (String, Outcome) {
            var w = JSONWriter()
            w.beginObject()
            w.field("schema", 1)
            w.field("take", e.take)
            w.field("guide", e.guide)
            w.key("offset_seconds"); w.null()
            w.field("match", false)
            w.field("error", t.message)
            w.field("exit_status", Int(t.status.rawValue))
            w.endObject()
            return (w.output, .failed(t.status))
        }
        guard let aligner else { return failure(ToolError(.software, "cannot set up the FFT")) }
        let guide: GuideAnalysis
        switch guides[e.guide] {
        case .success(let g)?: guide = g
        case .failure(let t)?: return failure(t)
        case nil: return failure(ToolError(.software, "guide \(e.guide) was not analysed"))
        }
        do {
            var window: ClosedRange<Double>?
            if let a = e.windowStart, let b = e.windowEnd {
                let tr = Double(guide.timeReference ?? 0)
                let sr = Double(guide.sampleRate)
                window = ((Double(a.samplePosition(sampleRate: guide.sampleRate)) - tr) / sr)...((Double(b.samplePosition(sampleRate: guide.sampleRate)) - tr) / sr)
            }
            let take = try aligner.take(path: e.take, for: guide)
            let result = try aligner.align(take, on: guide, window: window)
            let report = AlignmentReport(rate: rate, guideTimeReference: guide.timeReference)
            var written: String?
            var notWritten: String?
            if let folder = write {
                if !result.match { notWritten = "no match" }
                else if result.ambiguous { notWritten = "ambiguous: place it by hand from the candidates" }
                else {
                    (written, notWritten) = try writeTake(e, result: result, guide: guide, report: report, folder: folder)
                }
            }
            let line = report.json(result, take: e.take, guide: e.guide) { w in
                if self.write != nil {
                    w.field("written", written)
                    if let notWritten { w.field("not_written", notWritten) }
                }
            }
            return (line, result.match ? .matched(ambiguous: result.ambiguous, written: written != nil) : .rejected)
        } catch {
            return failure(ErrorReporting.toolError(error))
        }
    }

    private func writeTake(_ e: ManifestEntry, result: AlignmentResult, guide: GuideAnalysis, report: AlignmentReport,
                           folder: String) throws -> (String?, String?) {
        let base = e.take.split(separator: "/").last.map(String.init) ?? e.take
        let output = folder + "/" + base
        if FileIO.sameFile(output, e.take) || FileIO.sameFile(output, e.guide) {
            throw ToolError(.cannotCreate, "\(output): is an input file; refusing to overwrite it")
        }
        guard let tr = AlignedTakeWriter.timeReference(guideTimeReference: guide.timeReference ?? 0,
                                                       offsetSamples: result.offsetSamples!, guideRate: guide.sampleRate,
                                                       takeRate: result.takeSampleRate) else {
            return (nil, "the take would start before timecode 00:00:00:00")
        }
        let notes = [
            "GUIDE": e.guide,
            "OFFSET_SAMPLES": String(result.offsetSamples!),
            "OFFSET_SECONDS": AlignmentReport.number(result.offsetSeconds!, digits: 7),
            "GUIDE_SAMPLE_RATE": String(guide.sampleRate),
            "TIMECODE": report.timecode(result.offsetSamples!, sampleRate: guide.sampleRate),
            "FPS": rate.description,
            "CONFIDENCE": AlignmentReport.number(result.confidence, digits: 4),
            "METHOD": result.method?.rawValue ?? "",
            "CHANNEL": String((result.channel ?? 0) + 1),
            "TOOL": "dx-align 0.1.0",
        ]
        try AlignedTakeWriter.write(take: e.take, to: output, timeReference: tr, notes: notes)
        return (output, nil)
    }

    private func finish(_ index: Int, line: String, outcome: Outcome) {
        var out = ""
        var bar = ""
        state.withLock { s in
            s.lines[index] = line
            s.done += 1
            switch outcome {
            case .matched(let amb, let w):
                s.matched += 1
                if amb { s.ambiguous += 1 }
                if w { s.written += 1 }
            case .rejected: s.rejected += 1
            case .failed(let status):
                s.failed += 1
                if s.worst == .ok { s.worst = status }
            }
            while s.printed < s.lines.count, let l = s.lines[s.printed] {
                out += l + "\n"
                s.lines[s.printed] = ""
                s.printed += 1
            }
            if progress {
                let width = 30
                let filled = s.done * width / max(s.lines.count, 1)
                bar = "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                    + "] \(s.done)/\(s.lines.count)"
            }
            // Print under the lock so lines stay in order.
            if !out.isEmpty { Console.out(out) }
            if !bar.isEmpty { Console.err(bar) }
        }
    }
}

enum Clock {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
