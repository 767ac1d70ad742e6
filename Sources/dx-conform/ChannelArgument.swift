import ArgumentParser
import DXConformMedia

/// `--channels`: parsed by ArgumentParser, so a bad selection (an empty entry, channel 0)
/// is refused before anything is read (64); shells complete the two keywords.
extension ChannelSelection: ExpressibleByArgument {
    public init?(argument: String) {
        guard let selection = try? ChannelSelection(parsing: argument) else { return nil }
        self = selection
    }

    public static var defaultCompletionKind: CompletionKind { .list(["listed", "all"]) }
}
