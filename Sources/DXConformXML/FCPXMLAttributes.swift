import DXEditModel
import DXTimecode
import DXXML

/// Time, lane and rate-conform attributes of story elements.
extension FCPXMLStoryWalker {
    mutating func time(_ e: XMLElement, _ name: String) -> FCPXMLTime? {
        guard let text = e.attribute(name) else { return nil }
        guard let t = FCPXMLTime(parsing: text) else {
            diagnostics.warn(e.line, "<\(e.name)> \(name)=\"\(text)\" is not a time; ignored", foldKey: "bad time \(name)")
            return nil
        }
        return t
    }

    /// A lane number; absurd values are held to ±1000 so nested sums stay small.
    func lane(_ e: XMLElement) -> Int {
        let l = e.attribute("lane").flatMap { Int($0.trimmedXML) } ?? 0
        return min(max(l, -1000), 1000)
    }

    /// Record seconds per second of a rate-conformed clip's own time (`<conform-rate>`).
    ///
    /// Final Cut conforms by speed only between neighbouring rates (23.976, 24 and 25;
    /// 29.97 and 30; 59.94 and 60): 25 fps media in a 24 fps sequence plays each frame
    /// once, at 96 %. Between distant rates (23.976 media at 59.94) it samples frames at
    /// natural speed, whatever `scaleEnabled` says; `scaleEnabled="0"` always means so.
    mutating func conformFactor(_ e: XMLElement, sequenceRate: FrameRate) -> FCPXMLTime {
        guard let cr = e.child("conform-rate"), cr.attribute("scaleEnabled") != "0",
              let src = cr.attribute("srcFrameRate"), let r = try? FrameRate(parsing: src) else { return FCPXMLTime(1) }
        let ratio = FCPXMLTime(Int128(r.numerator) * Int128(sequenceRate.denominator),
                               Int128(r.denominator) * Int128(sequenceRate.numerator))
        guard FCPXMLTime(95, 100) < ratio, ratio < FCPXMLTime(105, 100) else { return FCPXMLTime(1) }
        return ratio
    }
}
