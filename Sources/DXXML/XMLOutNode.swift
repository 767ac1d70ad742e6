/// A small mutable element tree for writing XML: iXML chunks are re-emitted from it with
/// the fields dxkit knows replaced and every other element kept.
public struct XMLOutNode {
    public var name: String
    public var attributes: [(name: String, value: String)] = []
    public var text: String = ""
    public var children: [XMLOutNode] = []

    public init(name: String, text: String = "", children: [XMLOutNode] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    public init(_ e: XMLTree.Element) {
        name = e.name
        attributes = e.attributes
        text = e.hasChildren ? (e.trimmedText ?? "") : e.text
        children = e.children.map { XMLOutNode($0) }
    }

    /// Replaces the first child `name`'s text (removing any others of that name), adds
    /// it when missing, removes it when `value` is nil.
    public mutating func set(_ child: String, _ value: String?) {
        guard let value else {
            children.removeAll { $0.name == child }
            return
        }
        if let i = children.firstIndex(where: { $0.name == child }) {
            children[i].text = value
            children[i].children = []
            var j = children.count - 1
            while j > i {
                if children[j].name == child { children.remove(at: j) }
                j -= 1
            }
        } else {
            children.append(XMLOutNode(name: child, text: value))
        }
    }

    /// Sets the text of an existing child; does nothing when there is none.
    public mutating func update(_ child: String, _ value: String) {
        if let i = children.firstIndex(where: { $0.name == child }) { children[i].text = value }
    }

    /// Appends the element as text, `indent` tabs in, one element or text-only element a line.
    public func write(to out: inout String, indent: Int) {
        let pad = String(repeating: "\t", count: indent)
        out += pad + "<" + name
        for a in attributes { out += " \(a.name)=\"\(escapeXML(a.value, attribute: true))\"" }
        if children.isEmpty {
            if text.isEmpty {
                out += "/>\n"
            } else {
                out += ">" + escapeXML(text, attribute: false) + "</" + name + ">\n"
            }
            return
        }
        out += ">"
        if !text.isEmpty { out += escapeXML(text, attribute: false) }
        out += "\n"
        for c in children { c.write(to: &out, indent: indent + 1) }
        out += pad + "</" + name + ">\n"
    }
}

/// `s` as XML character data, or as an attribute value (quotes and line ends as
/// references) when `attribute`.
public func escapeXML(_ s: String, attribute: Bool) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for u in s.unicodeScalars {
        switch u {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"" where attribute: out += "&quot;"
        case "\n" where attribute: out += "&#10;"
        case "\t" where attribute: out += "&#9;"
        case "\r": out += "&#13;"
        default:
            // Characters XML 1.0 does not allow are dropped rather than written invalid.
            if u.value < 0x20 && u != "\n" && u != "\t" { continue }
            out.unicodeScalars.append(u)
        }
    }
    return out
}

/// An element name made from free text: upper case ASCII letters, digits and `_`,
/// not starting with a digit.
public func xmlName(_ s: String) -> String {
    var out = ""
    for u in s.uppercased().unicodeScalars {
        let ok = (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "_"
        out.unicodeScalars.append(ok ? u : "_")
    }
    if out.isEmpty || out.unicodeScalars.first!.properties.numericType != nil { out = "_" + out }
    return out
}
