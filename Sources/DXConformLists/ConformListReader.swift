import DXAAF
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
        /// 1-based: only this top-level composition of an AAF file.
        public var aafComposition: Int?
        /// AAF: fold Pro Tools' rendered fades and sample-accurate-edit pieces into fades.
        public var foldProToolsFades: Bool

        public init(edlRate: FrameRate? = nil, recoverXML: Bool = false, aafComposition: Int? = nil,
                    foldProToolsFades: Bool = false) {
            self.edlRate = edlRate
            self.recoverXML = recoverXML
            self.aafComposition = aafComposition
            self.foldProToolsFades = foldProToolsFades
        }

        var aaf: AAFListReader.Options {
            AAFListReader.Options(composition: aafComposition, foldProToolsFades: foldProToolsFades)
        }
    }

    public init() {}

    /// What a list's bytes look like.
    public static func detectFormat(_ bytes: [UInt8]) -> ListFormat {
        if AAFListReader.isCompoundFile(bytes) { return .aaf }
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
        case .aaf:
            return try ConformListReader.mappingAAFErrors(fileName) {
                try AAFListReader().read(bytes: bytes, fileName: fileName, options: options.aaf)
            }
        default:
            return [try EDLReader().read(bytes, options: .init(rate: options.edlRate, fileName: fileName))]
        }
    }

    /// Reads an AAF file in place (memory-mapped: embedded essence is never loaded).
    public func readAAF(path: String, fileName: String? = nil, options: Options = Options()) throws -> [Timeline] {
        try ConformListReader.mappingAAFErrors(fileName ?? path) {
            try AAFListReader().read(path: path, fileName: fileName ?? path, options: options.aaf)
        }
    }

    /// AAF reader errors as list errors: damaged or foreign files are bad data (65),
    /// unreadable ones I/O errors; the message names the stream and byte.
    public static func mappingAAFErrors<T>(_ fileName: String?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as AAFError {
            let kind: ConformListError.Kind = e.kind == .io ? .noInput : .badData
            let offset = e.offset.flatMap { Int(exactly: $0) }
            throw ConformListError(kind, Diagnostic(.error, "AAF: " + e.description, file: fileName, byte: offset))
        }
    }
}
