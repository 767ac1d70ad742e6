import DXEditModel
import DXTimecode

/// Editor marker lists → cues: Avid Media Composer's Markers window export and
/// DaVinci Resolve's "Timeline Markers to EDL". Neither states a frame rate, so the
/// caller gives one. A marker without a cue number (`$QN=` in its text, or the Resolve
/// marker name) is numbered from its character: the first two letters + 101, 102…
enum MarkerCueBuilder {
    static func cue(note: MarkerNote, number explicit: String?, start: Int64, duration: Int64, rate: FrameRate,
                    place: SourcePlace, counters: inout [String: Int]) -> SpottedCue {
        let character = note.tags["Char"] ?? note.character ?? "Unknown"
        var number = note.tags["QN"] ?? explicit
        if number == nil || number!.isEmpty {
            let letters = character.uppercased().filter { $0.isLetter }
            let prefix = String(letters.prefix(2)).isEmpty ? "Q" : String(letters.prefix(2))
            let n = (counters[prefix] ?? 100) + 1
            counters[prefix] = n
            number = prefix + String(n)
        }
        var cue = SpottedCue(number: number!, character: character, start: start, finish: start + max(duration, 1),
                             rate: rate, line: note.tags["Line"] ?? note.line, place: place)
        cue.actor = note.tags["Actor"]
        cue.reel = note.tags["Reel"]
        cue.reasonText = note.tags["R"] ?? note.reason
        cue.reasonCode = cue.reasonText.flatMap(ReasonCode.classify) ?? note.kindCode
        cue.note = note.tags["Note"]
        cue.flags = note.flags
        if note.tags["TBW"] != nil { cue.flags.insert(.tbw) }
        if note.tags["OPT"] != nil { cue.flags.insert(.optional) }
        cue.characterPrefix = ProToolsCueReader.cuePrefix(number!)
        cue.tags = note.tags
        return cue
    }

    static func checkDuplicates(_ result: CueImport) throws {
        var seen: [String: SourcePlace] = [:]
        var errors: [Diagnostic] = []
        for c in result.cues {
            if let first = seen[c.number] {
                errors.append(Diagnostic(.error, "cue number \(c.number) is used twice: here and at \(first)", file: c.place.file, line: c.place.line))
            } else {
                seen[c.number] = c.place
            }
        }
        if !errors.isEmpty { throw CueImportError(errors.map(\.description).joined(separator: "\n"), diagnostics: errors) }
    }
}

public enum AvidMarkerListReader {
    /// Whether the text looks like an Avid marker list: tab-separated rows with a timecode second.
    public static func looksLike(_ text: String) -> Bool {
        for line in ExportText.lines(String(text.prefix(2000))) where !line.trimmedSpaces.isEmpty {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            return f.count >= 5 && (try? SMPTELabel(parsing: String(f[1]))) != nil
        }
        return false
    }

    public static func read(bytes: [UInt8], file: String, rate: FrameRate) throws -> CueImport {
        let (text, _) = ExportText.decode(bytes)
        var result = CueImport(file: file, format: "avid-markers")
        result.project.rate = rate
        var counters: [String: Int] = [:]
        for (i, raw) in ExportText.lines(text).enumerated() {
            let line = String(raw)
            if line.trimmedSpaces.isEmpty { continue }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 5 else {
                result.warnings.append(Diagnostic(.warning, "expected user, timecode, track, colour, comment[, duration] separated by tabs: line ignored", file: file, line: i + 1))
                continue
            }
            let tc: Timecode
            do { tc = try Timecode(parsing: f[1], rate: rate) } catch {
                result.warnings.append(Diagnostic(.warning, "\(error): line ignored", file: file, line: i + 1))
                continue
            }
            let place = SourcePlace(file: file, line: i + 1)
            let duration = f.count >= 6 ? try Checked.duration(f[5], rate: rate, place: place) ?? 1 : 1
            let note = MarkerNote(f[4])
            var cue = MarkerCueBuilder.cue(note: note, number: nil, start: tc.frames, duration: duration, rate: rate,
                                           place: place, counters: &counters)
            cue.track = f[2].trimmedSpaces
            result.cues.append(cue)
        }
        try MarkerCueBuilder.checkDuplicates(result)
        return result
    }
}

public enum ResolveMarkerEDLReader {
    /// A CMX-style list whose notes carry `|M:` (marker name) or `|C:ResolveColor`.
    public static func looksLike(_ text: String) -> Bool {
        text.prefix(4000).contains("|C:") || text.prefix(4000).contains("|M:")
    }

    public static func read(bytes: [UInt8], file: String, rate: FrameRate) throws -> CueImport {
        let (text, _) = ExportText.decode(bytes)
        var result = CueImport(file: file, format: "resolve-marker-edl")
        result.project.rate = rate
        var counters: [String: Int] = [:]
        let lines = ExportText.lines(text).map(String.init)
        var pending: (start: Int64, line: Int)?
        for (i, line) in lines.enumerated() {
            let t = line.trimmedSpaces
            if t.isEmpty { continue }
            if t.hasPrefix("TITLE:") {
                let title = String(t.dropFirst(6)).trimmedSpaces
                if !title.isEmpty { result.project.title = title }
                continue
            }
            if t.hasPrefix("FCM:") {
                if t.uppercased().contains("DROP") && !t.uppercased().contains("NON") && !rate.isDropFrame && rate.supportsDropFrame {
                    result.warnings.append(Diagnostic(.warning, "list says drop frame but the rate given is \(rate)", file: file, line: i + 1))
                }
                continue
            }
            let words = t.split(separator: " ", omittingEmptySubsequences: true)
            if let first = words.first, first.allSatisfy(\.isNumber), words.count >= 8 {
                if let p = pending {
                    result.warnings.append(Diagnostic(.warning, "event without a marker note ignored", file: file, line: p.line))
                }
                do {
                    let recIn = try Timecode(parsing: String(words[words.count - 2]), rate: rate)
                    pending = (recIn.frames, i + 1)
                } catch {
                    result.warnings.append(Diagnostic(.warning, "\(error): event ignored", file: file, line: i + 1))
                    pending = nil
                }
                continue
            }
            guard t.contains("|C:") || t.contains("|M:") || t.contains("|D:") else {
                result.warnings.append(Diagnostic(.warning, "line not understood, ignored: '\(t.prefix(60))'", file: file, line: i + 1))
                continue
            }
            guard let p = pending else {
                result.warnings.append(Diagnostic(.warning, "marker note without an event line ignored", file: file, line: i + 1))
                continue
            }
            pending = nil
            // note |C:colour |M:name |D:frames
            let parts = t.components(separatedBy: "|")
            let noteText = parts[0].trimmedSpaces
            var name: String?
            var duration: Int64 = 1
            for part in parts.dropFirst() {
                let x = part.trimmedSpaces
                if x.hasPrefix("M:") { name = String(x.dropFirst(2)).trimmedSpaces }
                if x.hasPrefix("D:") {
                    duration = try Checked.duration(x.dropFirst(2), rate: rate, place: SourcePlace(file: file, line: p.line)) ?? 1
                }
            }
            var note = MarkerNote(noteText)
            if noteText.isEmpty, let name { note.line = name }
            let cue = MarkerCueBuilder.cue(note: note, number: name, start: p.start, duration: duration, rate: rate,
                                           place: SourcePlace(file: file, line: p.line), counters: &counters)
            result.cues.append(cue)
        }
        if let p = pending {
            result.warnings.append(Diagnostic(.warning, "event without a marker note ignored", file: file, line: p.line))
        }
        try MarkerCueBuilder.checkDuplicates(result)
        return result
    }
}

extension String {
    func components(separatedBy c: Character) -> [String] {
        split(separator: c, omittingEmptySubsequences: false).map(String.init)
    }

    func range(of needle: String) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
