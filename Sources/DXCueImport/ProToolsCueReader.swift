import DXEditModel
import DXTimecode

/// Pro Tools session text → spotted cues.
///
/// A clip is a cue when its tags (after precedence) carry `QN`, ptulsconv's cue number;
/// tags map to fields as ptulsconv documents them: `Char` (default: the track name),
/// `CN`, `Actor`, `Reel`, `Ver`, `Sc`, `Line` (default: the clip text), `R`, `P`,
/// `Note`, `Rq`, `Mins`, `Shot`, and the flags `TV`, `OPT`, `EFF`, `ADLIB`, `TBW`,
/// `OMIT` (plus `OFF` for off-screen).
///
/// Tracks named in the Cue Pro / EdiCue way, `Character[PFX]{Actor}`, make every clip on
/// them a cue even without `QN`: numbered PFX101, PFX102… in time order, with the clip
/// grammar `text {comment} [reason]`.
///
/// Refused as a whole: a cue number used twice (the error names both places).
public enum ProToolsCueReader {
    public static func read(bytes: [UInt8], file: String) throws -> CueImport {
        let session = try SessionText(bytes: bytes, file: file)
        var compiler = try SessionTagCompiler(session: session)
        let events = try compiler.compile()
        var result = CueImport(file: file, format: "protools-text")
        result.warnings = session.warnings + compiler.warnings
        if !compiler.mutedSkipped.isEmpty {
            let lines = compiler.mutedSkipped.prefix(8).map(String.init).joined(separator: ", ")
            result.warnings.append(Diagnostic(.warning,
                "\(compiler.mutedSkipped.count) muted clip(s) not imported (lines \(lines)\(compiler.mutedSkipped.count > 8 ? ", …" : ""))",
                file: file, line: compiler.mutedSkipped[0]))
        }
        let rate = compiler.clock.rate
        result.project.rate = rate

        // Cue Pro / EdiCue track names: Character[PFX]{Actor}.
        var styled: [Int: (name: String, prefix: String, actor: String?)] = [:]
        for (i, t) in session.tracks.enumerated() {
            if let s = cueProTrack(t.name) { styled[i] = s }
        }
        var autoCounters: [Int: Int] = [:]
        var firstPlace: [String: SourcePlace] = [:]
        var duplicates: [Diagnostic] = []
        var reasonCodes: [String: ReasonCode?] = [:]

        for e in events {
            var tags = e.tags
            let place = SourcePlace(file: file, line: e.line)
            var number = tags["QN"]
            let style = styled[e.trackIndex]
            if number == nil, let style {
                let n = (autoCounters[e.trackIndex] ?? 100) + 1
                autoCounters[e.trackIndex] = n
                number = style.prefix + String(n)
                tags["QN"] = number
            }
            guard let number, !number.isEmpty else {
                result.otherEvents += 1
                continue
            }
            if result.project.title == nil {
                result.project.title = tags["Title"] ?? (e.sessionName.isEmpty ? nil : e.sessionName)
                result.project.client = tags["Client"]
                result.project.supervisor = tags["Supv"]
                result.project.spotting = tags["Spot"]
            }
            if let first = firstPlace[number] {
                duplicates.append(Diagnostic(.error, "cue number \(number) is used twice: here and at \(first)", file: file, line: e.line))
                continue
            }
            firstPlace[number] = place
            let character = tags["Char"] ?? style?.name ?? e.trackName
            var cue = SpottedCue(number: number, character: character, start: e.start, finish: e.finish, rate: rate,
                                 line: tags["Line"] ?? e.text, place: place)
            applyTags(tags, to: &cue, line: e, style: style, character: character, file: file, reasonCodes: &reasonCodes,
                      warnings: &result.warnings)
            cue.tags = tags
            cue.track = e.trackName
            result.cues.append(cue)
        }
        if !duplicates.isEmpty {
            throw CueImportError(duplicates.map(\.description).joined(separator: "\n"), diagnostics: duplicates)
        }
        return result
    }

    /// The cue's fields from its tags (over the track's Cue Pro style): character number and
    /// prefix, actor, reel, version, scene, reason (classified once per text), priority, notes,
    /// flags, status and time budget. A tag that does not parse is kept in the tags only, with
    /// a warning.
    private static func applyTags(_ tags: [String: String], to cue: inout SpottedCue, line e: TaggedEvent,
                                  style: (name: String, prefix: String, actor: String?)?, character: String, file: String,
                                  reasonCodes: inout [String: ReasonCode?], warnings: inout [Diagnostic]) {
        cue.characterNumber = tags["CN"]
        cue.characterPrefix = style?.prefix ?? cuePrefix(cue.number)
        cue.actor = tags["Actor"] ?? style?.actor
        cue.reel = tags["Reel"]
        cue.pictureVersion = tags["Ver"]
        cue.scene = tags["Sc"]
        let reason = tags["R"] ?? (e.reasons.isEmpty ? nil : e.reasons.joined(separator: "; "))
        cue.reasonText = reason
        if let reason {
            if let known = reasonCodes[reason] { cue.reasonCode = known } else {
                let code = ReasonCode.classify(reason)
                reasonCodes[reason] = code
                cue.reasonCode = code
            }
        }
        if cue.reasonCode == nil, character.lowercased().hasPrefix("group") || (cue.characterNumber?.hasSuffix("g") ?? false) {
            cue.reasonCode = .group
        }
        if let p = tags["P"] {
            if let v = Int(p.trimmedSpaces) { cue.priority = v } else {
                warnings.append(Diagnostic(.warning, "priority '\(p)' is not a number: kept in the tags only", file: file, line: e.line))
            }
        }
        var notes: [String] = []
        if let n = tags["Note"] { notes.append(n) }
        notes += e.comments
        if let rq = tags["Rq"] { notes.append("requested by \(rq)") }
        cue.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        if tags["TV"] != nil { cue.flags.insert(.tv) }
        if tags["OPT"] != nil { cue.flags.insert(.optional) }
        if tags["EFF"] != nil { cue.flags.insert(.effort) }
        if tags["ADLIB"] != nil { cue.flags.insert(.adlib) }
        if tags["TBW"] != nil { cue.flags.insert(.tbw) }
        if tags["OFF"] != nil || tags["OS"] != nil { cue.flags.insert(.offScreen) }
        if tags["OMIT"] != nil { cue.status = .omitted } else if tags["Shot"] != nil { cue.status = .recorded }
        if let m = tags["Mins"] {
            if let s = minutesToSeconds(m) { cue.budgetSeconds = s } else {
                warnings.append(Diagnostic(.warning, "Mins '\(m)' is not a number of minutes: no time budget", file: file, line: e.line))
            }
        }
    }

    /// "Robin[RH]{Errol Flynn}" → ("Robin", "RH", "Errol Flynn"); nil unless a prefix is given.
    static func cueProTrack(_ name: String) -> (name: String, prefix: String, actor: String?)? {
        guard let open = name.firstIndex(of: "["), let close = name[open...].firstIndex(of: "]") else { return nil }
        let prefix = String(name[name.index(after: open)..<close]).trimmedSpaces
        guard !prefix.isEmpty, !prefix.contains("="), !prefix.contains(" ") else { return nil }
        // A ptulsconv flag such as [ADR] in a track name is not a prefix: prefixes are short.
        guard prefix.count <= 3 else { return nil }
        let character = String(name[..<open]).trimmedSpaces
        guard !character.isEmpty else { return nil }
        var actor: String?
        if let ob = name[close...].firstIndex(of: "{"), let cb = name[ob...].firstIndex(of: "}") {
            let a = String(name[name.index(after: ob)..<cb]).trimmedSpaces
            if !a.contains("=") && !a.isEmpty { actor = a }
        }
        return (character, prefix, actor)
    }

    /// Leading letters of a cue number: "SY101" → "SY".
    static func cuePrefix(_ number: String) -> String? {
        let p = String(number.prefix { $0.isLetter })
        return p.isEmpty ? nil : p
    }

    /// "5" → 300, "1.5" → 90, "0.25" → 15 (rounded to whole seconds); nil for text that
    /// is not minutes, or minutes beyond Int seconds.
    public static func minutesToSeconds(_ text: String) -> Int? {
        let t = text.trimmedSpaces
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0].isEmpty ? "0" : parts[0]), whole >= 0 else { return nil }
        var millis = 0
        if parts.count == 2 {
            var d = String(parts[1].prefix(3))
            guard d.allSatisfy(\.isNumber) else { return nil }
            while d.count < 3 { d += "0" }
            millis = Int(d) ?? 0
        }
        // A number of minutes too large for Int seconds is not a budget (nil, not a trap).
        let (seconds, overflow) = whole.multipliedReportingOverflow(by: 60)
        guard !overflow, seconds <= Int.max - 60 else { return nil }
        return seconds + (millis * 60 + 500) / 1000
    }
}
