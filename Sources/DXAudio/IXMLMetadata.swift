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
    /// The document as read (nil for metadata made from scratch).
    public var rawXML: String?

    public init(project: String? = nil, scene: String? = nil, take: String? = nil, tape: String? = nil,
                note: String? = nil, circled: Bool? = nil, tracks: [IXMLTrack] = [], rawXML: String? = nil) {
        self.project = project
        self.scene = scene
        self.take = take
        self.tape = tape
        self.note = note
        self.circled = circled
        self.tracks = tracks
        self.rawXML = rawXML
    }

    /// The name of the track in interleave position `channel` (1-based), if listed.
    public func trackName(interleaveIndex channel: Int) -> String? {
        tracks.first { $0.interleaveIndex == channel }?.name
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
            tree = try XMLTree.parse(bytes, fileName: path + " (iXML chunk)", recover: false)
        } catch {
            warnings.append("\(error.description); the iXML chunk is ignored")
            return nil
        }
        let raw = String(decoding: bytes, as: UTF8.self)
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
    /// else a fresh document. Padded with spaces to a multiple of 4 bytes so
    /// libsndfile's chunk padding adds no NULs.
    func chunkBytes() -> [UInt8] {
        var root = XMLOutNode(name: "BWFXML")
        if let raw = rawXML, let tree = try? XMLTree.parse(Array(raw.utf8), fileName: "iXML", recover: false) {
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
