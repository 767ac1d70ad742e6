import ArgumentParser
import DXAAF
import DXCLI
import DXConformLists
import DXEditModel
#if canImport(Glibc)
import Glibc
#endif

extension DXConform {
    /// Measures reading speed in-process, for `make bench` (hidden from help).
    struct TimeRead: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "time-read",
            abstract: "Time reading a list (median of several runs), as JSON.",
            shouldDisplay: false)

        @OptionGroup var read: ReadOptions

        @Option(name: .long, help: "Number of timed runs.")
        var runs: Int = 5

        @Argument(help: "The list to read (EDL, XML, AAF or JSON).")
        var file: String

        func run() throws {
            try runReporting {
                // An AAF is read as dx-conform reads it: mapped from its path at each run
                // (opening included), never loaded whole; other lists are read once first.
                let isAAF = FileIO.startsWith(file, AAFListReader.signature)
                let bytes = isAAF ? [] : try FileIO.read(file)
                let options = try read.listOptions()
                var times: [Double] = []
                var events = 0
                for _ in 0..<max(1, runs) {
                    let t0 = monotonicSeconds()
                    let timelines = isAAF ? try ConformListReader().readAAF(path: file, options: options)
                                          : try ConformListReader().read(bytes, fileName: file, options: options)
                    times.append(monotonicSeconds() - t0)
                    events = timelines.reduce(0) { $0 + $1.events.count }
                }
                let size = isAAF ? FileIO.size(file) : bytes.count
                Console.out(ListReadTiming(file: file, bytes: size, events: events, seconds: times).json)
            }
        }
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
