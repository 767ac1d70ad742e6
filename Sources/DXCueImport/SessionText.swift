import DXEditModel

/// A Pro Tools "Export Session Info as Text" file, as written: header fields, tracks with
/// their clip rows (the track EDLs), and markers. Times stay text here; ``ExportClock``
/// gives them meaning. Every line is either understood, skipped as a listing dxkit does
/// not need (files, clips, plug-ins), or reported in `warnings`.
public struct SessionText: Sendable {
    public struct Track: Sendable {
        public var name: String
        public var comments: String
        public var line: Int
        public var clips: [Clip] = []
    }

    public struct Clip: Sendable {
        public var channel: Int
        public var event: Int
        public var name: String
        public var start: String
        public var end: String
        public var duration: String
        public var timestamp: String?
        public var state: String
        public var line: Int
        public var isMuted: Bool { state.lowercased().hasPrefix("muted") }
    }

    public struct Marker: Sendable {
        public var number: Int
        public var location: String
        public var timeReference: Int64?
        public var units: String
        public var name: String
        public var trackName: String?
        public var trackType: String?
        public var comments: String
        public var line: Int
        /// PT 2023.12 track markers belong to one track; ruler markers to the session.
        public var isTrackMarker: Bool { trackType?.lowercased() == "track" }
    }

    public var file: String
    public var header: [(key: String, value: String)] = []
    public var tracks: [Track] = []
    public var markers: [Marker] = []
    /// Section headings in the order met (spaces removed), e.g. "TRACKLISTING".
    public var sections: [String] = []
    public var encoding: TextEncodingGuess = .utf8
    public var warnings: [Diagnostic] = []

    public func headerValue(_ key: String) -> String? { header.first { $0.key == key }?.value }
    public var sessionName: String { headerValue("SESSION NAME") ?? "" }

    /// Whether the bytes look like a session text export (its first field).
    public static func looksLike(_ text: String) -> Bool {
        for line in ExportText.lines(String(text.prefix(400))) where !line.isBlank {
            return line.hasPrefix("SESSION NAME:")
        }
        return false
    }

    public init(bytes: [UInt8], file: String) throws {
        self.file = file
        let (text, enc) = ExportText.decode(bytes)
        encoding = enc
        let lines = ExportText.lines(text).map(String.init)
        guard lines.first(where: { !$0.isBlank })?.hasPrefix("SESSION NAME:") == true else {
            throw ConformListError(.badData, Diagnostic(.error,
                "not a Pro Tools session text export: expected 'SESSION NAME:' on the first line", file: file, line: 1))
        }
        if enc == .macRoman {
            warnings.append(Diagnostic(.warning, "not UTF-8: read as Mac Roman (Pro Tools 'TextEdit' export)", file: file))
        }
        var p = Cursor(lines: lines)
        readHeader(&p)
        while let (index, line) = p.peek() {
            if line.isBlank { p.advance(); continue }
            guard let heading = SessionText.heading(line) else {
                warn(index, "line outside any section ignored: '\(line.prefix(60))'")
                p.advance()
                continue
            }
            p.advance()
            sections.append(heading)
            switch heading {
            case "TRACKLISTING": readTracks(&p)
            case "MARKERSLISTING": readMarkers(&p)
            case "FILESINSESSION", "ONLINEFILESINSESSION", "OFFLINEFILESINSESSION",
                 "ONLINECLIPSINSESSION", "OFFLINECLIPSINSESSION", "PLUG-INSLISTING":
                skipSection(&p)
            default:
                let first = index + 1
                let last = skipSection(&p)
                warn(index, "unrecognized section '\(line.trimmedSpaces)' skipped (lines \(first)–\(max(first, last)))")
            }
        }
    }

    private mutating func warn(_ index: Int, _ message: String) {
        warnings.append(Diagnostic(.warning, message, file: file, line: index + 1))
    }

    /// "T R A C K  L I S T I N G" → "TRACKLISTING"; nil for any other line.
    static func heading(_ line: String) -> String? {
        // Fast reject: a heading starts with a capital letter and a space.
        var u8 = line.utf8.makeIterator()
        guard let b0 = u8.next(), b0 >= 0x41, b0 <= 0x5A, u8.next() == 0x20 else {
            if line.utf8.first == 0x20 || line.utf8.first == 0x09 { return heading(line.trimmedSpaces) }
            return nil
        }
        let t = line.trimmedSpaces
        let u = Array(t.unicodeScalars)
        guard u.count >= 5, u[1] == " " else { return nil }
        var prevSpace = true
        var out = ""
        for c in u {
            if c == " " { prevSpace = true; continue }
            guard (c >= "A" && c <= "Z") || c == "-", prevSpace else { return nil }
            prevSpace = false
            out.unicodeScalars.append(c)
        }
        return out
    }

    private mutating func readHeader(_ p: inout Cursor) {
        while let (_, line) = p.peek() {
            if line.isBlank || SessionText.heading(line) != nil { break }
            if let colon = line.firstIndex(of: ":") {
                let key = String(line[..<colon]).trimmedSpaces
                let value = String(line[line.index(after: colon)...]).trimmedSpaces
                header.append((key, value))
            }
            p.advance()
        }
    }

    @discardableResult
    private mutating func skipSection(_ p: inout Cursor) -> Int {
        var last = p.index
        while let (i, line) = p.peek(), SessionText.heading(line) == nil {
            if !line.isBlank { last = i + 1 }
            p.advance()
        }
        return last
    }

    // MARK: tracks

    private mutating func readTracks(_ p: inout Cursor) {
        var current: Track?
        var timestampColumn = false
        func finish(_ t: inout Track?, into tracks: inout [Track]) {
            if let done = t { tracks.append(done) }
            t = nil
        }
        while let (index, line) = p.peek(), SessionText.heading(line) == nil {
            if line.hasPrefix("TRACK NAME:") {
                finish(&current, into: &tracks)
                var name = String(line.dropFirst("TRACK NAME:".count))
                p.advance()
                // A name holding newlines continues until COMMENTS:.
                while let (_, next) = p.peek(), !next.hasPrefix("COMMENTS:"), SessionText.heading(next) == nil,
                      !next.hasPrefix("TRACK NAME:") {
                    name += "\n" + next
                    p.advance()
                }
                var comments = ""
                if let (_, c) = p.peek(), c.hasPrefix("COMMENTS:") {
                    comments = String(c.dropFirst("COMMENTS:".count))
                    p.advance()
                    while let (_, next) = p.peek(), !next.hasPrefix("USER DELAY:"), !next.hasPrefix("CHANNEL "),
                          !next.hasPrefix("TRACK NAME:"), SessionText.heading(next) == nil {
                        comments += "\n" + next
                        p.advance()
                    }
                }
                current = Track(name: name.trimmedSpaces, comments: comments.trimmedSpaces, line: index + 1)
                continue
            }
            if line.hasPrefix("USER DELAY:") || line.hasPrefix("STATE:") || line.hasPrefix("PLUG-INS:") {
                p.advance()
                continue
            }
            if line.hasPrefix("CHANNEL ") {
                timestampColumn = line.contains("TIMESTAMP")
                p.advance()
                continue
            }
            if line.isBlank { p.advance(); continue }
            guard SessionText.isClipRowStart(line) else {
                warn(index, "track listing line not understood, ignored: '\(line.prefix(60))'")
                p.advance()
                continue
            }
            // A clip row; a clip name holding newlines continues on the next lines.
            var row = line
            p.advance()
            while let (_, next) = p.peek(), !next.isBlank, !SessionText.isClipRowStart(next),
                  !next.hasPrefix("TRACK NAME:"), SessionText.heading(next) == nil,
                  SessionText.fields(row).count < (timestampColumn ? 8 : 7) {
                row += "\n" + next
                p.advance()
            }
            let f = SessionText.fields(row)
            let trailing = timestampColumn ? 5 : 4
            guard f.count >= 3 + trailing, let ch = Int(f[0].trimmedSpaces), let ev = Int(f[1].trimmedSpaces) else {
                warn(index, "clip row has \(f.count) fields, expected \(3 + trailing): ignored")
                continue
            }
            guard current != nil else {
                warn(index, "clip row before any TRACK NAME: ignored")
                continue
            }
            let k = f.count - trailing
            let clip = Clip(channel: ch, event: ev,
                            name: f[2..<k].joined(separator: "\t").trimmedSpaces,
                            start: f[k].trimmedSpaces, end: f[k + 1].trimmedSpaces, duration: f[k + 2].trimmedSpaces,
                            timestamp: timestampColumn ? f[k + 3].trimmedSpaces : nil,
                            state: f[f.count - 1].trimmedSpaces, line: index + 1)
            current!.clips.append(clip)
        }
        finish(&current, into: &tracks)
    }

    /// `CHANNEL<tab>EVENT<tab>` digits at the start of a line.
    static func isClipRowStart(_ line: String) -> Bool {
        // Bytes: a tab is always a character of its own, so this is the split on "\t".
        var line = line
        return line.withUTF8 { u in
            guard let t1 = u.firstIndex(of: 0x09), let t2 = u[(t1 + 1)...].firstIndex(of: 0x09) else { return false }
            return isNumber(u[..<t1]) && isNumber(u[(t1 + 1)..<t2])
        }
    }

    /// Digits with spaces around them (bytes of one tab-separated field).
    static func isNumber(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var digits = 0
        var seenDigits = false, after = false
        for b in field {
            if b == 0x20 {
                if seenDigits { after = true }
                continue
            }
            guard b >= 0x30, b <= 0x39, !after else { return false }
            seenDigits = true
            digits += 1
        }
        return digits > 0
    }

    static func isNumber(_ s: Substring) -> Bool {
        let t = s.trimmedSpaces
        return !t.isEmpty && t.unicodeScalars.allSatisfy { $0 >= "0" && $0 <= "9" }
    }

    static func fields(_ s: String) -> [String] {
        var s = s
        return s.withUTF8 { u in
            var out: [String] = []
            var start = 0
            for i in 0..<u.count where u[i] == 0x09 {
                out.append(String(decoding: UnsafeBufferPointer(rebasing: u[start..<i]), as: UTF8.self))
                start = i + 1
            }
            out.append(String(decoding: UnsafeBufferPointer(rebasing: u[start...]), as: UTF8.self))
            return out
        }
    }

    // MARK: markers

    /// Width Pro Tools pads a marker name (and track name) column to.
    static let markerNameWidth = 33

    private mutating func readMarkers(_ p: inout Cursor) {
        var withTrackColumns = false
        while let (index, line) = p.peek(), SessionText.heading(line) == nil {
            if line.hasPrefix("#") {
                withTrackColumns = line.contains("TRACK TYPE")
                p.advance()
                continue
            }
            if line.isBlank { p.advance(); continue }
            guard SessionText.isMarkerRowStart(line) else {
                warn(index, "marker listing line not understood, ignored: '\(line.prefix(60))'")
                p.advance()
                continue
            }
            var row = line
            var commentTail: [String] = []
            p.advance()
            while let (_, next) = p.peek(), !next.isBlank, !SessionText.isMarkerRowStart(next),
                  SessionText.heading(next) == nil {
                let f = SessionText.fields(next)
                if f.count >= 5, f.dropLast().allSatisfy({ $0.isBlank }) {
                    // A comment continued on a line of empty columns.
                    commentTail.append(f.last!.trimmedSpaces)
                } else {
                    row += "\n" + next
                }
                p.advance()
            }
            let f = SessionText.fields(row)
            guard f.count >= 5, let number = Int(f[0].trimmedSpaces) else {
                warn(index, "marker row has \(f.count) fields, expected at least 5: ignored")
                continue
            }
            var rest = Array(f[4...])
            // The name ends at the field padded with spaces, or once it fills its column.
            var nameParts: [String] = []
            while !rest.isEmpty {
                let part = rest.removeFirst()
                nameParts.append(part)
                let joined = nameParts.joined(separator: "\t")
                if part.hasSuffix(" ") || joined.unicodeScalars.count >= SessionText.markerNameWidth { break }
            }
            var trackName: String?
            var trackType: String?
            if withTrackColumns {
                trackName = rest.isEmpty ? nil : rest.removeFirst().trimmedSpaces
                trackType = rest.isEmpty ? nil : rest.removeFirst().trimmedSpaces
            }
            var comments = rest.joined(separator: "\t").trimmedSpaces
            for tail in commentTail { comments += "\n" + tail }
            let refText = f[2].trimmedSpaces
            markers.append(Marker(number: number, location: f[1].trimmedSpaces, timeReference: Int64(refText),
                                  units: f[3].trimmedSpaces, name: nameParts.joined(separator: "\t").trimmedSpaces,
                                  trackName: trackName, trackType: trackType, comments: comments, line: index + 1))
        }
    }

    /// `#<tab>LOCATION<tab>` with a number first.
    static func isMarkerRowStart(_ line: String) -> Bool {
        let f = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
        return f.count == 2 && isNumber(f[0])
    }
}

/// Walks lines by index.
struct Cursor {
    let lines: [String]
    var index = 0
    func peek() -> (Int, String)? { index < lines.count ? (index, lines[index]) : nil }
    mutating func advance() { index += 1 }
}
