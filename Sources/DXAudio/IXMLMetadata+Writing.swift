import DXXML

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

/// The iXML blocks dxkit rewrites: the track list, its own notes, the bext mirrors.
extension XMLOutNode {
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

}
