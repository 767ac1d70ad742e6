/// Something that must hold before a render writes its first byte and does not: the
/// kind (for the exit status and the advice a tool adds) and the fact, naming the path.
public struct RenderProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The output directory is missing or not a directory.
        case noOutputDirectory
        /// The output directory cannot be written.
        case outputNotWritable
        /// A source the index lists is not there now.
        case sourceMissing
        /// A source's size or modification time differs from when it was indexed.
        case sourceChanged
        /// An output would land on a source file.
        case outputOverwritesSource
    }

    public var kind: Kind
    /// The file or directory the problem is about.
    public var path: String
    /// The fact, after the path.
    public var reason: String

    public init(_ kind: Kind, _ path: String, _ reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    /// A source that is not what the index says: scanning it again would bring the
    /// index up to date.
    public var isStaleSource: Bool { kind == .sourceMissing || kind == .sourceChanged }

    public var description: String { "\(path): \(reason)" }
}
