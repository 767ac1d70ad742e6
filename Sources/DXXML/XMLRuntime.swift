import CLibXML2

/// Process-wide libxml2 set-up, done once before the first parse.
///
/// libxml2 is not linked but opened here, at the first parse (CLibXML2's loader), so a
/// tool that reads no XML never loads it or ICU. When it cannot be opened every parse
/// throws ``XMLError/Kind-swift.enum/unavailable`` with the loader's reason.
///
/// The external entity loader is a process-global libxml2 hook: replacing it with one
/// that refuses everything, before any document is read, means no DTD, entity or
/// XInclude is ever fetched from disk or the network, whatever a document asks for and
/// whatever option a later caller sets.
enum XMLRuntime {
    /// nil when libxml2 is loaded and set up; else why it could not be loaded.
    static let unavailableReason: String? = {
        guard dx_xml_load() == 0 else {
            return dx_xml_load_error().map { String(cString: $0) } ?? "cannot load libxml2"
        }
        dx_xmlInitParser()
        dx_xmlSetExternalEntityLoader(refuseExternalEntity)
        return nil
    }()

    /// The error every parse throws when libxml2 could not be loaded.
    static func unavailable(_ reason: String, fileName: String?) -> XMLError {
        XMLError(.unavailable, XMLDiagnostic(.error, "cannot read XML: \(reason)"), fileName: fileName)
    }

    /// The library the parser functions were loaded from, or nil when not loaded.
    static var loadedPath: String? { dx_xml_loaded_path().map { String(cString: $0) } }

    /// Whether `soname` could serve as libxml2 (opens and resolves, keeps nothing);
    /// nil when it could, else why not. The process's own load is not touched.
    static func probe(soname: String) -> String? {
        var reason = [UInt8](repeating: 0, count: 512)
        let status = reason.withUnsafeMutableBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { dx_xml_probe(soname, $0.baseAddress, $0.count) }
        }
        return status == 0 ? nil : String(decoding: reason.prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// The external entity loader: loads nothing, and notes what was asked for so the
/// parse can report it.
private let refuseExternalEntity: xmlExternalEntityLoader = { url, publicID, ctxt in
    if let ctxt, let box = ctxt.pointee._private {
        let collector = Unmanaged<XMLErrorCollector>.fromOpaque(box).takeUnretainedValue()
        let what = url.map { String(cString: $0) } ?? publicID.map { String(cString: $0) } ?? "?"
        collector.refusedLoads.append(what)
    }
    return nil
}
