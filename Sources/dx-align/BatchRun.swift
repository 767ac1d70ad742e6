import DXAlign
import DXCLI
import DXTimecode
import Dispatch
import Synchronization

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
        /// The status of the first failing take in input order (not the first to finish).
        var worst: ExitStatus = .ok
        var worstIndex = Int.max
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
        let guides = GuideAnalyses.analyse(entries)
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
                if index < s.worstIndex { s.worst = status; s.worstIndex = index }
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
