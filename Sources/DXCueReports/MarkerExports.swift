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
        var out = ByteText(capacity: 128)
        addNote(c, to: &out)
        return out.string
    }

    static func addNote(_ c: CueRecord, to out: inout ByteText) {
        addClean(c.character.uppercased(), to: &out)
        out.add(": " as StaticString)
        addClean(c.line, to: &out)
        if let r = c.reasonText ?? c.reasonCode?.rawValue {
            out.add(" R=" as StaticString)
            addClean(r, to: &out)
        }
    }

    /// Marker text stays on one line and free of the list's own separators.
    static func clean(_ s: String) -> String {
        var out = ByteText(capacity: s.utf8.count)
        addClean(s, to: &out)
        return out.string
    }

    /// `s` with line ends, tabs and bars as spaces (and, with `underscores`, spaces as `_`).
    static func addClean(_ s: String, underscores: Bool = false, to out: inout ByteText) {
        var s = s
        s.withUTF8 { u in
            for b in u {
                switch b {
                case 0x0A, 0x0D, 0x09, 0x7C: out.add(byte: underscores ? 0x5F : 0x20)
                case 0x20 where underscores: out.add(byte: 0x5F)
                default: out.add(byte: b)
                }
            }
        }
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
        resolveEDLBytes(cues, title: title, rate: rate).string
    }

    static func resolveEDLBytes(_ cues: [CueRecord], title: String, rate: FrameRate) -> ByteText {
        var out = ByteText(capacity: 200 * cues.count + 100)
        out.add("TITLE: " as StaticString)
        addClean(title, to: &out)
        out.add(rate.isDropFrame ? "\r\nFCM: DROP FRAME\r\n\r\n" as StaticString : "\r\nFCM: NON-DROP FRAME\r\n\r\n")
        var n = 0
        for c in cues where c.status != .omitted {
            n += 1
            if n < 100 { out.add(n < 10 ? "00" as StaticString : "0") }
            out.add(n)
            let a = c.tcIn.description, b = (c.tcIn + 1).description
            out.add("  001      V     C        " as StaticString)
            out.add(a); out.add(byte: 0x20); out.add(b); out.add(byte: 0x20); out.add(a); out.add(byte: 0x20); out.add(b)
            out.add("  \r\n" as StaticString)
            addNote(c, to: &out)
            out.add(" |C:" as StaticString); out.add(resolveColor(c))
            out.add(" |M:" as StaticString); addClean(c.number, to: &out)
            out.add(" |D:" as StaticString); out.add(Int(max(1, c.durationFrames)))
            out.add("\r\n\r\n" as StaticString)
        }
        return out
    }

    /// Tab-separated `user, timecode, track, colour, comment, duration` lines.
    public static func avidMarkers(_ cues: [CueRecord], user: String = "dx-cues", track: String = "V1") -> String {
        avidMarkersBytes(cues, user: user, track: track).string
    }

    static func avidMarkersBytes(_ cues: [CueRecord], user: String = "dx-cues", track: String = "V1") -> ByteText {
        var out = ByteText(capacity: 120 * cues.count + 100)
        var prefix = ByteText(capacity: 32)
        addClean(user, to: &prefix)
        prefix.add(byte: 0x09)
        for c in cues where c.status != .omitted {
            out.bytes.append(contentsOf: prefix.bytes)
            out.add(c.tcIn.description)
            out.add(byte: 0x09); out.add(track); out.add(byte: 0x09); out.add(avidColor(c)); out.add(byte: 0x09)
            addNote(c, to: &out)
            out.add(" $QN=" as StaticString)
            addClean(c.number, underscores: true, to: &out)
            out.add(byte: 0x09)
            out.add(Int(max(1, c.durationFrames)))
            out.add(byte: 0x0A)
        }
        return out
    }

    /// Both marker exports as files: (file name, bytes).
    public static func files(_ cues: [CueRecord], title: String, rate: FrameRate) -> [(name: String, bytes: [UInt8])] {
        [("markers-resolve.edl", resolveEDLBytes(cues, title: title, rate: rate).bytes), ("markers-avid.txt", avidMarkersBytes(cues).bytes)]
    }
}
