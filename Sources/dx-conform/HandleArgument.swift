import ArgumentParser
import DXConformMedia

/// `render --handles`: seconds (5s, 2.5s) or list frames (48f), parsed by ArgumentParser
/// so a bad length is refused (64) before the list or the index is read.
extension HandleLength: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}
