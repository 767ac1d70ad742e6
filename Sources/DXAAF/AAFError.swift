/// Why an AAF file (or the compound file holding it) cannot be read: what is wrong,
/// where — the stream path inside the compound file and the byte offset in the file —
/// so a user can tell a truncated copy from a damaged export.
public struct AAFError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The bytes are not a well-formed compound file or AAF object tree (exit 65).
        case malformed
        /// The file is a compound file but not an AAF one (no Header object).
        case notAAF
        /// The file could not be opened or read (exit 66 / 74).
        case io
    }

    public var kind: Kind
    public var message: String
    /// The stream or storage path inside the compound file ("/Header-2/Content-3b03"), when known.
    public var path: String?
    /// Byte offset in the file where the problem was found, when known.
    public var offset: UInt64?

    public init(_ kind: Kind = .malformed, _ message: String, path: String? = nil, offset: UInt64? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.offset = offset
    }

    /// "message (stream /a/b, byte 1234)".
    public var description: String {
        var place: [String] = []
        if let path { place.append("stream \(path)") }
        if let offset { place.append("byte \(offset)") }
        return place.isEmpty ? message : "\(message) (\(place.joined(separator: ", ")))"
    }
}
