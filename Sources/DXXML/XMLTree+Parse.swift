import CLibXML2

/// Reading a document with one fixed, safe policy:
///
/// - nothing is fetched: no network (`XML_PARSE_NONET`), no external DTD or entity
///   (no `XML_PARSE_DTDLOAD`, no `XML_PARSE_NOENT`, and a process-wide entity loader
///   that refuses every request);
/// - a document whose DTD declares an external entity is refused outright, at the
///   declaration;
/// - entity expansion bombs are refused (libxml2's loop and amplification checks,
///   never disabled with `XML_PARSE_HUGE`);
/// - libxml2's messages are collected with their line numbers, never printed.
///
/// The tree is copied into plain Swift values before the libxml2 document is freed,
/// so nothing here outlives the parse or crosses threads unsafely.
extension XMLTree {
    /// Parses bytes (any encoding libxml2 detects from a BOM or declaration). The first
    /// call loads libxml2; when it cannot be loaded this throws `.unavailable`.
    ///
    /// - Parameters:
    ///   - fileName: used in diagnostics only; nothing is read from it.
    ///   - recover: read what libxml2 can make of XML that is not well formed; what it
    ///     had to repair is returned in `warnings`. Policy refusals still throw.
    public static func parse(_ bytes: [UInt8], fileName: String? = nil, recover: Bool = false) throws(XMLError) -> XMLTree {
        if let reason = XMLRuntime.unavailableReason { throw XMLRuntime.unavailable(reason, fileName: fileName) }
        guard !bytes.isEmpty else {
            throw XMLError(.notWellFormed, XMLDiagnostic(.error, "empty file: no XML document", line: 1), fileName: fileName)
        }
        guard bytes.count < Int(Int32.max) else {
            throw XMLError(.tooLarge, XMLDiagnostic(.error, "file too large for the XML parser (\(bytes.count) bytes)"),
                           fileName: fileName)
        }
        guard let ctxt = dx_xmlNewParserCtxt() else {
            throw XMLError(.notWellFormed, XMLDiagnostic(.error, "cannot create an XML parser (out of memory)"),
                           fileName: fileName)
        }
        defer { dx_xmlFreeParserCtxt(ctxt) }
        let collector = XMLErrorCollector()
        return try withExtendedLifetime(collector) { () throws(XMLError) -> XMLTree in
            ctxt.pointee._private = Unmanaged.passUnretained(collector).toOpaque()
            ctxt.pointee.sax.pointee.serror = collectStructuredError
            ctxt.pointee.sax.pointee.entityDecl = refuseExternalEntityDecl
            // Errors libxml2 raises outside the parser domain go to the thread's handler.
            dx_xmlSetStructuredErrorFunc(UnsafeMutableRawPointer(ctxt), collectStructuredError)
            defer { dx_xmlSetStructuredErrorFunc(nil, nil) }

            var options = XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_COMPACT.rawValue
            if recover { options |= XML_PARSE_RECOVER.rawValue }
            let doc = bytes.withUnsafeBufferPointer { buf in
                buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                    dx_xmlCtxtReadMemory(ctxt, $0, Int32(buf.count), nil, nil, Int32(options))
                }
            }
            defer { if let doc { dx_xmlFreeDoc(doc) } }
            return try finish(doc, collector: collector, bytes: bytes, fileName: fileName, recover: recover)
        }
    }

    private static func finish(_ doc: xmlDocPtr?, collector: XMLErrorCollector, bytes: [UInt8],
                               fileName: String?, recover: Bool) throws(XMLError) -> XMLTree {
        let all = collector.diagnostics
        if let ent = collector.externalEntity {
            let target = ent.target.isEmpty ? "" : " (\(ent.target))"
            let d = XMLDiagnostic(.error, "refused: the DTD declares external entity '\(ent.name)'\(target); "
                                  + "external entities are not allowed in conform lists", line: ent.line)
            throw XMLError(.refused, d, fileName: fileName, diagnostics: [d])
        }
        if collector.firstFatalCode == Int32(XML_ERR_ENTITY_LOOP.rawValue) {
            let d = collector.firstError!
            throw XMLError(.refused, XMLDiagnostic(.error, "refused: \(d.message) (entity expansion bomb?)",
                                                   line: d.line, column: d.column),
                           fileName: fileName, diagnostics: all)
        }
        guard let doc else {
            let first = collector.firstError ?? XMLDiagnostic(.error, "not well-formed XML")
            throw XMLError(.notWellFormed, first, fileName: fileName, diagnostics: all)
        }
        var warnings: [XMLDiagnostic] = []
        let doctype = try checkDTD(doc, bytes: bytes, fileName: fileName, warnings: &warnings)
        for url in collector.refusedLoads {
            warnings.append(XMLDiagnostic(.warning, "refused to load external resource \(quoted(url))"))
        }
        guard let root = dx_xmlDocGetRootElement(doc) else {
            let first = collector.firstError ?? XMLDiagnostic(.error, "no root element")
            throw XMLError(.notWellFormed, first, fileName: fileName, diagnostics: all)
        }
        if recover, collector.firstError != nil {
            warnings += all.map { d in
                XMLDiagnostic(.warning, d.severity == .error ? "not well formed, recovered: \(d.message)" : d.message,
                              line: d.line, column: d.column)
            }
            if collector.dropped > 0 {
                warnings.append(XMLDiagnostic(.warning, "\(collector.dropped) more XML errors not shown"))
            }
        } else {
            warnings += all.filter { $0.severity == .warning }
        }
        var reader = LibXMLTreeReader(doc: doc)
        let storage = reader.read(root: root)
        return XMLTree(storage, fileName: fileName, warnings: warnings + reader.warnings, doctype: doctype)
    }

    /// Applies the DTD part of the policy: external entities refuse the document; an
    /// external subset is reported (it was never loaded).
    private static func checkDTD(_ doc: xmlDocPtr, bytes: [UInt8], fileName: String?,
                                 warnings: inout [XMLDiagnostic]) throws(XMLError) -> DocumentType? {
        guard let dtd = doc.pointee.intSubset ?? doc.pointee.extSubset else { return nil }
        func str(_ p: UnsafePointer<xmlChar>?) -> String? { p.map { String(cString: $0) } }
        let type = DocumentType(name: str(dtd.pointee.name), publicID: str(dtd.pointee.ExternalID),
                                systemID: str(dtd.pointee.SystemID))
        if type.publicID != nil || type.systemID != nil {
            let id = type.systemID.map { "SYSTEM \(quoted($0))" } ?? "PUBLIC \(quoted(type.publicID!))"
            warnings.append(XMLDiagnostic(.warning, "the DOCTYPE names an external DTD (\(id)); it was not loaded",
                                          line: ByteLines.line(of: Array("<!DOCTYPE".utf8), in: bytes)))
        }
        var node = dtd.pointee.children
        while let n = node {
            if n.pointee.type == XML_ENTITY_DECL {
                let ent = UnsafeMutableRawPointer(n).assumingMemoryBound(to: xmlEntity.self).pointee
                switch ent.etype {
                case XML_EXTERNAL_GENERAL_PARSED_ENTITY, XML_EXTERNAL_GENERAL_UNPARSED_ENTITY, XML_EXTERNAL_PARAMETER_ENTITY:
                    let name = str(ent.name) ?? "?"
                    let target = str(ent.SystemID).map { " (SYSTEM \(quoted($0)))" }
                        ?? str(ent.ExternalID).map { " (PUBLIC \(quoted($0)))" } ?? ""
                    let d = XMLDiagnostic(.error, "refused: the DTD declares external entity '\(name)'\(target); "
                                          + "external entities are not allowed in conform lists",
                                          line: ByteLines.line(of: Array("<!ENTITY".utf8), in: bytes, followedBy: name))
                    throw XMLError(.refused, d, fileName: fileName)
                default:
                    break
                }
            }
            node = n.pointee.next
        }
        return type
    }
}

func quoted(_ s: String) -> String { "\"\(s)\"" }

/// Line numbers for things libxml2 keeps none for (DTD declarations).
enum ByteLines {
    /// The 1-based line of the first occurrence of `needle` (optionally followed, after
    /// white space and an optional `%`, by `name`), or nil.
    static func line(of needle: [UInt8], in bytes: [UInt8], followedBy name: String? = nil) -> Int? {
        let nameBytes = name.map { Array($0.utf8) }
        var line = 1
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x0A { line += 1 }
            if b == needle[0], i + needle.count <= n, Array(bytes[i..<(i + needle.count)]) == needle {
                guard let nameBytes else { return line }
                var j = i + needle.count
                while j < n, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D || bytes[j] == 0x25 { j += 1 }
                if j + nameBytes.count <= n, Array(bytes[j..<(j + nameBytes.count)]) == nameBytes { return line }
            }
            i += 1
        }
        return nil
    }
}
