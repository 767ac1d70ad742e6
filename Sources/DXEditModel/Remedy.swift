/// What the user can do about a diagnostic, said as a fact about the input. The readers are
/// libraries and know no command line; a tool turns a remedy into its own advice (dx-conform
/// and dx-cues name `--fps`, `--recover`).
public enum Remedy: String, Sendable, Equatable, Codable {
    /// The list's frame rate was guessed, or frames do not fit the rate given: giving the
    /// right rate reads it correctly.
    case giveFrameRate
    /// The XML is not well formed; a recovering parse reads what can be read.
    case recoverXML
}
