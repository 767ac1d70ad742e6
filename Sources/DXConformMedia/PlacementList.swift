import DXEDL
import DXEditModel
import DXTimecode

/// What a render placed, as CSV, JSON ("schema": 1) and an EDL whose sources are the
/// rendered files (each file's timecode is its record time, so source = record).
public enum PlacementList {
    public static let csvColumns = [
        "event", "tracks", "status", "output", "source_file", "scene", "take", "tape", "channels", "record_in", "record_out",
        "time_reference", "source_offset", "frames", "head_samples", "tail_samples", "handle_samples", "reason", "notes",
    ]

    public static func csv(_ t: Timeline, _ placements: [Placement], outputDirectory: String) -> String {
        var out = csvColumns.joined(separator: ",") + "\r\n"
        for p in placements {
            let e = p.match.event
            let fields: [String] = [
                e.number.map(String.init) ?? "#\(p.match.eventIndex + 1)", e.tracks.map(\.description).joined(separator: " "),
                p.status.rawValue, p.status == .render ? p.outputName : "", p.file.path, p.file.scene ?? "", p.file.take ?? "",
                p.file.tape ?? "", channelNames(p), tc(e.record.start, t), tc(e.record.end, t), String(p.timeReference),
                String(p.fileOffset), String(p.frames), String(p.head), String(p.tail), String(p.handleWanted),
                p.match.reasonText, p.notes.joined(separator: "; "),
            ]
            out += fields.map(quote).joined(separator: ",") + "\r\n"
        }
        return out
    }

    public static func json(_ t: Timeline, _ placements: [Placement], matches: [EventMatch], outputDirectory: String) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.field("schema", 1)
        w.field("list", t.source.path)
        w.field("rate", t.rate.description)
        w.field("output_directory", outputDirectory)
        w.key("placed"); w.beginArray()
        for p in placements {
            let e = p.match.event
            w.beginObject()
            w.field("event", e.number)
            w.field("edit", p.match.eventIndex)
            w.key("tracks"); w.beginArray(); for tr in e.tracks { w.value(tr.description) }; w.endArray()
            w.field("status", p.status.rawValue)
            w.field("output", p.status == .render ? p.outputName : nil)
            w.field("source_file", p.file.path)
            w.field("scene", p.file.scene)
            w.field("take", p.file.take)
            w.field("tape", p.file.tape)
            w.key("channels"); w.beginArray(); for c in p.channels { w.value(c + 1) }; w.endArray()
            w.key("channel_names"); w.beginArray()
            for c in p.channels { w.value(c < p.file.trackNames.count ? p.file.trackNames[c] : nil) }
            w.endArray()
            w.field("record_in", tc(e.record.start, t))
            w.field("record_out", tc(e.record.end, t))
            w.field("sample_rate", p.file.sampleRate)
            w.field("time_reference", p.timeReference)
            w.field("source_offset", p.fileOffset)
            w.field("frames", p.frames)
            w.field("head_samples", p.head)
            w.field("tail_samples", p.tail)
            w.field("handle_samples", p.handleWanted)
            w.field("head_clipped", p.headClipped)
            w.field("tail_clipped", p.tailClipped)
            w.key("reasons"); w.beginArray(); for r in p.match.reasons { w.value(r) }; w.endArray()
            w.key("notes"); w.beginArray(); for n in p.notes { w.value(n) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("not_placed"); w.beginArray()
        for m in matches where m.status != .matched {
            writeUnplaced(m, t, to: &w)
        }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    static func writeUnplaced(_ m: EventMatch, _ t: Timeline, to w: inout JSONWriter) {
        w.beginObject()
        w.field("event", m.event.number)
        w.field("edit", m.eventIndex)
        w.key("tracks"); w.beginArray(); for tr in m.event.tracks { w.value(tr.description) }; w.endArray()
        w.field("status", m.status.rawValue)
        w.field("reel", m.event.source.reel)
        w.field("clip_name", m.event.source.clipName)
        w.field("source_in", Timecode(frames: m.event.sourceRange.start, rate: m.event.sourceRate).description)
        w.field("source_out", Timecode(frames: m.event.sourceRange.end, rate: m.event.sourceRate).description)
        w.field("record_in", tc(m.event.record.start, t))
        w.key("candidates"); w.beginArray(); for c in m.candidates { w.value(c.path) }; w.endArray()
        w.key("reasons"); w.beginArray(); for r in m.reasons { w.value(r) }; w.endArray()
        w.endObject()
    }

    /// An EDL of the rendered files: each event plays its file from its own timecode.
    public static func edl(_ t: Timeline, _ placements: [Placement], outputDirectory: String) -> String {
        var out = Timeline(title: (t.title ?? "CONFORM") + " RENDERED", rate: t.rate)
        for p in placements where p.status == .render {
            var e = p.match.event
            let stem = String(p.outputName.dropLast(4))
            e.source = SourceRef(reel: stem, clipName: e.source.clipName ?? p.file.sceneTake,
                                 file: outputDirectory.hasSuffix("/") ? outputDirectory + p.outputName : outputDirectory + "/" + p.outputName)
            e.sourceRange = e.record
            e.sourceRate = t.rate.withDropFrame(e.sourceRate.isDropFrame && t.rate.supportsDropFrame)
            e.speed = nil
            e.transition = .cut
            e.markers = []
            e.comments = ["DXKIT PLACED FROM \(p.file.path)"] + p.notes.map { "DXKIT NOTE: \($0)" }
            out.events.append(e)
        }
        return EDLWriter().write(out)
    }

    static func channelNames(_ p: Placement) -> String {
        p.channels.map { c in
            c < p.file.trackNames.count && !p.file.trackNames[c].isEmpty ? "\(c + 1):\(p.file.trackNames[c])" : String(c + 1)
        }.joined(separator: " ")
    }

    static func tc(_ f: Int64, _ t: Timeline) -> String { Timecode(frames: f, rate: t.rate).description }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
