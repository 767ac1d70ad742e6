import DXEditModel
import DXTimecode
import DXXML

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

    /// Reads every timeline in the document. Throws ``ConformListError`` (bad data) when
    /// the bytes are not well-formed XML or the safe parse policy refuses them; what the
    /// reader had to guess or skip is in each timeline's `source.diagnostics`.
    public func read(_ bytes: [UInt8], options: Options = Options()) throws -> [Timeline] {
        let file = options.fileName
        let document: XMLTree
        do {
            document = try XMLTree.parse(bytes, fileName: file, recover: options.recover)
        } catch {
            var message = error.message
            var remedy: Remedy?
            if error.kind == .unavailable {
                throw ConformListError(.unavailable, Diagnostic(.error, message, file: file))
            }
            if error.kind == .notWellFormed {
                let column = error.first.column.map { " (column \($0))" } ?? ""
                message = "not well-formed XML\(column): \(message)"
                if !options.recover { remedy = .recoverXML }
            }
            throw ConformListError(.badData, Diagnostic(.error, message, file: file, line: error.line, remedy: remedy))
        }
        var timelines: [Timeline]
        switch document.root.name {
        case "fcpxml":
            timelines = FCPXMLReader(document: document, fileName: file).read()
        default:
            timelines = XMEMLReader(document: document, fileName: file).read()
        }
        let xmlWarnings = document.warnings.map { Diagnostic(.warning, $0.message, file: file, line: $0.line) }
        if !xmlWarnings.isEmpty, !timelines.isEmpty {
            timelines[0].source.diagnostics.insert(contentsOf: xmlWarnings, at: 0)
        }
        return timelines
    }
}
