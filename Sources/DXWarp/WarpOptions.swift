/// Limits and rule for a warp map, as an ADR editor sets them.
public struct WarpOptions: Sendable, Equatable {
    /// Lowest local stretch (guide duration / take duration) the map may use.
    public var minStretch: Double
    /// Highest local stretch the map may use.
    public var maxStretch: Double
    /// 0...1: how closely the map follows the guide (1 = every syllable, 0 = a
    /// smooth map that only follows phrases), as VocALign's alignment rule.
    public var strength: Double

    public init(minStretch: Double = 0.8, maxStretch: Double = 1.25, strength: Double = 0.5) {
        self.minStretch = minStretch
        self.maxStretch = maxStretch
        self.strength = strength
    }
}
