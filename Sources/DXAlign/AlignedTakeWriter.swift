import DXAudio

/// Writes an aligned take as a new BWF, spot-ready by timestamp: the take's own samples
/// (bit-exact, its own rate and depth), bext TimeReference = guide TimeReference + offset
/// (converted to the take's rate), the take's iXML kept with the alignment noted in a DXKIT
/// section, one coding-history line added. Written beside the target and renamed (DXAudio).
public enum AlignedTakeWriter {
    /// The TimeReference (take-rate samples since midnight) that places take sample 0 at
    /// guide sample `offsetSamples`; nil when that would be before timecode zero.
    public static func timeReference(guideTimeReference: UInt64, offsetSamples: Int64, guideRate: Int,
                                     takeRate: Int) -> UInt64? {
        let guideSamples = Int64(guideTimeReference) + offsetSamples
        guard guideSamples >= 0 else { return nil }
        if guideRate == takeRate { return UInt64(guideSamples) }
        // Exact rational conversion, rounded to the nearest take sample.
        let num = guideSamples.multipliedFullWidth(by: Int64(takeRate))
        let (q, r) = Int64(guideRate).dividingFullWidth((num.high, num.low))
        return UInt64(q + (2 * r >= Int64(guideRate) ? 1 : 0))
    }

    public static func write(take path: String, to output: String, timeReference: UInt64,
                             notes: [String: String]) throws {
        let reader = try AudioReader(path: path)
        let writer = try AudioWriter(path: output, like: reader) { format, metadata in
            var bext = metadata.bext ?? BroadcastExtension(description: "ADR take aligned by dx-align")
            bext.timeReference = timeReference
            bext = bext.appendingCodingHistory(BroadcastExtension.codingHistoryLine(for: format, tool: "dx-align"))
            metadata.bext = bext
            metadata.ixml = (metadata.ixml ?? IXMLMetadata()).noting("ALIGNMENT", notes)
            format.container = .wav
        }
        try writer.copy(from: reader, frames: reader.frameCount)
        try writer.finish()
    }
}
