import DXConformMedia
import DXEditModel
import DXTimecode

/// The readable reports of `match` and `render`.
enum MatchTable {
    static func eventLabel(_ m: EventMatch) -> String { m.event.number.map(String.init) ?? "#\(m.eventIndex + 1)" }

    static func render(_ t: Timeline, _ matches: [EventMatch]) -> String {
        var rows: [[String]] = [["EVENT", "TRACKS", "REEL", "SOURCE IN", "RECORD IN", "STATUS", "FILE", "SC/TK", "CHANNELS", "WHY"]]
        for m in matches {
            rows.append([
                eventLabel(m), m.event.tracks.map(\.description).joined(separator: ","), m.event.source.reel ?? "",
                Timecode(frames: m.event.sourceRange.start, rate: m.event.sourceRate).description,
                Timecode(frames: m.event.record.start, rate: t.rate).description, m.status.rawValue,
                m.file?.fileName ?? "", m.file?.sceneTake ?? "", channels(m.channels, m.file), m.reasonText,
            ])
        }
        var out = table(rows)
        out += "\n" + summary(matches) + "\n"
        out += problems(matches)
        return out
    }

    static func summary(_ matches: [EventMatch]) -> String {
        let c = { (s: EventMatch.Status) in matches.filter { $0.status == s }.count }
        return "\(matches.count) audio event\(matches.count == 1 ? "" : "s"): \(c(.matched)) matched, \(c(.unmatched)) unmatched, "
            + "\(c(.ambiguous)) ambiguous, \(c(.channelMissing)) missing a channel"
            + (matches.contains { $0.speedChange } ? "; \(matches.filter { $0.speedChange }.count) with a speed change" : "")
    }

    static func problems(_ matches: [EventMatch]) -> String {
        let bad = matches.filter { $0.status != .matched }
        guard !bad.isEmpty else { return "" }
        var out = "\nnot matched:\n"
        for m in bad { out += "  event \(eventLabel(m)) (\(m.event.tracks.map(\.description).joined(separator: ","))): \(m.status.rawValue): \(m.reasonText)\n" }
        return out
    }

    static func renderPlacements(_ t: Timeline, _ placements: [Placement], _ matches: [EventMatch], rendered: Int, directory: String) -> String {
        var rows: [[String]] = [["EVENT", "RECORD IN", "OUTPUT", "FROM", "CHANNELS", "HEAD", "TAIL", "NOTES"]]
        for p in placements {
            func secs(_ s: Int64) -> String { trimmedDecimal(Double(s) / Double(p.file.sampleRate), maxFraction: 2) + "s" }
            rows.append([
                eventLabel(p.match), Timecode(frames: p.match.event.record.start, rate: t.rate).description,
                p.status == .render ? p.outputName : "(not rendered)", p.file.fileName, channels(p.channels, p.file),
                secs(p.head), secs(p.tail), p.notes.joined(separator: "; "),
            ])
        }
        var out = table(rows)
        let clipped = placements.filter { $0.status == .render && ($0.headClipped || $0.tailClipped) }.count
        out += "\nrendered \(rendered) file\(rendered == 1 ? "" : "s") to \(directory)/ (\(clipped) with a handle cut short by the source file); "
            + "placed.csv, placed.json, placed.edl list them\n"
        out += summary(matches) + "\n"
        out += problems(matches)
        return out
    }

    static func channels(_ ch: [Int], _ f: MediaRecord?) -> String {
        guard let f else { return "" }
        if ch == Array(0..<f.channels) { return "all \(f.channels)" }
        return ch.map { c in c < f.trackNames.count && !f.trackNames[c].isEmpty ? f.trackNames[c] : String(c + 1) }.joined(separator: ",")
    }

    static func table(_ rows: [[String]]) -> String { TextTable.render(rows, maxColumnWidth: 36) }
}
