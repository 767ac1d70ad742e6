import ArgumentParser
import DXTimecode

/// `--fps` in every tool: the rate is parsed by ArgumentParser, so a bad value is refused
/// before the command runs, alike in every tool (exit 64, "The value … is invalid for
/// '--fps <fps>'"), and shells complete the standard rates.
///
/// Accepted: whatever `FrameRate(parsing:)` reads (23.976, 24, 29.97df, 2997, NUM/DEN …).
extension FrameRate: ExpressibleByArgument {
    public init?(argument: String) {
        guard let rate = try? FrameRate(parsing: argument) else { return nil }
        self = rate
    }

    /// The default as it is typed (`24`, `29.97df`), not its display name.
    public var defaultValueDescription: String { argumentText }

    /// The standard rates as they are typed, for completion; any NUM/DEN is accepted too.
    public static var defaultCompletionKind: CompletionKind {
        .list(FrameRate.standard.map(\.argumentText))
    }

    /// How the rate is typed: `23.976`, `29.97df`, `59.94`, `24000/1001`, `24`.
    public var argumentText: String {
        let base = description.split(separator: " ").first.map(String.init) ?? description
        return isDropFrame ? base + "df" : base
    }
}
