import ArgumentParser
import DXEditModel

/// `--track V1 A1 A2` in every command that picks tracks: a bad name is refused by the
/// parser (64) before the command runs.
extension TrackID: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }

    /// The usual names, for completion; any V<n> or A<n> is accepted.
    public static var defaultCompletionKind: CompletionKind {
        .list(["V"] + (1...8).map { "A\($0)" })
    }
}
