import DXAlign
import DXEditModel
import DXTimecode

/// How results are printed: one JSON object (the bench contract of ../shared/bench/README.md
/// plus extra fields, "schema": 1), or a few lines of text.
struct Report {
    var rate: FrameRate
    var guideTimeReference: UInt64?

    func timecode(_ offsetSamples: Int64, sampleRate: Int) -> String {
        let position = Int64(guideTimeReference ?? 0) + offsetSamples
        return Timecode(samplePosition: position, sampleRate: sampleRate, rate: rate).wrappedToDay.description
    }

    static func number(_ x: Double, digits: Int = 6) -> String {
        guard x.isFinite else { return "null" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (x * scale).rounded() / scale
        return r == 0 ? "0" : String(r)
    }

    func json(_ r: AlignmentResult, take: String, guide: String, extra: (inout JSONWriter) -> Void = { _ in }) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("schema", 1)
        w.field("take", take)
        w.field("guide", guide)
        w.key("offset_seconds")
        if let s = r.offsetSeconds { w.number(Self.number(s, digits: 7)) } else { w.null() }
        w.field("offset_samples", r.offsetSamples)
        w.field("sample_rate", r.guideSampleRate)
        w.field("timecode", r.offsetSamples.map { timecode($0, sampleRate: r.guideSampleRate) })
        w.field("fps", rate.description)
        w.key("guide_time_reference")
        if let t = guideTimeReference { w.number(String(t)) } else { w.null() }
        w.key("confidence"); w.number(Self.number(r.confidence, digits: 4))
        w.field("match", r.match)
        w.field("ambiguous", r.ambiguous)
        w.key("candidates")
        w.beginArray()
        for c in r.candidates {
            w.beginObject()
            w.key("offset_seconds"); w.number(Self.number(c.offsetSeconds, digits: 7))
            w.field("offset_samples", c.offsetSamples)
            w.field("timecode", timecode(c.offsetSamples, sampleRate: r.guideSampleRate))
            w.key("confidence"); w.number(Self.number(c.confidence, digits: 4))
            w.field("channel", c.channel + 1)
            w.endObject()
        }
        w.endArray()
        w.field("channel", r.channel.map { $0 + 1 })
        w.field("polarity_inverted", r.polarityInverted)
        w.field("method", r.method?.rawValue)
        w.key("tempo_ratio")
        if let t = r.tempoRatio, r.match { w.number(Self.number(t, digits: 4)) } else { w.null() }
        w.key("take_region_seconds")
        w.beginArray()
        w.number(Self.number(r.takeRegion.lowerBound, digits: 3))
        w.number(Self.number(r.takeRegion.upperBound, digits: 3))
        w.endArray()
        if let g = r.bestGuess {
            w.key("rejected_best")
            w.beginObject()
            w.key("offset_seconds"); w.number(Self.number(g.offsetSeconds, digits: 7))
            w.key("confidence"); w.number(Self.number(g.confidence, digits: 4))
            w.field("channel", g.channel + 1)
            w.endObject()
        }
        extra(&w)
        w.endObject()
        return w.output
    }

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
