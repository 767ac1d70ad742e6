import CLibXML2

/// Process-wide libxml2 set-up, done once before the first parse.
///
/// The external entity loader is a process-global libxml2 hook: replacing it with one
/// that refuses everything means no DTD, entity or XInclude is ever fetched from disk
/// or the network, whatever a document asks for and whatever option a later caller sets.
enum XMLRuntime {
    static let ready: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader(refuseExternalEntity)
    }()
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
