import DXEditModel
import DXTimecode

/// An alignment as JSON: one object, "schema": 1 (the bench contract of
/// ../shared/bench/README.md plus extra fields; dx-align --json and each line of batch).
/// Beside `AlignmentResult`, so the schema changes with the type it writes, and through the
/// one JSON writer (DXEditModel's `JSONWriter`). Timecodes count from the guide's bext
/// TimeReference at `rate`.
public struct AlignmentReport: Sendable {
    public var rate: FrameRate
    public var guideTimeReference: UInt64?

    public init(rate: FrameRate, guideTimeReference: UInt64?) {
        self.rate = rate
        self.guideTimeReference = guideTimeReference
    }

    /// The guide timecode of an offset in guide samples (wrapped to a day).
    public func timecode(_ offsetSamples: Int64, sampleRate: Int) -> String {
        let position = Int64(guideTimeReference ?? 0) + offsetSamples
        return Timecode(samplePosition: position, sampleRate: sampleRate, rate: rate).wrappedToDay.description
    }

    /// `x` rounded to `digits` places, as JSON writes it ("null" when not finite).
    public static func number(_ x: Double, digits: Int = 6) -> String {
        guard x.isFinite else { return "null" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (x * scale).rounded() / scale
        return r == 0 ? "0" : String(r)
    }

    /// The row of a take that could not be aligned (batch NDJSON): no offset, no match,
    /// the error in words and the sysexits status it would have had alone.
    public static func failure(take: String, guide: String, error: String, exitStatus: Int) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("schema", 1)
        w.field("take", take)
        w.field("guide", guide)
        w.key("offset_seconds"); w.null()
        w.field("match", false)
        w.field("error", error)
        w.field("exit_status", exitStatus)
        w.endObject()
        return w.output
    }

    /// What `batch --write` did with a take: the file written, or why it was not.
    public struct Writing: Sendable, Equatable {
        public var written: String?
        public var notWritten: String?

        public init(written: String?, notWritten: String?) {
            self.written = written
            self.notWritten = notWritten
        }
    }

    /// One alignment; with `writing` (batch --write) it ends with "written" (the file or
    /// null) and, when nothing was written, "not_written" (why).
    public func json(_ r: AlignmentResult, take: String, guide: String, writing: Writing? = nil) -> String {
        json(r, take: take, guide: guide) { w in
            if let writing {
                w.field("written", writing.written)
                if let why = writing.notWritten { w.field("not_written", why) }
            }
        }
    }

    /// One alignment followed by the fields `extra` writes (a mode that reports more, such
    /// as a warp, adds its own object after the alignment's).
    public func json(
        _ r: AlignmentResult, take: String, guide: String, extra: (inout JSONWriter) -> Void
    ) -> String {
        var w = JSONWriter()
        w.beginObject()
        fields(r, take: take, guide: guide, into: &w)
        extra(&w)
        w.endObject()
        return w.output
    }

    private func fields(_ r: AlignmentResult, take: String, guide: String, into w: inout JSONWriter) {
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
    }
}
