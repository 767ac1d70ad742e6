import ArgumentParser
import DXCLI
import DXTimecode

/// Options shared by single and batch alignment.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Frame rate for timecodes: 23.976, 24, 25, 29.97, 29.97df, 30, … or NUM/DEN.",
        discussion: "Timecodes count from the guide's bext TimeReference (0 when it has none)."))
    var fps: FrameRate = .fps24
}

/// `START-END` in seconds, e.g. `8.5-12`.
struct SecondsRange: ExpressibleByArgument {
    var range: ClosedRange<Double>
    init?(argument: String) {
        let parts = argument.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), a.isFinite, b.isFinite,
              a >= 0, b > a else { return nil }
        range = a...b
    }
}
