import DXEditModel
import DXTimecode

/// Reads FCP7 xmeml and FCPXML conform lists into timelines.
///
/// A file may hold several sequences (projects); they are returned in document order,
/// the first being the one a single-timeline consumer should use.
public struct XMLListReader {
    public struct Options: Sendable {
        /// A display name for diagnostics (usually the path).
        public var fileName: String?
        /// Use libxml2's recover mode on XML that is not well formed (explicit opt-in).
        public var recover: Bool

        public init(fileName: String? = nil, recover: Bool = false) {
            self.fileName = fileName
            self.recover = recover
        }
    }

    public init() {}

    public func read(_ bytes: [UInt8], options: Options = Options()) throws -> [Timeline] {
        throw ConformListError(.badData, Diagnostic(.error, "XML reading is not implemented yet", file: options.fileName))
    }
}
