import DXConformXML
import DXEDL
import DXEditModel
import DXTimecode

/// Reads any conform list dxkit knows — CMX 3600 EDL, FCP7 xmeml, FCPXML — choosing the
/// reader from the content, not the file name.
public struct ConformListReader {
    public struct Options: Sendable {
        /// Frame rate for EDLs (XML states its own); nil = guess and warn.
        public var edlRate: FrameRate?
        /// libxml2 recover mode for XML that is not well formed.
        public var recoverXML: Bool

        public init(edlRate: FrameRate? = nil, recoverXML: Bool = false) {
            self.edlRate = edlRate
            self.recoverXML = recoverXML
        }
    }

    public init() {}

    /// What a list's bytes look like.
    public static func detectFormat(_ bytes: [UInt8]) -> ListFormat {
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0 { i += 1 }
        guard i < bytes.count else { return .cmx3600 }
        if bytes[i] == UInt8(ascii: "<") {
            let head = String(decoding: bytes[i..<min(bytes.count, i + 4096)], as: UTF8.self)
            if head.contains("<fcpxml") { return .fcpxml }
            return .xmeml
        }
        if bytes[i] == UInt8(ascii: "{") { return .canonicalJSON }
        return .cmx3600
    }

    /// Reads every timeline in the list (EDLs and JSON hold one; XML may hold several).
    public func read(_ bytes: [UInt8], fileName: String?, options: Options = Options()) throws -> [Timeline] {
        switch ConformListReader.detectFormat(bytes) {
        case .xmeml, .fcpxml:
            return try XMLListReader().read(bytes, options: .init(fileName: fileName, recover: options.recoverXML))
        case .canonicalJSON:
            return [try CanonicalJSONReader().read(bytes, fileName: fileName)]
        default:
            return [try EDLReader().read(bytes, options: .init(rate: options.edlRate, fileName: fileName))]
        }
    }
}
