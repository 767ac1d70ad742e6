import ArgumentParser
import DXConformMedia

/// `--channels`: parsed by ArgumentParser, so a bad selection (an empty entry, channel 0)
/// is refused before anything is read (64) with the library's reason after the parser's
/// "The value … is invalid for '--channels <channels>'"; shells complete the two keywords.
extension ChannelSelection {
    /// The option's transform: an `ExpressibleByArgument` initialiser can only fail, so a
    /// throwing transform is how ArgumentParser carries the reason (a `ValidationError`
    /// whose description it appends to its message).
    static func argument(_ text: String) throws -> ChannelSelection {
        do {
            return try ChannelSelection(parsing: text)
        } catch {
            throw ValidationError(error.reason)
        }
    }

    static let completion = CompletionKind.list(["listed", "all"])
}
