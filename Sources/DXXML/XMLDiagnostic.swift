/// A message from the XML layer, with the line (and column) libxml2 reported.
public struct XMLDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable {
        case warning, error
    }

    public var severity: Severity
    /// 1-based line, where known.
    public var line: Int?
    /// 1-based column, where known.
    public var column: Int?
    public var message: String

    public init(_ severity: Severity, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.severity = severity
        self.message = message
        self.line = line
        self.column = column
    }

    /// `line:column: severity: message`.
    public var description: String {
        var place = ""
        if let line { place = "\(line):" + (column.map { "\($0):" } ?? "") + " " }
        return "\(place)\(severity.rawValue): \(message)"
    }
}

/// Why a document could not be read.
public struct XMLError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The bytes are not well-formed XML (or not XML at all).
        case notWellFormed
        /// The document asks for something the safe policy refuses (external entities,
        /// entity expansion bombs).
        case refused
        /// The input is larger than libxml2 can take in one buffer.
        case tooLarge
        /// libxml2 could not be loaded at run time (not installed, or not a usable
        /// version); nothing about the document is known.
        case unavailable
    }

    public var kind: Kind
    /// The display name given to the parser (usually the path).
    public var fileName: String?
    /// The diagnostic that stopped the parse.
    public var first: XMLDiagnostic
    /// Everything libxml2 reported, in order (capped).
    public var diagnostics: [XMLDiagnostic]

    public init(_ kind: Kind, _ first: XMLDiagnostic, fileName: String?, diagnostics: [XMLDiagnostic] = []) {
        self.kind = kind
        self.first = first
        self.fileName = fileName
        self.diagnostics = diagnostics.isEmpty ? [first] : diagnostics
    }

    public var line: Int? { first.line }
    public var message: String { first.message }

    /// `file:line: error: message`, the form editors and compilers use.
    public var description: String {
        var place = fileName ?? "<input>"
        if let l = first.line { place += ":\(l)" }
        if let c = first.column, first.line != nil { place += ":\(c)" }
        return "\(place): error: \(first.message)"
    }
}
