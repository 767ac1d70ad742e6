/// A parsed XML document as plain Swift values: every element with its name,
/// attributes, direct text and line, stored flat so a multi-megabyte list costs a few
/// arrays rather than one object per node. Immutable and `Sendable`; no libxml2 memory
/// is kept (see ``parse(_:fileName:recover:)`` for how it is read).
public final class XMLTree: Sendable {
    struct Node: Sendable {
        var name: Int32
        var parent: Int32
        var firstChild: Int32 = -1
        var nextSibling: Int32 = -1
        var line: Int32
        var attributeStart: Int32
        var attributeCount: Int32 = 0
        /// Index into `texts`, or -1 for none.
        var text: Int32 = -1
    }

    struct Attribute: Sendable {
        var name: Int32
        var value: String
    }

    /// The flat element storage, as read from libxml2.
    struct Storage {
        var names: [String] = []
        var nodes: [Node] = []
        var attributes: [Attribute] = []
        var texts: [String] = []
    }

    /// What a DOCTYPE declares.
    public struct DocumentType: Sendable, Equatable {
        public var name: String?
        public var publicID: String?
        public var systemID: String?
    }

    let names: [String]
    let nameIDs: [String: Int32]
    let nodes: [Node]
    let attributes: [Attribute]
    let texts: [String]

    /// The display name the document was parsed under.
    public let fileName: String?
    /// What libxml2 and the policy had to say without refusing the document
    /// (recovered errors in recover mode, an external DTD that was not loaded).
    public let warnings: [XMLDiagnostic]
    /// The DOCTYPE's name and external identifiers, when there is one.
    public let doctype: DocumentType?

    init(_ storage: Storage, fileName: String?, warnings: [XMLDiagnostic], doctype: DocumentType?) {
        names = storage.names
        var ids: [String: Int32] = [:]
        for (i, n) in names.enumerated() where ids[n] == nil { ids[n] = Int32(i) }
        nameIDs = ids
        nodes = storage.nodes
        attributes = storage.attributes
        texts = storage.texts
        self.fileName = fileName
        self.warnings = warnings
        self.doctype = doctype
    }

    /// The number of elements in the document.
    public var elementCount: Int { nodes.count }

    /// The document (root) element.
    public var root: Element { Element(tree: self, index: 0) }
}

