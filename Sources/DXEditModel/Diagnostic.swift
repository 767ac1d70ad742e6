/// A message about an input, with where it is: file, line, and (for binary input) byte.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible, Error {
    public enum Severity: String, Sendable, Equatable, Codable {
        case warning, error
    }

    public var severity: Severity
    public var file: String?
    /// 1-based line, where known.
    public var line: Int?
    /// 0-based byte offset, where a line means nothing.
    public var byte: Int?
    public var message: String
    /// What would help, where something would; the tool says how (its flag).
    public var remedy: Remedy?

    public init(_ severity: Severity, _ message: String, file: String? = nil, line: Int? = nil, byte: Int? = nil,
                remedy: Remedy? = nil) {
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.byte = byte
        self.remedy = remedy
    }

    /// `file:line: warning: message`, the form editors and compilers use.
    public var description: String {
        var place = file ?? "<input>"
        if let line { place += ":\(line)" } else if let byte { place += ": byte \(byte)" }
        return "\(place): \(severity.rawValue): \(message)"
    }
}

/// A list that cannot be read at all. Carries the diagnostic that stopped the reader.
public struct ConformListError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Input is not a conform list of the expected format (bad data, exit 65).
        case badData
        /// Input could not be opened or read (exit 66 / 74).
        case noInput
        case io
        /// A library the reader needs (libxml2) cannot be loaded (exit 69).
        case unavailable
    }

    public var kind: Kind
    public var diagnostic: Diagnostic

    public init(_ kind: Kind, _ diagnostic: Diagnostic) {
        self.kind = kind
        self.diagnostic = diagnostic
    }

    public var description: String { diagnostic.description }
}
