import DXXML

extension IXMLMetadata {
    /// Parses an iXML chunk payload through DXXML's safe policy (no network, no
    /// external entities). Trailing NUL padding is ignored. Returns nil with a warning
    /// when the chunk is not a readable iXML document.
    static func parse(chunk: ArraySlice<UInt8>, path: String, warnings: inout [String]) -> IXMLMetadata? {
        var bytes = Array(chunk)
        while let last = bytes.last, last == 0 { bytes.removeLast() }
        guard !bytes.isEmpty else {
            warnings.append("\(path): the iXML chunk is empty; ignored")
            return nil
        }
        let tree: XMLTree
        do {
            tree = try XMLTree.parse(bytes, fileName: path + " (iXML chunk)", recover: true)
        } catch {
            warnings.append("\(error.description); the iXML chunk is ignored")
            return nil
        }
        for w in tree.warnings { warnings.append("\(path) (iXML chunk): \(w)") }
        // rawXML is kept as read when it is UTF-8; a document in another encoding
        // (ISO-8859-1 from an old recorder, UTF-16) is kept as its UTF-8 re-emission,
        // so a later parse of rawXML cannot mistake its bytes.
        let raw: String
        if let text = String(validating: bytes, as: UTF8.self), declaresUTF8OrNothing(bytes) {
            raw = text
        } else {
            var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            XMLOutNode(tree.root).write(to: &out, indent: 0)
            raw = out
        }
        return IXMLMetadata(tree: tree, rawXML: raw, path: path, warnings: &warnings)
    }

    init(tree: XMLTree, rawXML: String?, path: String, warnings: inout [String]) {
        let root = tree.root
        if root.name != "BWFXML" {
            warnings.append("\(path): iXML root element is <\(root.name)>, expected <BWFXML>; reading it anyway")
        }
        self.init(rawXML: rawXML)
        project = root.text("PROJECT")
        scene = root.text("SCENE")
        take = root.text("TAKE")
        tape = root.text("TAPE")
        note = root.text("NOTE")
        if let c = root.text("CIRCLED") {
            switch c.uppercased() {
            case "TRUE", "YES", "1": circled = true
            case "FALSE", "NO", "0": circled = false
            default: warnings.append("\(path): iXML line \(root.child("CIRCLED")!.line): CIRCLED is '\(c)', expected TRUE or FALSE")
            }
        }
        if let block = root.child("DXKIT") {
            for section in block.children {
                var fields: [String: String] = [:]
                for f in section.children { fields[f.name] = f.trimmedText ?? "" }
                toolNotes[section.name] = fields
            }
        }
        if let list = root.child("TRACK_LIST") {
            for (position, t) in list.children("TRACK").enumerated() {
                let channel = t.text("CHANNEL_INDEX").flatMap { Int($0) }
                let interleave = t.text("INTERLEAVE_INDEX").flatMap { Int($0) }
                if channel == nil && interleave == nil {
                    warnings.append("\(path): iXML line \(t.line): TRACK without CHANNEL_INDEX or INTERLEAVE_INDEX; "
                                    + "taken as channel \(position + 1)")
                }
                tracks.append(IXMLTrack(channelIndex: channel ?? interleave ?? position + 1,
                                        interleaveIndex: interleave ?? channel ?? position + 1,
                                        name: t.text("NAME") ?? "", function: t.text("FUNCTION")))
            }
        }
    }
}

/// Whether an XML declaration, if any, names UTF-8 (or no encoding) and there is no
/// UTF-16 byte-order mark.
func declaresUTF8OrNothing(_ bytes: [UInt8]) -> Bool {
    if bytes.count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) { return false }
    let head = bytes.prefix(256).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    func find(_ needle: String, from: Int, to: Int) -> Int? {
        let n = Array(needle.utf8)
        guard to - from >= n.count else { return nil }
        for i in from...(to - n.count) where head[i..<(i + n.count)].elementsEqual(n) { return i }
        return nil
    }
    let start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    guard head.count > start + 5, head[start..<(start + 5)].elementsEqual("<?xml".utf8),
          let end = find("?>", from: start, to: head.count) else { return true }
    guard let enc = find("encoding", from: start, to: end) else { return true }
    var j = enc + 8
    while j < end, head[j] == 0x20 || head[j] == 0x3D || head[j] == 0x22 || head[j] == 0x27 { j += 1 }
    return find("utf-8", from: j, to: min(end, j + 5)) == j || find("utf8", from: j, to: min(end, j + 4)) == j
}
