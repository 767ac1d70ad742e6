import DXEditModel

/// One embedded essence and what became of it when it was written out as a WAV, and the
/// JSON schema of `dx-conform extract --json`: beside the essence type, through the one
/// JSON writer (DXEditModel's `JSONWriter`).
public struct ExtractedEssence: Sendable {
    public var essence: EmbeddedEssence
    /// The WAV written; nil when the essence was not extracted (the warnings say why).
    public var path: String?
    /// Bits per sample of the WAV written (8-bit essence is written as 16-bit).
    public var bits: Int?
    /// What the reader and the writer had to say about this essence, in words.
    public var warnings: [String]

    public init(essence: EmbeddedEssence, path: String?, bits: Int? = nil, warnings: [String]) {
        self.essence = essence
        self.path = path
        self.bits = bits
        self.warnings = warnings
    }

    /// An array with one object per essence: the file written (or null), the mob, the
    /// descriptor's and the stream's facts, and the warnings; ends with a newline.
    public static func json(_ outcomes: [ExtractedEssence]) -> String {
        var w = JSONWriter(pretty: true)
        w.beginArray()
        for o in outcomes { o.write(to: &w) }
        w.endArray()
        w.finishLine()
        return w.output
    }

    /// Frames, channels, times and bits are null for an essence that was not extracted
    /// (no format: what it holds is not known well enough to state).
    func write(to w: inout JSONWriter) {
        let e = essence
        w.beginObject()
        w.field("file", path)
        w.field("mob_id", e.mobID?.urn)
        w.field("mob_name", e.mobName)
        w.field("descriptor", e.descriptorClass)
        w.field("format", e.format?.rawValue)
        w.field("frames", path == nil ? nil : e.frames)
        w.field("stated_frames", e.statedFrames)
        w.field("stream_frames", e.format == nil ? nil : e.streamFrames)
        w.field("sample_rate", e.sampleRate?.description)
        w.field("channels", e.format == nil ? nil : e.channels)
        w.field("bits", bits)
        w.field("stored_bits", e.format == nil ? nil : e.bits)
        w.field("time_reference", path == nil ? nil : Int64(e.timeReference))
        w.field("time_reference_from", e.timeReferenceSource)
        w.key("warnings")
        w.beginArray()
        for s in warnings { w.value(s) }
        w.endArray()
        w.endObject()
    }
}
