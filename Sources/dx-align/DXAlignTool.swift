import ArgumentParser
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
        subcommands: [Align.self, Batch.self],
        defaultSubcommand: Align.self)

    /// A plain single alignment skips ArgumentParser (see `Align.quickRequest`); everything
    /// else goes through it.
    static func main() {
        keepFreedMemory()
        if let request = Align.quickRequest(Array(CommandLine.arguments.dropFirst())) {
            do { try Align.align(request) } catch { exit(withError: error) }
            return
        }
        main(nil)
    }
}

/// glibc's malloc tuned for a short run that allocates and frees large sample and FFT buffers
/// on two threads: one arena, buffers of any size from the heap (never a fresh `mmap`), freed
/// memory kept, the heap grown 64 MB at a time. Each buffer then reuses pages already touched
/// instead of faulting in new ones: a third fewer page faults on a 25 s guide (4400 → 2800).
func keepFreedMemory() {
    #if os(Linux)
    // <malloc.h> is not in the Glibc module: mallopt(3) and its parameters, as glibc defines them.
    let arenaMax: Int32 = -8, mmapThreshold: Int32 = -3, trimThreshold: Int32 = -1, topPad: Int32 = -2
    _ = glibcMallopt(arenaMax, 1)
    _ = glibcMallopt(mmapThreshold, 256 << 20)
    _ = glibcMallopt(trimThreshold, 512 << 20)
    _ = glibcMallopt(topPad, 64 << 20)
    // The heap (grown here by the top pad) in transparent huge pages, where the kernel gives
    // them on request (`madvise` mode): one fault zeroes 2 MB instead of one fault per 4 KB
    // page, which in a VM costs more than the zeroing (c000: 2 800 → 1 300 faults).
    if let first = malloc(1 << 20) {
        free(first)
        let huge = 2 << 20
        let start = (Int(bitPattern: first) + huge - 1) / huge * huge
        if let top = sbrk(0), Int(bitPattern: top) > start + huge {
            let madvHugePage: Int32 = 14  // MADV_HUGEPAGE, <sys/mman.h>
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(bitPattern: top) - start, madvHugePage)
        }
    }
    #endif
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// Runs a command body, mapping every error to a message on stderr and a sysexits status.
func runReporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        let t = ToolFailure.map(error)
        Console.err("dx-align: \(t.message)\n")
        throw t.status.code
    }
}

/// FFT plans are remembered between runs in the user's cache (`FFTWisdom.defaultEstimatePath`):
/// making them took longer than aligning a short take. The plans are the same ones FFTW would
/// make anyway (estimate rigor), so results do not depend on the file; a missing, unreadable
/// or corrupt file only means planning again.
func rememberFFTPlans() {
    FFTPlanner.shared.estimateWisdomPath = FFTWisdom.defaultEstimatePath()
}
