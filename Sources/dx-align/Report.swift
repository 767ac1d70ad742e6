import DXAlign

/// An alignment as a few lines of text (the JSON document is DXAlign's AlignmentReport).
extension AlignmentReport {
    func text(_ r: AlignmentResult, take: String, guide: String) -> String {
        var s = "\(take) on \(guide)\n"
        guard r.match, let samples = r.offsetSamples, let seconds = r.offsetSeconds else {
            s += "  no match (confidence \(Self.number(r.confidence, digits: 2)))"
            if let g = r.bestGuess { s += "; best rejected place \(Self.number(g.offsetSeconds, digits: 3)) s" }
            return s + "\n"
        }
        s += "  offset     \(samples) samples at \(r.guideSampleRate) Hz = \(Self.number(seconds, digits: 6)) s"
        s += " = \(timecode(samples, sampleRate: r.guideSampleRate)) @ \(rate)"
        s += guideTimeReference == nil ? " (guide has no TimeReference: from 0)\n" : "\n"
        s += "  confidence \(Self.number(r.confidence, digits: 3))  match yes  method \(r.method?.rawValue ?? "-")"
        s += "  channel \((r.channel ?? 0) + 1)"
        if let p = r.polarityInverted { s += "  polarity \(p ? "inverted" : "normal")" }
        s += "\n"
        if r.ambiguous {
            s += "  AMBIGUOUS: the line fits \(r.candidates.count) places:\n"
            for c in r.candidates {
                s += "    \(Self.number(c.offsetSeconds, digits: 3)) s  \(timecode(c.offsetSamples, sampleRate: r.guideSampleRate))  confidence \(Self.number(c.confidence, digits: 3))  channel \(c.channel + 1)\n"
            }
        }
        return s
    }
}
