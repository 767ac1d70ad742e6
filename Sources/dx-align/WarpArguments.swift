import ArgumentParser
import DXStretch

/// `--max-stretch LO:HI`: the local stretch (guide duration / take duration) a warp map may
/// use, e.g. `0.8:1.25`; each inside Rubber Band's usable [0.5, 2] and LO ≤ 1 ≤ HI.
struct StretchLimits: ExpressibleByArgument, CustomStringConvertible {
    static let hardLimits = 0.5...2.0
    var low: Double
    var high: Double

    init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]),
              Self.hardLimits.contains(a), Self.hardLimits.contains(b), a <= 1, b >= 1 else { return nil }
        low = a
        high = b
    }

    var description: String { "\(low):\(high)" }
    var defaultValueDescription: String { description }
}

extension StretchEngine: ExpressibleByArgument {}
