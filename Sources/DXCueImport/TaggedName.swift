/// A Pro Tools name (clip, track, marker, session) split into its text and its tags,
/// following ptulsconv's tag grammar:
///
/// - an optional mode mark first: `@` (a range whose tags apply to clips below it that
///   start inside it) or `&` (appended to the previous clip);
/// - the text: words up to the first word that starts with `[`, `{` or `$`;
/// - then tags: `$KEY=word`, `{KEY=any text}`, `[KEY]` (a flag whose value is KEY);
///   a later tag with the same key wins.
///
/// It also keeps the second grammar ADR tools use in clip and track names (Cue Pro,
/// EdiCue): `{free text}` (a comment, or an actor in a track name) and `[free text]`
/// (a reason, or a character prefix in a track name) — brackets whose content is not a
/// ptulsconv tag. Anything else after the tags is kept in `strayWords` so the caller can
/// warn instead of dropping it silently.
public struct TaggedName: Sendable, Equatable {
    public enum Mode: String, Sendable { case normal, timespan, append }

    public var mode: Mode = .normal
    /// The text before the first tag, spaces at both ends removed; nil when there is none.
    public var text: String?
    /// Tags in the order written (a repeated key keeps its last value).
    public var tags: [(key: String, value: String)] = []
    /// `{…}` content that is not `KEY=value`.
    public var braceTexts: [String] = []
    /// `[…]` content that is not a single key.
    public var bracketTexts: [String] = []
    /// Words after the tags that belong to no tag (ptulsconv ignores them).
    public var strayWords: [String] = []
    /// Brackets or braces left open, or `$` without `KEY=value`.
    public var malformed: [String] = []

    public static func == (a: TaggedName, b: TaggedName) -> Bool {
        a.mode == b.mode && a.text == b.text && a.tags.map(\.key) == b.tags.map(\.key)
            && a.tags.map(\.value) == b.tags.map(\.value) && a.braceTexts == b.braceTexts
            && a.bracketTexts == b.bracketTexts && a.strayWords == b.strayWords && a.malformed == b.malformed
    }

    /// Tags as a dictionary (later wins).
    public var tagDictionary: [String: String] {
        var d: [String: String] = [:]
        for t in tags { d[t.key] = t.value }
        return d
    }

    public init(parsing name: String) {
        // Bytes of UTF-8: every delimiter is ASCII, so slices between them are whole characters.
        let s = Array(name.utf8)
        var i = 0
        let n = s.count
        func text(_ r: Range<Int>) -> String { String(decoding: s[r], as: UTF8.self) }
        func skipSpaces() { while i < n, s[i] == 0x20 { i += 1 } }
        if i < n, s[i] == 0x40 || s[i] == 0x26 {
            mode = s[i] == 0x40 ? .timespan : .append
            i += 1
            skipSpaces()
        } else {
            skipSpaces()
        }
        // The text: words separated by spaces, none starting with a tag opener.
        let textStart = i
        var textEnd = i
        while i < n, !TaggedName.isTagOpener(s[i]) {
            while i < n, s[i] != 0x20 { i += 1 }
            textEnd = i
            skipSpaces()
        }
        if textEnd > textStart {
            self.text = text(textStart..<textEnd)
        }
        // The tags.
        while i < n {
            skipSpaces()
            guard i < n else { break }
            let c = s[i]
            if c == 0x5B {
                if let close = s[(i + 1)...].firstIndex(of: 0x5D) {
                    let inner = text((i + 1)..<close)
                    if TaggedName.isKey(inner) {
                        setTag(inner, inner)
                    } else {
                        bracketTexts.append(inner.trimmedSpaces)
                    }
                    i = close + 1
                    continue
                }
                malformed.append(text(i..<n))
                break
            }
            if c == 0x7B {
                if let close = s[(i + 1)...].firstIndex(of: 0x7D) {
                    let inner = text((i + 1)..<close)
                    if let eq = inner.firstIndex(of: "="), TaggedName.isKey(String(inner[..<eq])),
                       inner.index(after: eq) != inner.endIndex {
                        setTag(String(inner[..<eq]), String(inner[inner.index(after: eq)...]))
                    } else {
                        braceTexts.append(inner.trimmedSpaces)
                    }
                    i = close + 1
                    continue
                }
                malformed.append(text(i..<n))
                break
            }
            // A word: `$KEY=value` or a stray word.
            let start = i
            while i < n, s[i] != 0x20 { i += 1 }
            let word = text(start..<i)
            if c == 0x24 {
                let body = word.dropFirst()
                if let eq = body.firstIndex(of: "="), TaggedName.isKey(String(body[..<eq])) {
                    let value = body[body.index(after: eq)...]
                    if let v = value.unicodeScalars.first, !TaggedName.isTagOpener(v) {
                        setTag(String(body[..<eq]), String(value))
                        continue
                    }
                }
                malformed.append(word)
            } else {
                strayWords.append(word)
            }
        }
    }

    private mutating func setTag(_ key: String, _ value: String) {
        if let k = tags.firstIndex(where: { $0.key == key }) { tags.remove(at: k) }
        tags.append((key, value))
    }

    static func isTagOpener(_ c: Unicode.Scalar) -> Bool { c == "[" || c == "{" || c == "$" }
    static func isTagOpener(_ b: UInt8) -> Bool { b == 0x5B || b == 0x7B || b == 0x24 }

    /// `[A-Za-z][A-Za-z0-9_]*`
    static func isKey(_ s: String) -> Bool {
        var first = true
        for c in s.unicodeScalars {
            let letter = (c >= "A" && c <= "Z") || (c >= "a" && c <= "z")
            let digit = c >= "0" && c <= "9"
            if first { guard letter else { return false } } else { guard letter || digit || c == "_" else { return false } }
            first = false
        }
        return !first
    }
}

extension StringProtocol {
    /// Only spaces and tabs (or nothing).
    public var isBlank: Bool { utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }

    /// Spaces and tabs removed from both ends.
    public var trimmedSpaces: String {
        let whole = String(self)
        if let f = whole.utf8.first, let l = whole.utf8.last, f != 0x20, f != 0x09, l != 0x20, l != 0x09 { return whole }
        // Spaces and tabs are ASCII: trim bytes, unless a non-ASCII byte borders a trimmed
        // space (a combining mark may belong to it: then trim by characters, below).
        let u = Array(whole.utf8)
        var a = 0, b = u.count
        while a < b, u[a] == 0x20 || u[a] == 0x09 { a += 1 }
        while b > a, u[b - 1] == 0x20 || u[b - 1] == 0x09 { b -= 1 }
        if (a == 0 || a == u.count || u[a] < 0x80) && (b == u.count || b == 0 || u[b - 1] < 0x80) {
            return String(decoding: u[a..<b], as: UTF8.self)
        }
        var s = Substring(whole)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
