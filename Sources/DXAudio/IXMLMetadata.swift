import DXXML

/// One entry of an iXML `TRACK_LIST`: which file channel carries which microphone.
public struct IXMLTrack: Sendable, Equatable {
    /// 1-based channel number on the recorder.
    public var channelIndex: Int
    /// 1-based position of the channel in this file's interleave.
    public var interleaveIndex: Int
    /// The track name ("Boom", "Lav 1").
    public var name: String
    /// The recorder's function label, when given.
    public var function: String?

    public init(channelIndex: Int, interleaveIndex: Int, name: String, function: String? = nil) {
        self.channelIndex = channelIndex
        self.interleaveIndex = interleaveIndex
        self.name = name
        self.function = function
    }
}

/// The iXML chunk's production fields (iXML 2.x: `BWFXML` root).
///
/// `rawXML` keeps the document as read. Writing re-emits it with the fields known here
/// replaced (a nil field removes its element), so elements dxkit does not know —
/// recorder settings, `SPEED`, `SYNC_POINT_LIST`, vendor blocks — survive a round trip.
public struct IXMLMetadata: Sendable, Equatable {
    public var project: String?
    public var scene: String?
    public var take: String?
    public var tape: String?
    public var note: String?
    public var circled: Bool?
    public var tracks: [IXMLTrack]
    /// What dxkit tools recorded about their processing, by section then field
    /// (`["ALIGNMENT": ["OFFSET_SAMPLES": "1234", "CONFIDENCE": "0.93"]]`), kept in a
    /// `<DXKIT>` block that other software ignores. Names are made XML-safe
    /// (upper case, `_` for other characters) when written.
    public var toolNotes: [String: [String: String]]
    /// The document as read (nil for metadata made from scratch).
    public var rawXML: String?

    public init(project: String? = nil, scene: String? = nil, take: String? = nil, tape: String? = nil,
                note: String? = nil, circled: Bool? = nil, tracks: [IXMLTrack] = [],
                toolNotes: [String: [String: String]] = [:], rawXML: String? = nil) {
        self.project = project
        self.scene = scene
        self.take = take
        self.tape = tape
        self.note = note
        self.circled = circled
        self.tracks = tracks
        self.toolNotes = toolNotes
        self.rawXML = rawXML
    }

    /// The name of the track in interleave position `channel` (1-based), if listed.
    public func trackName(interleaveIndex channel: Int) -> String? {
        tracks.first { $0.interleaveIndex == channel }?.name
    }

    /// The interleave position (1-based) of the track named `name` (case-insensitive).
    public func interleaveIndex(ofTrackNamed name: String) -> Int? {
        let wanted = name.lowercased()
        return tracks.first { $0.name.lowercased() == wanted }?.interleaveIndex
    }

    /// The metadata for a file holding only the source channels `sourceChannels`
    /// (0-based channel numbers of the source, in the new order): listed tracks are
    /// kept for those channels and their INTERLEAVE_INDEX renumbered 1, 2, … in the new
    /// file; CHANNEL_INDEX (the recorder's channel) is kept.
    public func selectingChannels(_ sourceChannels: [Int]) -> IXMLMetadata {
        var copy = self
        copy.tracks = sourceChannels.enumerated().compactMap { position, source in
            guard var t = tracks.first(where: { $0.interleaveIndex == source + 1 }) else { return nil }
            t.interleaveIndex = position + 1
            return t
        }
        return copy
    }

    /// The same metadata with `fields` recorded under `section` in ``toolNotes``
    /// (replacing that section).
    public func noting(_ section: String, _ fields: [String: String]) -> IXMLMetadata {
        var copy = self
        copy.toolNotes[section] = fields
        return copy
    }
}

// MARK: - Reading

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

// MARK: - Writing

extension IXMLMetadata {
    /// The chunk payload: `rawXML` (when it parses) with the known fields replaced,
    /// else a fresh document. Padded with newlines to a multiple of 4 bytes so
    /// libsndfile's chunk padding adds no NULs.
    ///
    /// `bext` is the extension written beside it: iXML's mirrors of the timestamp
    /// (`BEXT/BWF_TIME_REFERENCE_*`, `SPEED/TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_*`) are
    /// updated where present, so software reading either never sees a stale time.
    func chunkBytes(bext: BroadcastExtension? = nil, sampleRate: Int? = nil) -> [UInt8] {
        var root = XMLOutNode(name: "BWFXML")
        if let raw = rawXML, let tree = try? XMLTree.parse(Array(raw.utf8), fileName: "iXML", recover: true) {
            root = XMLOutNode(tree.root)
        } else {
            root.children.append(XMLOutNode(name: "IXML_VERSION", text: "2.10"))
        }
        root.set("PROJECT", project)
        root.set("SCENE", scene)
        root.set("TAKE", take)
        root.set("TAPE", tape)
        root.set("CIRCLED", circled.map { $0 ? "TRUE" : "FALSE" })
        root.set("NOTE", note)
        root.setTrackList(tracks)
        root.setToolNotes(toolNotes)
        if let bext { root.mirror(bext, sampleRate: sampleRate) }
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        root.write(to: &text, indent: 0)
        var bytes = Array(text.utf8)
        while bytes.count % 4 != 0 { bytes.append(0x0A) }
        return bytes
    }
}

/// A small mutable element tree for re-emitting iXML.
struct XMLOutNode {
    var name: String
    var attributes: [(name: String, value: String)] = []
    var text: String = ""
    var children: [XMLOutNode] = []

    init(name: String, text: String = "", children: [XMLOutNode] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    init(_ e: XMLTree.Element) {
        name = e.name
        attributes = e.attributes
        text = e.hasChildren ? (e.trimmedText ?? "") : e.text
        children = e.children.map { XMLOutNode($0) }
    }

    /// Replaces the first child `name`'s text (removing any others of that name), adds
    /// it when missing, removes it when `value` is nil.
    mutating func set(_ child: String, _ value: String?) {
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

    /// Rebuilds `TRACK_LIST` from `tracks`, keeping unknown children of the list and,
    /// for a track whose CHANNEL_INDEX was already listed, that track's unknown children.
    mutating func setTrackList(_ tracks: [IXMLTrack]) {
        let known: Set<String> = ["CHANNEL_INDEX", "INTERLEAVE_INDEX", "NAME", "FUNCTION"]
        guard !tracks.isEmpty else {
            children.removeAll { $0.name == "TRACK_LIST" }
            return
        }
        var list = children.first { $0.name == "TRACK_LIST" } ?? XMLOutNode(name: "TRACK_LIST")
        var oldByChannel: [String: XMLOutNode] = [:]
        for t in list.children where t.name == "TRACK" {
            if let c = t.children.first(where: { $0.name == "CHANNEL_INDEX" })?.text.trimmingXMLWhitespace(),
               oldByChannel[c] == nil {
                oldByChannel[c] = t
            }
        }
        var rebuilt: [XMLOutNode] = []
        for t in tracks {
            var node = XMLOutNode(name: "TRACK")
            node.children = [XMLOutNode(name: "CHANNEL_INDEX", text: String(t.channelIndex)),
                             XMLOutNode(name: "INTERLEAVE_INDEX", text: String(t.interleaveIndex)),
                             XMLOutNode(name: "NAME", text: t.name)]
            if let f = t.function { node.children.append(XMLOutNode(name: "FUNCTION", text: f)) }
            if let old = oldByChannel[String(t.channelIndex)] {
                node.children += old.children.filter { !known.contains($0.name) }
            }
            rebuilt.append(node)
        }
        var others = list.children.filter { $0.name != "TRACK" && $0.name != "TRACK_COUNT" }
        others.insert(XMLOutNode(name: "TRACK_COUNT", text: String(tracks.count)), at: 0)
        list.children = others + rebuilt
        list.text = ""
        if let i = children.firstIndex(where: { $0.name == "TRACK_LIST" }) {
            children[i] = list
            children = children.enumerated().filter { $0.offset == i || $0.element.name != "TRACK_LIST" }.map(\.element)
        } else {
            children.append(list)
        }
    }

    /// Replaces the `<DXKIT>` block with `notes` (removed when empty); sorted, so the
    /// output is reproducible.
    mutating func setToolNotes(_ notes: [String: [String: String]]) {
        children.removeAll { $0.name == "DXKIT" }
        guard !notes.isEmpty else { return }
        var block = XMLOutNode(name: "DXKIT")
        for (section, fields) in notes.sorted(by: { $0.key < $1.key }) {
            var node = XMLOutNode(name: xmlName(section))
            for (k, v) in fields.sorted(by: { $0.key < $1.key }) { node.children.append(XMLOutNode(name: xmlName(k), text: v)) }
            block.children.append(node)
        }
        children.append(block)
    }

    /// Updates the iXML copies of the bext timestamp, only where the document has them.
    mutating func mirror(_ bext: BroadcastExtension, sampleRate: Int?) {
        let low = String(bext.timeReference & 0xFFFF_FFFF), high = String(bext.timeReference >> 32)
        if let i = children.firstIndex(where: { $0.name == "BEXT" }) {
            children[i].update("BWF_TIME_REFERENCE_LOW", low)
            children[i].update("BWF_TIME_REFERENCE_HIGH", high)
            children[i].update("BWF_DESCRIPTION", bext.description)
            children[i].update("BWF_ORIGINATOR", bext.originator)
            children[i].update("BWF_ORIGINATOR_REFERENCE", bext.originatorReference)
            children[i].update("BWF_ORIGINATION_DATE", bext.originationDate)
            children[i].update("BWF_ORIGINATION_TIME", bext.originationTime)
            children[i].update("BWF_CODING_HISTORY", bext.codingHistory)
        }
        if let i = children.firstIndex(where: { $0.name == "SPEED" }) {
            children[i].update("TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO", low)
            children[i].update("TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI", high)
            if let sampleRate { children[i].update("TIMESTAMP_SAMPLE_RATE", String(sampleRate)) }
        }
    }

    /// Sets the text of an existing child; does nothing when there is none.
    mutating func update(_ child: String, _ value: String) {
        if let i = children.firstIndex(where: { $0.name == child }) { children[i].text = value }
    }

    func write(to out: inout String, indent: Int) {
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

func escapeXML(_ s: String, attribute: Bool) -> String {
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
func xmlName(_ s: String) -> String {
    var out = ""
    for u in s.uppercased().unicodeScalars {
        let ok = (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "_"
        out.unicodeScalars.append(ok ? u : "_")
    }
    if out.isEmpty || out.unicodeScalars.first!.properties.numericType != nil { out = "_" + out }
    return out
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
