import DXEditModel
import DXTimecode

/// The human-readable event table of `dx-conform list`.
enum EventTable {
    /// "CMX 3600 EDL (File32 columns)", "xmeml 5", "fcpxml 1.10".
    static func formatText(_ s: ListSource) -> String {
        switch s.format {
        case .cmx3600: return "CMX 3600 EDL" + (s.dialect.map { " (\($0) columns)" } ?? "")
        default: return s.dialect ?? s.format.rawValue
        }
    }

    /// "24 fps", "29.97 fps DF".
    static func rateText(_ r: FrameRate) -> String {
        let d = r.description
        if d.hasSuffix(" DF") || d.hasSuffix(" NDF") {
            let parts = d.split(separator: " ")
            return "\(parts[0]) fps \(parts[1])"
        }
        return d + " fps"
    }

    static func render(_ t: Timeline) -> String {
        var out = ""
        let name = t.source.path ?? "<input>"
        out += "\(name): \(t.title.map { "\"\($0)\"" } ?? "(untitled)"), \(EventTable.formatText(t.source))"
        out += ", \(EventTable.rateText(t.rate)), \(t.events.count) event\(t.events.count == 1 ? "" : "s")\n"
        var rows: [[String]] = [["EVENT", "TRACK", "REEL", "SOURCE IN", "SOURCE OUT", "RECORD IN", "RECORD OUT", "TRANS", "CLIP / NOTES"]]
        for e in t.events {
            let recRate = t.source.format == .cmx3600 ? e.sourceRate : t.rate
            var notes: [String] = []
            if let c = e.source.clipName { notes.append(c) }
            if let r = e.source.role { notes.append("role \(r)") }
            if let s = e.speed {
                let percent = trimmedDecimal(s.percent(of: t.rate), maxFraction: 1) + "%"
                notes.append("speed " + (s.fps.map { "\($0) fps (\(percent))" } ?? percent))
            }
            if let f = e.transition.from { notes.append("from \(f.reel ?? f.clipName ?? "?")") }
            if !e.enabled { notes.append("disabled") }
            notes.append(contentsOf: e.flags.names)
            var trans = e.transition.code
            if e.transition.kind != .cut { trans += " \(e.transition.frames)" }
            rows.append([
                e.number.map(String.init) ?? "-",
                e.tracks.isEmpty ? "NONE" : e.tracks.map(\.description).joined(separator: ","),
                e.source.reel ?? "",
                Timecode(frames: e.sourceRange.start, rate: e.sourceRate).description,
                Timecode(frames: e.sourceRange.end, rate: e.sourceRate).description,
                Timecode(frames: e.record.start, rate: recRate).description,
                Timecode(frames: e.record.end, rate: recRate).description,
                trans,
                notes.joined(separator: "; "),
            ])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for r in rows { for (i, c) in r.enumerated() where i < r.count - 1 { widths[i] = min(max(widths[i], c.count), 32) } }
        for r in rows {
            var line = ""
            for (i, c) in r.enumerated() {
                if i == r.count - 1 { line += c } else {
                    line += c + String(repeating: " ", count: max(1, widths[i] - c.count + 2))
                }
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}

/// CSV rows of `dx-conform list --csv`: one row per event and track, RFC 4180 quoting.
enum CSVTable {
    static let columns = ["file", "event", "track", "reel", "clip_name", "source_in", "source_out", "record_in",
                          "record_out", "transition", "transition_frames", "speed_fps", "source_file", "flags"]

    static func render(_ t: Timeline, header: Bool) -> String {
        var out = header ? columns.joined(separator: ",") + "\r\n" : ""
        for e in t.events {
            let recRate = t.source.format == .cmx3600 ? e.sourceRate : t.rate
            for track in e.tracks.isEmpty ? ["NONE"] : e.tracks.map(\.description) {
                let fields: [String] = [
                    t.source.path ?? "", e.number.map(String.init) ?? "", track, e.source.reel ?? "",
                    e.source.clipName ?? "",
                    Timecode(frames: e.sourceRange.start, rate: e.sourceRate).description,
                    Timecode(frames: e.sourceRange.end, rate: e.sourceRate).description,
                    Timecode(frames: e.record.start, rate: recRate).description,
                    Timecode(frames: e.record.end, rate: recRate).description,
                    e.transition.kind.rawValue, String(e.transition.frames),
                    e.speed?.fps?.description ?? "", e.source.file ?? "",
                    e.flags.names.joined(separator: " "),
                ]
                out += fields.map(quote).joined(separator: ",") + "\r\n"
            }
        }
        return out
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
