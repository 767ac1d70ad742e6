import DXXML
import Testing

/// The node API the readers use: names, attributes, text, children, lines.
@Suite struct XMLTreeTests {
    let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE root [<!ENTITY who "world">]>
        <root version="5" empty="">
          <a id="1">hello &amp; &who;</a>
          <b><![CDATA[<raw> text]]></b>
          <a id="2"><c>  spaced  </c></a>
          <ns:d xmlns:ns="urn:x" ns:k="v"/>
        </root>
        """

    @Test func elementsAttributesTextAndLines() throws {
        let doc = try XMLTree.parse(Array(xml.utf8), fileName: "t.xml")
        let root = doc.root
        #expect(root.name == "root")
        #expect(root.attribute("version") == "5")
        #expect(root.attribute("empty") == "")
        #expect(root.attribute("missing") == nil)
        #expect(root.line == 3)
        let a = Array(root.children("a"))
        #expect(a.count == 2)
        #expect(a[0].text == "hello & world")
        #expect(a[0].line == 4)
        #expect(a[1].attribute("id") == "2")
        #expect(a[1].child("c")?.text == "  spaced  ")
        #expect(a[1].text("c") == "spaced")
        #expect(root.child("b")?.text == "<raw> text")
        #expect(root.child("d")?.attribute("k") == "v")
        #expect(root.children.map(\.name) == ["a", "b", "a", "d"])
        #expect(root.descendants("c").count == 1)
        #expect(doc.elements(named: "a").map { $0.attribute("id") } == ["1", "2"])
        #expect(a[1].child("c")?.parent?.isSame(as: a[1]) == true)
        #expect(doc.doctype?.name == "root")
        #expect(doc.warnings.isEmpty)
    }

    @Test func utf16WithBOMParses() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><xmeml version=\"4\"><sequence><name>Sjø</name></sequence></xmeml>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in text.utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let doc = try XMLTree.parse(bytes)
        #expect(doc.root.text("sequence", "name") == "Sjø")
    }

    @Test func bigLineNumbersAreKept() throws {
        let lines = String(repeating: "\n", count: 70_000)
        let doc = try XMLTree.parse(Array("<r>\(lines)<deep/></r>".utf8))
        #expect(doc.root.child("deep")?.line == 70_001)
    }
}
