import DXCueImport
import DXCueStore
import DXTimecode

/// Cues back to editorial as markers: a Resolve "Timeline Markers" EDL and an Avid
/// Media Composer marker list. Both carry the cue number, character, line and reason in
/// the marker text the way dx-cues imports it, so an export reads back to the same cues.
/// Colours follow status: red to record, yellow recorded, green approved, (omitted cues
/// are left out).
public enum MarkerExports {
    static func noteText(_ c: CueRecord) -> String {
        var s = "\(c.character.uppercased()): \(c.line)"
        if let r = c.reasonText ?? c.reasonCode?.rawValue { s += " R=\(r)" }
        return clean(s)
    }

    /// Marker text stays on one line and free of the list's own separators.
    static func clean(_ s: String) -> String {
        String(s.map { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "|" ? " " : $0 })
    }

    static func resolveColor(_ c: CueRecord) -> String {
        switch c.status {
        case .approved: return "ResolveColorGreen"
        case .recorded: return "ResolveColorYellow"
        default: return "ResolveColorRed"
        }
    }

    static func avidColor(_ c: CueRecord) -> String {
        switch c.status {
        case .approved: return "green"
        case .recorded: return "yellow"
        default: return "red"
        }
    }

    /// CMX 3600 events with identical source and record times, one per cue, each followed
    /// by `note |C:colour |M:cue number |D:duration in frames`.
    public static func resolveEDL(_ cues: [CueRecord], title: String, rate: FrameRate) -> String {
        var out = "TITLE: \(clean(title))\r\nFCM: \(rate.isDropFrame ? "DROP FRAME" : "NON-DROP FRAME")\r\n\r\n"
        var n = 0
        for c in cues where c.status != .omitted {
            n += 1
            var num = String(n)
            while num.count < 3 { num = "0" + num }
            let a = c.tcIn.description, b = (c.tcIn + 1).description
            out += "\(num)  001      V     C        \(a) \(b) \(a) \(b)  \r\n"
            out += "\(noteText(c)) |C:\(resolveColor(c)) |M:\(clean(c.number)) |D:\(max(1, c.durationFrames))\r\n\r\n"
        }
        return out
    }

    /// Tab-separated `user, timecode, track, colour, comment, duration` lines.
    public static func avidMarkers(_ cues: [CueRecord], user: String = "dx-cues", track: String = "V1") -> String {
        var out = ""
        for c in cues where c.status != .omitted {
            out += "\(clean(user))\t\(c.tcIn.description)\t\(track)\t\(avidColor(c))\t\(noteText(c)) $QN=\(clean(c.number).replacingAll(" ", with: "_"))\t\(max(1, c.durationFrames))\n"
        }
        return out
    }
}
