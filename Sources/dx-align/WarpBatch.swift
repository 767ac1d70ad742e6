import DXAlign
import DXCLI
import DXEditModel
import DXStretch
import DXTimecode
import DXWarp
import Dispatch
import Synchronization

extension DXAlignTool.Warp {
    /// `--write DIR`: every take warped into DIR (NAME.wav, NAME.map.json), one JSON line each
    /// in input order, each distinct guide analysed once.
    func runBatch() throws {
        var worst: ExitStatus = .ok
        try runReporting {
            rememberFFTPlans()
            var entries: [ManifestEntry]
            if let manifest {
                let bytes = try FileIO.read(manifest)
                entries = try BatchManifest.parse(String(decoding: bytes, as: UTF8.self), name: manifest, rate: common.fps)
                if entries.isEmpty { throw ToolError(.dataError, "\(manifest): lists no takes") }
            } else {
                entries = takes.enumerated().map { ManifestEntry(line: $0.offset + 1, take: $0.element, guide: guide!) }
            }
            try OutputFolder.prepare(write!)
            let batch = WarpBatch(entries: entries, folder: write!, options: options, settings: StretchSettings(engine: engine),
                                  guideLength: guideLength, rate: common.fps)
            worst = batch.run(jobs: jobs ?? ProcessorCount.online)
        }
        if worst != .ok { throw worst.code }
    }
}

/// The warp batch: guides analysed once each (a batch of many takes on one long guide pays
/// for the guide once), takes spread over workers each with its own Aligner, lines printed
/// in input order.
final class WarpBatch: @unchecked Sendable {
    let entries: [ManifestEntry]
    let folder: String
    let options: WarpOptions
    let settings: StretchSettings
    let guideLength: Bool
    let rate: FrameRate

    private struct State {
        var next = 0
        var lines: [String?]
        var printed = 0
        /// The status of the first failing take in input order (not the first to finish).
        var worst: ExitStatus = .ok
        var worstIndex = Int.max
        var warped = 0, refused = 0, failed = 0
    }
    private let state: Mutex<State>

    init(entries: [ManifestEntry], folder: String, options: WarpOptions, settings: StretchSettings, guideLength: Bool,
         rate: FrameRate) {
        self.entries = entries
        self.folder = folder
        self.options = options
        self.settings = settings
        self.guideLength = guideLength
        self.rate = rate
        state = Mutex(State(lines: [String?](repeating: nil, count: entries.count)))
    }

    func run(jobs: Int) -> ExitStatus {
        let start = Clock.now()
        let guides = GuideAnalyses.analyse(entries)
        DispatchQueue.concurrentPerform(iterations: min(jobs, entries.count)) { _ in
            let aligner = try? Aligner(tuning: .warp)
            while let index = state.withLock({ s -> Int? in
                guard s.next < entries.count else { return nil }
                s.next += 1
                return s.next - 1
            }) {
                let (line, status, warped) = process(entries[index], guides: guides, aligner: aligner)
                finish(index, line: line, status: status, warped: warped)
            }
        }
        let s = state.withLock { $0 }
        Console.err("dx-align: \(entries.count) take\(entries.count == 1 ? "" : "s"): \(s.warped) warped, "
            + "\(s.refused) not warped, \(s.failed) failed in \(AlignmentReport.number(Clock.now() - start, digits: 2)) s\n")
        return s.worst
    }

    /// NAME.wav and NAME.map.json in the folder, from the take's file name.
    func outputs(for take: String) -> (audio: String, map: String) {
        let base = take.split(separator: "/").last.map(String.init) ?? take
        let stem = base.lastIndex(of: ".").map { String(base[..<$0]) } ?? base
        return (folder + "/" + base, folder + "/" + stem + ".map.json")
    }

    private func process(_ e: ManifestEntry, guides: [String: Result<GuideAnalysis, ToolError>],
                         aligner: Aligner?) -> (String, ExitStatus?, Bool) {
        let (audio, mapFile) = outputs(for: e.take)
        var job = WarpJob(take: e.take, guide: e.guide, out: audio, mapFile: mapFile, options: options, settings: settings,
                          guideLength: guideLength, rate: rate)
        do {
            guard let aligner else { throw ToolError(.software, "cannot set up the FFT") }
            guard let analysis = try guides[e.guide]?.get() else { throw ToolError(.software, "guide \(e.guide) was not analysed") }
            if let a = e.windowStart, let b = e.windowEnd {
                let tr = Double(analysis.timeReference ?? 0), sr = Double(analysis.sampleRate)
                job.window = ((Double(a.samplePosition(sampleRate: analysis.sampleRate)) - tr) / sr)...(
                    (Double(b.samplePosition(sampleRate: analysis.sampleRate)) - tr) / sr)
            }
            let outcome = try job.run(guide: analysis, aligner: aligner)
            let report = WarpReport(report: AlignmentReport(rate: rate, guideTimeReference: analysis.timeReference), job: job)
            return (report.json(outcome), nil, outcome.refused == nil)
        } catch {
            let t = ErrorReporting.toolError(error)
            let row = AlignmentReport.failure(take: e.take, guide: e.guide, error: t.message, exitStatus: Int(t.status.rawValue))
            return (row, t.status, false)
        }
    }

    private func finish(_ index: Int, line: String, status: ExitStatus?, warped: Bool) {
        state.withLock { s in
            s.lines[index] = line
            if let status {
                s.failed += 1
                if index < s.worstIndex { s.worst = status; s.worstIndex = index }
            } else if warped { s.warped += 1 } else { s.refused += 1 }
            var out = ""
            while s.printed < s.lines.count, let l = s.lines[s.printed] {
                out += l + "\n"
                s.lines[s.printed] = ""
                s.printed += 1
            }
            // Printed under the lock so lines stay in order.
            if !out.isEmpty { Console.out(out) }
        }
    }
}
