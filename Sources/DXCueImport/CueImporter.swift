import DXEditModel
import DXTimecode

/// Chooses the reader from the content (not the file name) and runs it.
public enum CueImporter {
    public enum Format: String, Sendable, CaseIterable {
        case protools = "protools"
        case avid = "avid"
        case resolve = "resolve-edl"
        case csv = "csv"
    }

    /// Detects the format of an export's bytes.
    public static func detect(_ bytes: [UInt8], file: String) -> Format {
        let (text, _) = ExportText.decode(Array(bytes.prefix(8192)))
        if SessionText.looksLike(text) { return .protools }
        if ResolveMarkerEDLReader.looksLike(text) || text.hasPrefix("TITLE:") { return .resolve }
        if AvidMarkerListReader.looksLike(text) { return .avid }
        return .csv
    }

    /// Reads cues. `rate` is needed for formats that do not state one (marker lists, CSV);
    /// when nil there, 24 fps is assumed and a warning says so.
    public static func read(bytes: [UInt8], file: String, format: Format? = nil, rate: FrameRate? = nil,
                            csvMapping: String? = nil) throws -> CueImport {
        let f = format ?? detect(bytes, file: file)
        if f == .protools { return try ProToolsCueReader.read(bytes: bytes, file: file) }
        let r = rate ?? .fps24
        var result: CueImport
        switch f {
        case .avid: result = try AvidMarkerListReader.read(bytes: bytes, file: file, rate: r)
        case .resolve: result = try ResolveMarkerEDLReader.read(bytes: bytes, file: file, rate: r)
        default: result = try CSVCueReader.read(bytes: bytes, file: file, rate: r, mapping: csvMapping)
        }
        if rate == nil {
            result.warnings.insert(Diagnostic(.warning, "\(f.rawValue) lists carry no frame rate: read at 24 fps", file: file,
                                                      remedy: .giveFrameRate), at: 0)
        }
        return result
    }
}
