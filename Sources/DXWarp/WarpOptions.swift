/// Limits and rule for a warp map, as an ADR editor sets them.
public struct WarpOptions: Sendable, Equatable {
    /// Lowest local stretch (guide duration / take duration) the map may use.
    public var minStretch: Double
    /// Highest local stretch the map may use.
    public var maxStretch: Double
    /// 0...1: how closely the map follows the guide (1 = every syllable, 0 = a
    /// smooth map that only follows phrases), as VocALign's alignment rule.
    public var strength: Double

    /// Defaults: 0.7…1.4, room for a re-performance's pace and for ±35 % local changes (at
    /// 0.8…1.25, bench/warp seeds 1–3 measured re-performance p95 19.1 ms and ±35 % p95
    /// 10.7 ms; at 0.7…1.4, 10.6 and 5.2 ms, the ≤ ±20 % cases unchanged). Rubber Band's R3
    /// keeps speech natural well past these; 0.8…1.25 stays the choice for minimal processing.
    public init(minStretch: Double = 0.7, maxStretch: Double = 1.4, strength: Double = 0.5) {
        self.minStretch = minStretch
        self.maxStretch = maxStretch
        self.strength = strength
    }
}
