/// Element handles: names, attributes, text, children, lines.
extension XMLTree {
    /// One element of an ``XMLTree``: a cheap handle (tree + index), valid as long as it is held.
    public struct Element: Sendable {
        public let tree: XMLTree
        let index: Int32

        init(tree: XMLTree, index: Int32) {
            self.tree = tree
            self.index = index
        }

        var node: XMLTree.Node { tree.nodes[Int(index)] }

        /// The element's name, without any namespace prefix.
        public var name: String { tree.names[Int(node.name)] }

        /// The line of the element's start tag (1-based).
        public var line: Int { Int(node.line) }

        /// The element's own text (text and CDATA children joined), as written; "" if none.
        public var text: String {
            let t = node.text
            return t < 0 ? "" : tree.texts[Int(t)]
        }

        /// The element's text with surrounding white space removed; nil when that leaves nothing.
        public var trimmedText: String? {
            let t = text
            guard !t.isEmpty else { return nil }
            let s = t.trimmingXMLWhitespace()
            return s.isEmpty ? nil : s
        }

        /// Attributes in document order.
        public var attributes: [(name: String, value: String)] {
            let n = node
            guard n.attributeCount > 0 else { return [] }
            return (Int(n.attributeStart)..<Int(n.attributeStart + n.attributeCount)).map {
                (tree.names[Int(tree.attributes[$0].name)], tree.attributes[$0].value)
            }
        }

        /// The value of an attribute, or nil when the element has none of that name.
        public func attribute(_ name: String) -> String? {
            let n = node
            guard n.attributeCount > 0, let id = tree.nameIDs[name] else { return nil }
            for i in Int(n.attributeStart)..<Int(n.attributeStart + n.attributeCount) where tree.attributes[i].name == id {
                return tree.attributes[i].value
            }
            return nil
        }

        public subscript(attribute name: String) -> String? { attribute(name) }

        /// The parent element; nil for the root.
        public var parent: Element? {
            let p = node.parent
            return p < 0 ? nil : Element(tree: tree, index: p)
        }

        /// Child elements in document order.
        public var children: Children { Children(tree: tree, first: node.firstChild, name: nil) }

        /// Child elements of one name, in document order.
        public func children(_ name: String) -> Children {
            guard let id = tree.nameIDs[name] else { return Children(tree: tree, first: -1, name: nil) }
            return Children(tree: tree, first: node.firstChild, name: id)
        }

        /// The first child element of that name.
        public func child(_ name: String) -> Element? {
            var it = children(name).makeIterator()
            return it.next()
        }

        /// Follows a path of child names: `e.child("rate", "timebase")`.
        public func child(_ first: String, _ rest: String...) -> Element? {
            var e = child(first)
            for n in rest { e = e?.child(n) }
            return e
        }

        /// The trimmed text of the child at a path of names, if any.
        public func text(_ first: String, _ rest: String...) -> String? {
            var e = child(first)
            for n in rest { e = e?.child(n) }
            return e?.trimmedText
        }

        /// Whether the element has child elements.
        public var hasChildren: Bool { node.firstChild >= 0 }

        /// All descendant elements of one name, in document order (not the element itself).
        public func descendants(_ name: String) -> [Element] {
            guard let id = tree.nameIDs[name] else { return [] }
            var out: [Element] = []
            var stack: [Int32] = []
            var c = node.firstChild
            while c >= 0 || !stack.isEmpty {
                if c < 0 {
                    c = tree.nodes[Int(stack.removeLast())].nextSibling
                    continue
                }
                let n = tree.nodes[Int(c)]
                if n.name == id { out.append(Element(tree: tree, index: c)) }
                if n.firstChild >= 0 {
                    stack.append(c)
                    c = n.firstChild
                } else {
                    c = n.nextSibling
                }
            }
            return out
        }

        /// Whether two handles denote the same element.
        public func isSame(as other: Element) -> Bool { tree === other.tree && index == other.index }
    }

    /// The child elements of an element, optionally only those of one name.
    public struct Children: Sequence, Sendable {
        let tree: XMLTree
        let first: Int32
        let name: Int32?

        public struct Iterator: IteratorProtocol {
            let tree: XMLTree
            var cursor: Int32
            let name: Int32?

            public mutating func next() -> Element? {
                while cursor >= 0 {
                    let i = cursor
                    let n = tree.nodes[Int(i)]
                    cursor = n.nextSibling
                    if name == nil || n.name == name! { return Element(tree: tree, index: i) }
                }
                return nil
            }
        }

        public func makeIterator() -> Iterator { Iterator(tree: tree, cursor: first, name: name) }

        public var isEmpty: Bool {
            var it = makeIterator()
            return it.next() == nil
        }
    }
}

extension String {
    /// The string without leading and trailing XML white space (space, tab, CR, LF).
    public func trimmingXMLWhitespace() -> String {
        let u = utf8
        var start = u.startIndex, end = u.endIndex
        func ws(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while start < end, ws(u[start]) { start = u.index(after: start) }
        while end > start, ws(u[u.index(before: end)]) { end = u.index(before: end) }
        return String(self[start..<end])
    }
}

extension XMLTree {
    /// Every element of one name in document order, found by one pass over the flat
    /// storage (no tree walk).
    public func elements(named name: String) -> [Element] {
        guard let id = nameIDs[name] else { return [] }
        var out: [Element] = []
        for (i, n) in nodes.enumerated() where n.name == id { out.append(Element(tree: self, index: Int32(i))) }
        return out
    }

    /// Every element that has an attribute of this name, in document order.
    public func elements(withAttribute name: String) -> [Element] {
        guard let id = nameIDs[name] else { return [] }
        var out: [Element] = []
        for (i, n) in nodes.enumerated() where n.attributeCount > 0 {
            for a in Int(n.attributeStart)..<Int(n.attributeStart + n.attributeCount) where attributes[a].name == id {
                out.append(Element(tree: self, index: Int32(i)))
                break
            }
        }
        return out
    }
}
