import CLibXML2

/// Copies a libxml2 document into an ``XMLTree``: elements, attributes, direct text
/// and line numbers. Entity references are never expanded beyond one internal
/// entity's replacement text, so the copy cannot be made to grow.
struct LibXMLTreeReader {
    /// Replacement text longer than this is not copied (a warning is given instead).
    static let maxEntityText = 1 << 16
    /// All entity references together copy at most this much text, so a small entity
    /// referenced a million times cannot blow the copy up.
    static let entityTextBudget = 1 << 20
    private var entityTextLeft = LibXMLTreeReader.entityTextBudget

    private var storage = XMLTree.Storage()
    private var nameByPointer: [UnsafeRawPointer: Int32] = [:]
    private var nameByString: [String: Int32] = [:]
    private let doc: xmlDocPtr
    private(set) var warnings: [XMLDiagnostic] = []

    init(doc: xmlDocPtr) {
        self.doc = doc
    }

    mutating func read(root: xmlNodePtr) -> XMLTree.Storage {
        storage.nodes.reserveCapacity(1024)
        _ = visit(root, parent: -1)
        return storage
    }

    /// Names come from libxml2's dictionary, so one pointer means one name: look the
    /// pointer up first and make a Swift string only once per distinct name.
    private mutating func intern(_ p: UnsafePointer<xmlChar>) -> Int32 {
        let key = UnsafeRawPointer(p)
        if let i = nameByPointer[key] { return i }
        let id = intern(string: String(cString: p))
        nameByPointer[key] = id
        return id
    }

    private mutating func intern(string s: String) -> Int32 {
        if let i = nameByString[s] { return i }
        let id = Int32(storage.names.count)
        storage.names.append(s)
        nameByString[s] = id
        return id
    }

    private mutating func visit(_ element: xmlNodePtr, parent: Int32) -> Int32 {
        let index = Int32(storage.nodes.count)
        let e = element.pointee
        storage.nodes.append(XMLTree.Node(name: e.name.map { intern($0) } ?? intern(string: ""),
                                  parent: parent, line: Int32(clamping: dx_xmlGetLineNo(element)),
                                  attributeStart: Int32(storage.attributes.count)))
        var attr = e.properties
        var count: Int32 = 0
        while let a = attr {
            let name = a.pointee.name.map { intern($0) } ?? intern(string: "")
            storage.attributes.append(XMLTree.Attribute(name: name, value: text(of: a.pointee.children)))
            count += 1
            attr = a.pointee.next
        }
        storage.nodes[Int(index)].attributeCount = count

        var lastChild: Int32 = -1
        var textBytes: [UInt8] = []
        var single: String?
        var pieces = 0
        var child = e.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                let ci = visit(c, parent: index)
                if lastChild < 0 { storage.nodes[Int(index)].firstChild = ci } else { storage.nodes[Int(lastChild)].nextSibling = ci }
                lastChild = ci
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let p = c.pointee.content {
                    append(p, to: &textBytes, single: &single, pieces: &pieces)
                }
            case XML_ENTITY_REF_NODE:
                if let p = entityText(c) { append(p, to: &textBytes, single: &single, pieces: &pieces) }
            default:
                break
            }
            child = c.pointee.next
        }
        if pieces > 0 {
            let s = pieces == 1 ? single! : String(decoding: textBytes, as: UTF8.self)
            if lastChild < 0 || !isBlank(s) {
                storage.nodes[Int(index)].text = Int32(storage.texts.count)
                storage.texts.append(s)
            }
        }
        return index
    }

    private func append(_ p: UnsafePointer<xmlChar>, to bytes: inout [UInt8], single: inout String?, pieces: inout Int) {
        pieces += 1
        if pieces == 1 {
            single = String(cString: p)
            return
        }
        if pieces == 2, let s = single { bytes.append(contentsOf: s.utf8) }
        var q = p
        while q.pointee != 0 {
            bytes.append(q.pointee)
            q += 1
        }
    }

    /// The replacement text of an internal entity, as declared (not re-expanded).
    private mutating func entityText(_ ref: xmlNodePtr) -> UnsafePointer<xmlChar>? {
        guard let name = ref.pointee.name, let ent = dx_xmlGetDocEntity(doc, name),
              ent.pointee.etype == XML_INTERNAL_GENERAL_ENTITY, let content = ent.pointee.content
        else { return nil }
        let length = Int(ent.pointee.length)
        guard length <= Self.maxEntityText, length <= entityTextLeft else {
            if entityTextLeft >= 0 {
                warnings.append(XMLDiagnostic(.warning, "entity references expand to too much text; the rest are left out",
                                              line: Int(dx_xmlGetLineNo(ref))))
                entityTextLeft = -1
            }
            return nil
        }
        entityTextLeft -= length
        return UnsafePointer(content)
    }

    /// The value of an attribute from its child nodes.
    private mutating func text(of first: xmlNodePtr?) -> String {
        var n = first
        var bytes: [UInt8] = []
        var single: String?
        var pieces = 0
        while let c = n {
            if c.pointee.type == XML_TEXT_NODE, let p = c.pointee.content {
                append(p, to: &bytes, single: &single, pieces: &pieces)
            } else if c.pointee.type == XML_ENTITY_REF_NODE, let p = entityText(c) {
                append(p, to: &bytes, single: &single, pieces: &pieces)
            }
            n = c.pointee.next
        }
        if pieces == 0 { return "" }
        return pieces == 1 ? single! : String(decoding: bytes, as: UTF8.self)
    }

    private func isBlank(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }
}

