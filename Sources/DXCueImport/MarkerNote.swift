/// The text of an editor's marker as ADR spotters write it, in Avid locators and Resolve
/// markers: `[ADR|ADD|GROUP|TV|EFF] CHARACTER[ (OS)][:] line [R=reason]`, optionally with
/// ptulsconv tags (`$QN=JM101`, `{Actor=…}`, `[TBW]`).
///
/// The character is the text before a `:` (when short), else the first word when it is
/// written in capitals ("ADR JIM Get in the car"). A leading kind word sets a reason code
/// or flag: ADD → ADD, GROUP → GROUP (character "Group" unless one is named), TV → TV cover,
/// EFF → effort.
struct MarkerNote {
    var character: String?
    var line: String
    var reason: String?
    var flags: CueFlags = []
    var kindCode: ReasonCode?
    var tags: [String: String] = [:]

    init(_ raw: String) {
        var text = raw.trimmedSpaces
        let tagged = TaggedName(parsing: text)
        if !tagged.tags.isEmpty {
            tags = tagged.tagDictionary
            text = tagged.text ?? ""
        }
        // R=reason at the end.
        if let r = text.range(of: " R=") ?? (text.hasPrefix("R=") ? text.range(of: "R=") : nil) {
            reason = String(text[r.upperBound...]).trimmedSpaces
            text = String(text[..<r.lowerBound]).trimmedSpaces
        }
        // Work on the text itself so the line keeps its own spacing.
        func firstWord(_ t: String) -> (String, String) {
            guard let sp = t.firstIndex(of: " ") else { return (t, "") }
            return (String(t[..<sp]), String(t[sp...]).trimmedSpaces)
        }
        var rest = text
        let (first, afterFirst) = firstWord(rest)
        if !first.isEmpty {
            let kind = first.hasSuffix(":") ? String(first.dropLast()) : first
            var known = true
            switch kind.uppercased() {
            case "ADR": break
            case "ADD": kindCode = .add
            case "GROUP", "WALLA", "LOOP":
                kindCode = .group
                if first.hasSuffix(":") { character = "Group" }
            case "TV": flags.insert(.tv)
            case "EFF", "EFFORT": flags.insert(.effort)
            default: known = false
            }
            if known { rest = afterFirst }
        }
        if character == nil {
            if let colon = rest.firstIndex(of: ":"), rest.distance(from: rest.startIndex, to: colon) <= 40,
               !rest[..<colon].contains(where: { $0.isNumber }) {
                character = String(rest[..<colon]).trimmedSpaces
                rest = String(rest[rest.index(after: colon)...]).trimmedSpaces
            } else {
                let (w, after) = firstWord(rest)
                if w.count >= 2, w.allSatisfy({ $0.isUppercase || $0 == "-" || $0 == "'" }) {
                    character = w
                    rest = after
                    // "(OS)" right after the name.
                    if rest.hasPrefix("(OS)") { flags.insert(.offScreen); rest = String(rest.dropFirst(4)).trimmedSpaces }
                }
            }
        }
        if let c = character, c.hasSuffix("(OS)") {
            flags.insert(.offScreen)
            character = String(c.dropLast(4)).trimmedSpaces
        }
        if character == nil, kindCode == .group { character = "Group" }
        line = rest
    }
}
