import DXEditModel
import DXTimecode
import DXXML

/// Markers and chapter markers, placed at record time on the edit under them.
extension FCPXMLStoryWalker {
    mutating func collectMarkers(_ e: XMLElement, map: FCPXMLAffine, window: Span, into placed: [Int]) {
        for m in e.children where m.name == "marker" || m.name == "chapter-marker" {
            guard let s = time(m, "start") else { continue }
            let at = map(s)
            guard !(at < window.lower), at < window.upper else {
                diagnostics.warn(m.line, "marker '\(m.attribute("value") ?? "")' lies outside the part of its clip in use; left out",
                                 foldKey: "occluded marker")
                continue
            }
            let color: String
            if m.name == "chapter-marker" {
                color = "ORANGE"
            } else {
                switch m.attribute("completed") {
                case "0": color = "RED"
                case "1": color = "GREEN"
                default: color = "BLUE"
                }
            }
            let marker = FCPXMLMarker(at: at, duration: map.scale * (time(m, "duration") ?? .zero), color: color,
                                      name: m.attribute("value") ?? "", note: m.attribute("note")?.nonEmptyTrimmed)
            // On the edit under it; else the element's first edit; else the timeline.
            let under = placed.first { !(at < components[$0].recordStart) && at < components[$0].recordEnd }
            if let i = under ?? placed.first {
                components[i].markers.append(marker)
            } else {
                looseMarkers.append(marker)
            }
        }
    }
}
