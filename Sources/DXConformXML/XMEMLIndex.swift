import DXXML

/// xmeml's id references, resolved across the whole document: an element may be
/// written once in full and elsewhere only as `<file id="file-58"/>` (Premiere writes
/// the second clipitem of a stereo pair that way), and a clipitem may name its source
/// only through `<masterclipid>`.
struct XMEMLIndex {
    private var definitions: [String: XMLElement] = [:]
    /// masterclipid → a clipitem (or bin clip) with the master clip's source.
    private var masters: [String: XMLElement] = [:]

    init(_ tree: XMLTree) {
        for e in tree.elements(withAttribute: "id") where e.hasChildren {
            guard let id = e.attribute("id") else { continue }
            let key = Self.key(e.name, id)
            if definitions[key] == nil { definitions[key] = e }
        }
        for item in tree.elements(named: "clipitem") {
            guard let m = item.text("masterclipid"), masters[m] == nil else { continue }
            if hasSource(item) { masters[m] = item }
        }
    }

    private static func key(_ name: String, _ id: String) -> String { name + "\u{1}" + id }

    /// The full definition of an element written as a bare reference; the element itself otherwise.
    func resolve(_ e: XMLElement) -> XMLElement {
        guard !e.hasChildren, let id = e.attribute("id") else { return e }
        return definitions[Self.key(e.name, id)] ?? e
    }

    func resolve(_ e: XMLElement?) -> XMLElement? { e.map { resolve($0) } }

    /// The first child of a name, resolved.
    func child(_ e: XMLElement, _ name: String) -> XMLElement? { resolve(e.child(name)) }

    /// An element that carries the source of a master clip: another clipitem with the same
    /// `masterclipid`, else the bin `<clip>` of that id.
    func master(_ id: String) -> XMLElement? {
        if let m = masters[id] { return m }
        return definitions[Self.key("clip", id)]
    }

    func hasSource(_ item: XMLElement) -> Bool {
        for name in ["file", "sequence", "multiclip"] {
            if let c = item.child(name), resolve(c).hasChildren { return true }
        }
        return false
    }
}
