import DXEditModel
import DXTimecode
import DXXML

/// Reads FCP7 XML (xmeml v1–v5, as written by Final Cut Pro 5–7, Premiere, Resolve,
/// Avid, Hiero and Kdenlive) into timelines: one per top-level sequence.
struct XMEMLReader {
    let document: XMLTree
    let fileName: String?
    let index: XMEMLIndex

    init(document: XMLTree, fileName: String?) {
        self.document = document
        self.fileName = fileName
        self.index = XMEMLIndex(document)
    }

    var dialect: String {
        "xmeml" + (document.root.attribute("version").map { " \($0)" } ?? "")
    }

    func read() -> [Timeline] {
        let sequences = topLevelSequences()
        if sequences.isEmpty { return [emptyTimeline()] }
        return sequences.map { seq in
            var r = XMEMLSequenceReader(index: index, diagnostics: ReadDiagnostics(file: fileName))
            return r.read(seq, fileName: fileName, dialect: dialect)
        }
    }

    /// Sequences directly under the root, or in a project's (or bin's) children. Sequences
    /// nested inside clip items are sources of those items, not timelines of their own.
    func topLevelSequences() -> [XMLElement] {
        var out: [XMLElement] = []
        func walk(_ e: XMLElement) {
            for c in e.children {
                switch c.name {
                case "sequence": out.append(index.resolve(c))
                case "project", "bin", "children": walk(index.resolve(c))
                default: break
                }
            }
        }
        walk(document.root)
        return out
    }

    /// What a file without a sequence reads as: no events, and a warning saying why.
    func emptyTimeline() -> Timeline {
        var diags = ReadDiagnostics(file: fileName)
        let root = document.root
        var what = "no sequence in the file"
        if root.name != "xmeml" {
            what = "the document is a <\(root.name)>, not an xmeml list: no sequence to read"
        } else if let project = root.child("project") {
            what = "no sequence in the file (project \(project.text("name").map { "'\($0)' " } ?? "")holds no sequence)"
        }
        diags.warn(root.line, what + "; nothing to conform")
        let rate = document.elements(named: "rate").lazy.compactMap { XMEMLRate.parse($0) }.first
        let basis = rate == nil ? "no rate in the file; 25 assumed" : "first <rate> in the file"
        return Timeline(title: root.text("project", "name"), rate: rate ?? .fps25,
                        source: ListSource(path: fileName, format: .xmeml, dialect: dialect,
                                           rateBasis: basis, diagnostics: diags.diagnostics))
    }
}
