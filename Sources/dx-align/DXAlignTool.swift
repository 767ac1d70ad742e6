import ArgumentParser
import CMallocTuning
import DXCLI
import DXSignal
#if canImport(Glibc)
import Glibc
#endif

@main
struct DXAlignTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dx-align",
        abstract: "Place ADR takes on production (guide) audio: offset, confidence, match.",
        discussion: """
            Finds where a take's sample 0 lands in the guide by log-mel feature correlation \
            (re-performances) refined by band-limited GCC-PHAT (same performance, to the \
            sample), on every guide channel. Says "no match" rather than invent one. Exit \
            status follows sysexits(3): 64 usage, 65 bad data, 66 missing input, 73 cannot \
            create an output, 74 I/O error.
            """,
        version: "0.1.0",
        subcommands: [Align.self, Batch.self, Warp.self, RenderMap.self],
        defaultSubcommand: Align.self)

    /// A plain single alignment skips ArgumentParser (see `Align.quickRequest`); everything
    /// else goes through it.
    static func main() {
        // glibc's malloc tuned for a short run of large buffers on two threads (CMallocTuning):
        // a third fewer page faults on a 25 s guide.
        dx_keep_freed_memory()
        if let request = Align.quickRequest(Array(CommandLine.arguments.dropFirst())) {
            do { try Align.align(request) } catch { exit(withError: error) }
            return
        }
        main(warpArguments(Array(CommandLine.arguments.dropFirst())))
    }

    /// `dx-align --warp …` and `dx-align batch --warp …` are the warp command (whose own
    /// `--warp` flag accepts the word); everything else is parsed as given.
    static func warpArguments(_ arguments: [String]) -> [String]? {
        guard arguments.contains("--warp") else { return nil }
        if arguments.first == "batch" { return ["warp"] + arguments.dropFirst() }
        if arguments.first?.hasPrefix("-") == true { return ["warp"] + arguments }
        return nil
    }
}

/// Runs a command body, reporting an error as "dx-align: message" with its status.
func runReporting(_ body: () throws -> Void) throws { try ErrorReporting.run(tool: "dx-align", body) }

/// FFT plans are remembered between runs in the user's cache (`FFTWisdom.defaultEstimatePath`):
/// making them took longer than aligning a short take. The plans are the same ones FFTW would
/// make anyway (estimate rigor), so results do not depend on the file; a missing, unreadable
/// or corrupt file only means planning again.
func rememberFFTPlans() {
    FFTPlanner.shared.estimateWisdomPath = FFTWisdom.defaultEstimatePath()
}
