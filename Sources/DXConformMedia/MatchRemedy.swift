/// What would change a match's outcome, said as a fact about the match. The matcher is a
/// library and knows no command line; a tool turns a remedy into its own advice
/// (dx-conform names `--allow-timecode-only`).
public enum MatchRemedy: String, Sendable, Equatable {
    /// The only files at the event's timecode carry another tape name than the list's
    /// reel; accepting a match on timecode alone would take one of them.
    case allowTimecodeOnly
}
