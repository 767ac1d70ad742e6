import CLibXML2

/// Gathers what libxml2 reports during one parse, instead of letting it print to
/// standard error. Lives only for the duration of one synchronous parse.
final class XMLErrorCollector {
    /// Enough to explain any document; junk input can produce one error per byte.
    static let limit = 64

    var diagnostics: [XMLDiagnostic] = []
    var dropped = 0
    /// URLs or public ids of external entities or DTDs the parser asked for.
    var refusedLoads: [String] = []
    /// libxml2 error code of the first fatal error, when there was one.
    var firstFatalCode: Int32?
    /// The first external entity the DTD declared; the parse stops there.
    var externalEntity: (name: String, target: String, line: Int?)?

    func record(_ error: xmlError) {
        let severity: XMLDiagnostic.Severity = error.level.rawValue >= XML_ERR_ERROR.rawValue ? .error : .warning
        if severity == .error, firstFatalCode == nil { firstFatalCode = error.code }
        guard diagnostics.count < Self.limit else {
            dropped += 1
            return
        }
        var message = error.message.map { String(cString: $0) } ?? "XML error \(error.code)"
        while let last = message.last, last == "\n" || last == " " { message.removeLast() }
        diagnostics.append(XMLDiagnostic(severity, message,
                                         line: error.line > 0 ? Int(error.line) : nil,
                                         column: error.int2 > 0 ? Int(error.int2) : nil))
    }

    var firstError: XMLDiagnostic? { diagnostics.first { $0.severity == .error } }
}

/// libxml2's structured error callback for a parser context whose `_private` holds a
/// collector. `userData` is the context itself (libxml2's default).
let collectStructuredError: xmlStructuredErrorFunc = { userData, error in
    guard let error, let userData else { return }
    let ctxt = userData.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let box = ctxt.pointee._private else { return }
    Unmanaged<XMLErrorCollector>.fromOpaque(box).takeUnretainedValue().record(error.pointee)
}

/// The SAX entity declaration handler: an external entity stops the parse at its
/// declaration (nothing it names is ever loaded); others go to libxml2's own handler.
let refuseExternalEntityDecl: entityDeclSAXFunc = { ctx, name, type, publicID, systemID, content in
    let external = type == Int32(XML_EXTERNAL_GENERAL_PARSED_ENTITY.rawValue)
        || type == Int32(XML_EXTERNAL_GENERAL_UNPARSED_ENTITY.rawValue)
        || type == Int32(XML_EXTERNAL_PARAMETER_ENTITY.rawValue)
    guard external, let ctx else {
        dx_xmlSAX2EntityDecl(ctx, name, type, publicID, systemID, content)
        return
    }
    let ctxt = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
    if let box = ctxt.pointee._private {
        let collector = Unmanaged<XMLErrorCollector>.fromOpaque(box).takeUnretainedValue()
        if collector.externalEntity == nil {
            let target = systemID.map { "SYSTEM \"\(String(cString: $0))\"" }
                ?? publicID.map { "PUBLIC \"\(String(cString: $0))\"" } ?? ""
            let line = ctxt.pointee.input.map { Int($0.pointee.line) }
            collector.externalEntity = (name.map { String(cString: $0) } ?? "?", target, line)
        }
    }
    dx_xmlStopParser(ctxt)
}
