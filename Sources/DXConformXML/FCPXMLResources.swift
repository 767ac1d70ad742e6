import DXTimecode
import DXXML

/// The `<resources>` of an FCPXML document: formats (frame rates), assets (media
/// files), effects and media (compound clips, multicams), by id.
struct FCPXMLResources {
    struct Asset {
        var id: String
        var name: String?
        /// `src`, or the original-media `media-rep`'s `src` (FCPXML 1.9+).
        var src: String?
        var formatID: String?
        var hasVideo: Bool
        var hasAudio: Bool
        var metadata: [String: String]
        var element: XMLElement
    }

    private(set) var formats: [String: XMLElement] = [:]
    private(set) var assets: [String: Asset] = [:]
    private(set) var effects: [String: XMLElement] = [:]
    private(set) var media: [String: XMLElement] = [:]

    init(_ tree: XMLTree) {
        for res in tree.elements(named: "resources") {
            for e in res.children {
                guard let id = e.attribute("id") else { continue }
                switch e.name {
                case "format": if formats[id] == nil { formats[id] = e }
                case "effect": if effects[id] == nil { effects[id] = e }
                case "media": if media[id] == nil { media[id] = e }
                case "asset":
                    if assets[id] == nil { assets[id] = Self.asset(e, id: id) }
                default: break
                }
            }
        }
    }

    private static func asset(_ e: XMLElement, id: String) -> Asset {
        var src = e.attribute("src")?.nonEmptyTrimmed
        if src == nil {
            let reps = Array(e.children("media-rep"))
            let original = reps.first { $0.attribute("kind") == "original-media" } ?? reps.first
            src = original?.attribute("src")?.nonEmptyTrimmed
        }
        // An asset with neither flag is older FCPXML; assume both so nothing is lost.
        let v = e.attribute("hasVideo"), a = e.attribute("hasAudio")
        return Asset(id: id, name: e.attribute("name"), src: src, formatID: e.attribute("format"),
                     hasVideo: v == nil && a == nil ? true : v == "1",
                     hasAudio: v == nil && a == nil ? true : a == "1",
                     metadata: FCPXMLResources.metadata(e), element: e)
    }

    /// `<metadata><md key= value=>` pairs of an element.
    static func metadata(_ e: XMLElement) -> [String: String] {
        guard let meta = e.child("metadata") else { return [:] }
        var out: [String: String] = [:]
        for md in meta.children("md") {
            if let k = md.attribute("key"), let v = md.attribute("value")?.nonEmptyTrimmed { out[k] = v }
        }
        return out
    }

    /// A format's frame rate (from `frameDuration`); nil for formats without one
    /// (audio-only, "FFVideoFormatRateUndefined").
    func rate(ofFormat id: String?) -> FrameRate? {
        guard let id, let f = formats[id], let fd = f.attribute("frameDuration").flatMap(FCPXMLTime.init(parsing:)) else { return nil }
        return fd.asFrameRate
    }

    func formatDescription(_ id: String?) -> String {
        guard let id, let f = formats[id] else { return "no format" }
        var s = "format \(id)"
        if let n = f.attribute("name") { s += " \(n)" }
        if let fd = f.attribute("frameDuration") { s += ", frameDuration \(fd)" }
        return s
    }
}
