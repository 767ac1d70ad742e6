import DXEditModel
import DXTimecode
import Dispatch

/// Reads CMX 3600 EDLs — 3600, File32, File128 and unaligned dialects — into a ``Timeline``.
///
/// What the list says is kept as written: two-line transitions keep their outgoing
/// side, M2 speeds keep the source range, leaders and overlapping audio are flagged,
/// not fixed. Every line is accounted for: understood, kept as a comment, or reported.
public struct EDLReader {
    public struct Options: Sendable {
        /// The list's frame rate. When nil it is guessed from the list and the guess is
        /// reported as a warning; a frame field beyond a given rate is an error.
        public var rate: FrameRate?
        /// A display name for diagnostics (usually the path).
        public var fileName: String?
        /// Read long lists in two halves on two threads (same result, about half the time):
        /// both the line split and the parse.
        public var parallel: Bool

        public init(rate: FrameRate? = nil, fileName: String? = nil, parallel: Bool = true) {
            self.rate = rate
            self.fileName = fileName
            self.parallel = parallel
        }
    }

    public init() {}

    /// Reads an EDL from its bytes. Throws ``ConformListError`` (bad data) when the input
    /// is not an EDL or an event line cannot be read; warnings go in `source.diagnostics`.
    public func read(_ bytes: [UInt8], options: Options = Options()) throws -> Timeline {
        guard bytes.count <= TextLines.maximumBytes else {
            throw ConformListError(.badData, Diagnostic(
                .error, "\(bytes.count) bytes is too large for an EDL (at most \(TextLines.maximumBytes))",
                file: options.fileName))
        }
        let cleaned = TextLines.Cleaned(bytes)
        return try cleaned.bytes.withUnsafeBufferPointer { buffer in
            let lines = TextLines(buffer, paddingCount: cleaned.paddingCount, parallel: options.parallel)
            // The same storage the lines point into, kept by every event's origin.
            let source = SourceText(bytes: cleaned.bytes, isUTF8: lines.isUTF8)
            var parser = EDLParser(text: lines, source: source, options: options)
            return try parser.run()
        }
    }
}

/// One reading of one list; holds the state that changes line by line (FCM, current event).
struct EDLParser {
    let text: TextLines
    let options: Options
    typealias Options = EDLReader.Options

    var diagnostics: [Diagnostic] = []
    var title: String?
    var headerComments: [String] = []
    /// Events built so far (this half's, in a parallel read).
    var events = EventBuffer()
    var rate: FrameRate = .fps24 {
        didSet { clock = EDLClock(rate: rate, rateWasGiven: options.rate != nil, file: options.fileName) }
    }
    /// Frame counts at `rate`, worked out once per list rather than per event.
    var clock: EDLClock
    var rateBasis = ""
    /// The counting mode in force (FCM); nil until a statement or `;` says.
    var fcmDropFrame: Bool?
    /// The event being read; meaningful only while `groupOpen` (kept in place, not as an
    /// optional: wrapping and unwrapping it copied its few hundred bytes per line).
    var group = EventGroup(number: 0)
    var groupOpen = false
    var dialect: String?
    /// Reused token buffer.
    var scratch: [Range<Int>] = []

    /// The list's text, kept by every event's origin.
    let source: SourceText

    init(text: TextLines, source: SourceText, options: Options) {
        self.text = text
        self.source = source
        self.options = options
        clock = EDLClock(rate: .fps24, rateWasGiven: options.rate != nil, file: options.fileName)
    }

    var file: String? { options.fileName }

    mutating func warn(_ line: Int?, _ message: String, remedy: Remedy? = nil) {
        diagnostics.append(Diagnostic(.warning, message, file: file, line: line, remedy: remedy))
    }

    func failure(_ line: Int?, _ message: String) -> ConformListError {
        ConformListError(.badData, Diagnostic(.error, message, file: file, line: line))
    }

    mutating func run() throws -> Timeline {
        if text.nulCount > 0 {
            warn(nil, "ignored \(text.nulCount) padding byte\(text.nulCount == 1 ? "" : "s") (NUL or ^Z)")
        }
        try checkLooksLikeText()
        if text.lines.allSatisfy({ Bytes.trimmed($0.bytes).isEmpty }) {
            throw failure(nil, "empty file: expected a CMX 3600 EDL (TITLE, FCM and event lines)")
        }
        if let r = options.rate {
            rate = r
            rateBasis = "given: \(r)"
        } else {
            let guess = RateGuess(text: text, fileName: options.fileName)
            rate = guess.rate
            rateBasis = "guessed: \(guess.reason)"
            warn(nil, "no frame rate given; guessed \(guess.rate) fps (\(guess.reason))", remedy: .giveFrameRate)
        }
        var events = try readAllLines()
        if !text.lines.isEmpty, events.isEmpty, title == nil, fcmDropFrame == nil {
            throw failure(nil, "no TITLE, FCM or event lines found: not a CMX 3600 EDL")
        }
        EDLParser.flagOverlaps(&events)
        var tlRate = rate
        if rate.supportsDropFrame {
            tlRate = rate.withDropFrame(events.first?.sourceRate.isDropFrame ?? fcmDropFrame ?? rate.isDropFrame)
        }
        var recordStart: Int64?
        for i in events.indices {
            let start = events[i].record.start
            if recordStart.map({ start < $0 }) ?? true { recordStart = start }
        }
        return Timeline(title: title, rate: tlRate, recordStart: recordStart, events: events, markers: [],
                        comments: headerComments,
                        source: ListSource(path: options.fileName, format: .cmx3600, dialect: dialect,
                                           rateBasis: rateBasis, diagnostics: diagnostics))
    }

    /// Reads every line. Long lists are read in two halves at once, split at the start of
    /// an event, each half knowing the FCM in force where it starts; the result is the
    /// same as a single pass (same events, same order, same diagnostics).
    mutating func readAllLines() throws -> [Event] {
        let all = text.lines
        guard options.parallel, all.count >= 4000, let split = EDLParser.splitPoint(all) else {
            try read(all[...])
            return EventBuffer.drain(events)
        }
        var second = self
        second.diagnostics = []
        second.headerComments = []
        // The FCM in force at the split, from the first half's statements.
        for line in all[..<split] {
            let s = Bytes.trimmed(line.bytes)
            guard Bytes.hasPrefix(s, "FCM:"), let df = EDLParser.fcmDropFrame(s) else { continue }
            second.fcmDropFrame = df
        }
        second.title = "(second half)"  // TITLE lines after the first event are comments
        // Each half builds its events in its own part of the final array: an event line
        // makes at most one event, so a half has at most as many as its event lines.
        let firstRoom = EDLParser.eventLineCount(all[..<split])
        let secondRoom = EDLParser.eventLineCount(all[split...])
        var fallback: [Event]?
        let built = try [Event](unsafeUninitializedCapacity: max(1, firstRoom + secondRoom)) { slots, initialized in
            initialized = 0
            let base = slots.baseAddress!
            events = EventBuffer(lending: base, capacity: firstRoom)
            second.events = EventBuffer(lending: base + firstRoom, capacity: secondRoom)
            let halves = (events, second.events)
            // Each task writes only its own slot of a buffer allocated before they start.
            let results = UnsafeMutablePointer<Result<EDLParser, Error>?>.allocate(capacity: 2)
            results.initialize(repeating: nil, count: 2)
            defer {
                results.deinitialize(count: 2)
                results.deallocate()
            }
            nonisolated(unsafe) let out = results
            nonisolated(unsafe) let lines = all
            nonisolated(unsafe) let first = self
            nonisolated(unsafe) let other = second
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                var p = k == 0 ? first : other
                let part = k == 0 ? lines[..<split] : lines[split...]
                out[k] = Result { try p.read(part); return p }
            }
            let a: EDLParser, b: EDLParser
            do {
                a = try results[0]!.get()
                b = try results[1]!.get()
            } catch {
                // The events built so far are in the array's memory: destroy them here.
                halves.0.discard()
                halves.1.discard()
                throw error
            }
            self = a
            diagnostics.append(contentsOf: b.diagnostics)
            if dialect == nil { dialect = b.dialect }
            if fcmDropFrame == nil { fcmDropFrame = b.fcmDropFrame }
            events = EventBuffer()
            guard halves.0.isLent, halves.1.isLent else {
                // A half outgrew its room (it cannot, but never write past it).
                fallback = EventBuffer.drain(halves.0, halves.1)
                return
            }
            // Close the gap between the halves (a few events' worth, when lines of the
            // first half made no event).
            let n1 = halves.0.count, n2 = halves.1.count
            if n1 < firstRoom, n2 > 0 { (base + n1).moveInitialize(from: halves.1.start, count: n2) }
            halves.0.forgetMoved()
            halves.1.forgetMoved()
            initialized = n1 + n2
        }
        return fallback ?? built
    }

    /// Lines that start (after blanks) with a digit: the event lines, each making at most
    /// one event.
    static func eventLineCount(_ lines: ArraySlice<TextLines.Line>) -> Int {
        var n = 0
        for line in lines {
            let s = line.bytes
            var i = s.startIndex
            while i < s.endIndex, Bytes.isSpace(s[i]) { i += 1 }
            if i < s.endIndex, Bytes.isDigit(s[i]) { n += 1 }
        }
        return n
    }

    /// The counting mode an `FCM:` statement sets: true for DROP FRAME, false for
    /// NON-DROP FRAME, nil when the value is neither.
    static func fcmDropFrame(_ statement: ByteSlice) -> Bool? {
        let v = String(decoding: Bytes.trimmed(statement.dropFirst(4)), as: UTF8.self).uppercased()
        if v.hasPrefix("DROP") || v == "DF" { return true }
        if v.hasPrefix("NON") || v == "NDF" { return false }
        return nil
    }

    /// A line near the middle that starts a new event (its number differs from the
    /// previous event line's), or nil.
    static func splitPoint(_ lines: [TextLines.Line]) -> Int? {
        var previous: Int?
        for i in (lines.count / 2)..<lines.count {
            let s = Bytes.trimmed(lines[i].bytes)
            guard let f = s.first, Bytes.isDigit(f) else { continue }
            var n = 0
            var j = s.startIndex
            while j < s.endIndex, Bytes.isDigit(s[j]), n < 1_000_000_000 {
                n = n * 10 + Int(s[j] - 0x30)
                j += 1
            }
            if let p = previous, p != n { return i }
            if previous == nil {
                // The event line before the middle decides whether this one continues it.
                var k = i - 1
                while k >= 0 {
                    let t = Bytes.trimmed(lines[k].bytes)
                    if let g = t.first, Bytes.isDigit(g) { break }
                    k -= 1
                }
                guard k >= 0 else { return i }
                let t = Bytes.trimmed(lines[k].bytes)
                var m = 0
                var q = t.startIndex
                while q < t.endIndex, Bytes.isDigit(t[q]), m < 1_000_000_000 {
                    m = m * 10 + Int(t[q] - 0x30)
                    q += 1
                }
                if m != n { return i }
            }
            previous = n
        }
        return nil
    }

    mutating func read(_ lines: ArraySlice<TextLines.Line>) throws {
        if !events.isLent { events.reserveCapacity(lines.count / 2 + 16) }
        for line in lines {
            try handle(line)
        }
        try closeGroup()
    }

    /// Binary input is refused early with the offset of the first offending byte; a few
    /// stray control bytes in a text list are only reported.
    mutating func checkLooksLikeText() throws {
        let total = text.storage.count
        let count = text.controlCount
        guard total > 0, count > 0 else { return }
        let where_ = text.nulCount > 0 ? " (offset after removing padding)" : ""
        if count >= 16 && (count * 100 > total || count > 64) {
            throw ConformListError(.badData, Diagnostic(
                .error, "binary data (\(count) control bytes, the first at byte \(text.firstControlOffset ?? 0)\(where_)): not a text EDL",
                file: file, byte: text.firstControlOffset))
        }
        warn(nil, "\(count) stray control byte\(count == 1 ? "" : "s") in the text, the first at byte \(text.firstControlOffset ?? 0)\(where_)")
    }

    // MARK: lines

    mutating func handle(_ line: TextLines.Line) throws {
        let s = Bytes.trimmed(line.bytes)
        guard let first = s.first else { return }
        if Bytes.isDigit(first) {
            try eventLine(s, number: line.number)
            return
        }
        if first == UInt8(ascii: "*") {
            comment(s.dropFirst(), line: line)
            return
        }
        if Bytes.hasPrefix(s, "TITLE:") {
            let t = Bytes.trimmed(s.dropFirst(6))
            if title == nil, !groupOpen, events.isEmpty { title = text.string(t) } else {
                warn(line.number, "second TITLE line kept as a comment")
                addComment("TITLE: " + text.string(t), line: line)
            }
            return
        }
        if Bytes.hasPrefix(s, "FCM:") {
            switch EDLParser.fcmDropFrame(s) {
            case true?:
                fcmDropFrame = true
                if !rate.supportsDropFrame {
                    warn(line.number, "FCM: DROP FRAME in a \(rate) fps list; drop frame exists only at 29.97 and 59.94: ignored")
                }
            case false?:
                fcmDropFrame = false
            case nil:
                warn(line.number, "unrecognized FCM value '\(text.string(Bytes.trimmed(s.dropFirst(4))))' (expected DROP FRAME or NON-DROP FRAME); ignored")
            }
            return
        }
        if Bytes.hasPrefix(s, "M2"), s.count > 2, Bytes.isSpace(s[s.startIndex + 2]) {
            try motionLine(s, line: line)
            return
        }
        if Bytes.hasPrefix(s, "AUD"), s.count == 3 || Bytes.isSpace(s[s.startIndex + 3]) {
            audioLine(s, line: line)
            return
        }
        if Bytes.hasPrefix(s, "EFFECTS NAME IS") {
            let name = text.string(Bytes.trimmed(s.dropFirst(15)))
            if groupOpen && group.hasEdits {
                group.updateLastEdit { $0.effectName = name }
            } else {
                warn(line.number, "EFFECTS NAME IS outside an event; kept as a comment")
                addComment(text.string(s), line: line)
            }
            return
        }
        // Comment fields some exporters write without the leading '*'.
        for keyword in EDLParser.starlessComments where Bytes.hasPrefix(s, keyword) {
            comment(s, line: line)
            return
        }
        for keyword in EDLParser.keptStatements where Bytes.hasPrefix(s, keyword) {
            addComment(text.string(s), line: line)
            return
        }
        warn(line.number, "unrecognized line kept as a comment: \(text.string(s).prefix(60))")
        addComment(text.string(s), line: line)
    }

    static let starlessComments: [StaticString] = ["FROM CLIP NAME:", "TO CLIP NAME:", "SOURCE FILE:", "FROM CLIP:", "FROM FILE:", "LOC:"]
    static let keptStatements: [StaticString] = ["SPLIT:", "SWM", "ASC_SOP", "ASC_SAT", "FRMC", ">>>", "NOTE:", "REM", "GPI"]

    mutating func addComment(_ c: String, line: TextLines.Line) {
        if groupOpen {
            group.comments.append(c)
            group.note(line)
        } else {
            headerComments.append(c)
        }
    }

    mutating func eventLine(_ s: ByteSlice, number: Int) throws {
        let ev: EventLine
        do {
            ev = try EventLine(line: s, text: text.codec, scratch: &scratch)
        } catch EventLineError.malformed(let expected) {
            throw failure(number, "malformed event line: expected \(expected): \(text.string(s).prefix(100))")
        }
        if dialect == nil { dialect = EDLParser.dialect(of: s, reel: ev.reel) }
        let df = rate.supportsDropFrame && (ev.times.contains { $0.dropHint } || (fcmDropFrame ?? rate.isDropFrame))
        if groupOpen && group.number == ev.number {
            group.add(consume ev, line: number, bytes: s.startIndex..<s.endIndex, dropFrame: df)
        } else {
            try closeGroup()
            group = EventGroup(number: ev.number)
            groupOpen = true
            group.add(consume ev, line: number, bytes: s.startIndex..<s.endIndex, dropFrame: df)
        }
    }

    mutating func motionLine(_ s: ByteSlice, line: TextLines.Line) throws {
        let toks = Bytes.tokens(s, into: &scratch)
        guard groupOpen && group.hasEdits else {
            warn(line.number, "M2 line outside an event; kept as a comment")
            headerComments.append(text.string(s))
            return
        }
        var entry: TimecodeField?
        var end = toks.count
        if let last = toks.last, let tc = TimecodeField(s[last]) {
            entry = tc
            end -= 1
        }
        var speedIndex: Int?
        for j in stride(from: end - 1, through: 1, by: -1) where Bytes.decimal(s[toks[j]]) != nil {
            speedIndex = j
            break
        }
        guard let si = speedIndex, si >= 2, let fps = Bytes.decimal(s[toks[si]]) else {
            warn(line.number, "M2 line without a reel and a speed (expected 'M2 REEL FPS TIMECODE'); kept as a comment")
            group.comments.append(text.string(s))
            group.note(line)
            return
        }
        let reel = text.string(s[toks[1].lowerBound..<toks[si - 1].upperBound])
        group.motions.append(EventGroup.Motion(reel: reel, fps: fps, entry: entry, raw: text.string(s), line: line.number))
        group.note(line)
    }

    mutating func audioLine(_ s: ByteSlice, line: TextLines.Line) {
        guard groupOpen && group.hasEdits else {
            warn(line.number, "AUD line outside an event; kept as a comment")
            headerComments.append(text.string(s))
            return
        }
        var channels: [Int] = []
        for t in Bytes.tokens(s).dropFirst() {
            let tok = s[t]
            let digits = tok.first.map { Bytes.upper($0) == UInt8(ascii: "A") } == true ? tok.dropFirst() : tok
            if let n = Bytes.integer(digits), n > 0, n <= 999 { channels.append(n) } else {
                warn(line.number, "AUD channel '\(text.string(tok))' is not a number; ignored")
            }
        }
        group.updateLastEdit { edit in
            for c in channels { edit.line.channels.addAudio(c) }
            edit.bytes = edit.bytes.lowerBound..<s.endIndex
        }
        group.note(line)
    }

    mutating func comment(_ body: ByteSlice, line: TextLines.Line) {
        let c = Bytes.trimmed(body)
        guard groupOpen else {
            headerComments.append(text.string(c))
            return
        }
        group.note(line)
        func value(after n: Int) -> String { text.string(Bytes.trimmed(c.dropFirst(n))) }
        // The field names by their first letter (every event has one or two such lines).
        switch c.first.map(Bytes.upper) {
        case UInt8(ascii: "F")?:
            if Bytes.hasPrefix(c, "FROM CLIP NAME:") {
                group.addFromClipName(value(after: 15))
                return
            }
            if Bytes.hasPrefix(c, "FROM CLIP:") || Bytes.hasPrefix(c, "FROM FILE:") {
                group.setFile(value(after: 10), primary: false)
                group.comments.append(text.string(c))
                return
            }
        case UInt8(ascii: "T")? where Bytes.hasPrefix(c, "TO CLIP NAME:"):
            group.toClipNames.append(value(after: 13))
            return
        case UInt8(ascii: "S")? where Bytes.hasPrefix(c, "SOURCE FILE:"):
            group.setFile(value(after: 12), primary: true)
            return
        case UInt8(ascii: "L")? where Bytes.hasPrefix(c, "LOC:"):
            locator(Bytes.trimmed(c.dropFirst(4)), line: line)
            return
        default:
            break
        }
        group.comments.append(text.string(c))
    }

    /// `* LOC: 01:00:05:12 RED     note text`
    mutating func locator(_ s: ByteSlice, line: TextLines.Line) {
        let toks = Bytes.tokens(s, into: &scratch)
        guard let t0 = toks.first, let tc = TimecodeField(s[t0]), let frames = try? frameCount(tc, line: line.number) else {
            warn(line.number, "LOC comment without a valid timecode; kept as a comment")
            group.comments.append("LOC: " + text.string(s))
            return
        }
        var color: String?
        var nameStart = t0.upperBound
        if toks.count >= 2, let c = EDLParser.markerColor(s[toks[1]]) {
            color = c
            nameStart = toks[1].upperBound
        }
        let name = text.string(Bytes.trimmed(s[nameStart...]))
        group.markers.append(Marker(at: frames, color: color, name: name))
    }

    static let markerColors: [StaticString] = ["RED", "GREEN", "BLUE", "CYAN", "MAGENTA", "YELLOW", "BLACK", "WHITE", "ORANGE", "PURPLE", "PINK"]

    /// A marker colour name in any case, as the upper-case name; nil when it is none.
    static func markerColor(_ word: ByteSlice) -> String? {
        for c in markerColors where Bytes.equalsUpper(word, c) { return c.description }
        return nil
    }

    static func dialect(of s: ByteSlice, reel: String) -> String {
        // The reel column width tells the dialect when columns are aligned.
        let n = reel.utf8.count
        if n > 32 { return "File128" }
        if n > 8 { return "File32" }
        return "3600"
    }

    // MARK: timecode

    /// The counting mode for a timecode field: FCM when stated, else the `;` hint.
    func dropFrame(for tc: TimecodeField) -> Bool {
        guard rate.supportsDropFrame else { return false }
        if tc.dropHint { return true }
        return fcmDropFrame ?? rate.isDropFrame
    }

    func frameCount(_ tc: TimecodeField, line: Int, dropFrame: Bool? = nil) throws -> Int64 {
        try clock.frames(tc, line: line, dropFrame: dropFrame ?? self.dropFrame(for: tc))
    }

    // MARK: events

    mutating func closeGroup() throws {
        guard groupOpen else { return }
        // In place: moving the group out first copied its few hundred bytes twice per event.
        defer { groupOpen = false }
        try group.appendEvents(to: events, clock: clock, source: source)
    }

    static func flagOverlaps(_ events: inout [Event]) {
        // Latest record end per track: picture at 0, audio n at n (CMX allows up to 999).
        var lastEnd = [Int64](repeating: .min, count: 1000)
        lastEnd.withUnsafeMutableBufferPointer { lastEnd in
            events.withUnsafeMutableBufferPointer { events in
                for i in events.indices {
                    var overlaps = false
                    let record = events[i].record
                    for t in events[i].tracks {
                        let k = t.kind == .video ? 0 : min(t.number, 999)
                        if record.start < lastEnd[k], !record.isEmpty { overlaps = true }
                        lastEnd[k] = max(lastEnd[k], record.end)
                    }
                    if overlaps { events[i].flags.insert(.overlapsOnTrack) }
                }
            }
        }
    }
}

/// Turns timecode fields into frame counts at the list's rate, with errors that name the line.
struct EDLClock {
    let rate: FrameRate
    let rateWasGiven: Bool
    let file: String?
    /// Frames per timecode second, and frame numbers dropped per minute when counting
    /// drop frame (0 where the rate has no drop frame): worked out once per list, not per field.
    private let nominal: Int64
    private let dropPerMinute: Int64

    init(rate: FrameRate, rateWasGiven: Bool, file: String?) {
        self.rate = rate
        self.rateWasGiven = rateWasGiven
        self.file = file
        nominal = Int64(rate.nominalFPS)
        dropPerMinute = Int64(rate.withDropFrame(true).dropFramesPerMinute)
    }

    /// The same count as ``Timecode/init(hours:minutes:seconds:frames:rate:)`` at
    /// `rate.withDropFrame(dropFrame)`, without building a rate per field; values that
    /// count rejects take the slow path for its message.
    @inline(__always)
    func frames(_ tc: TimecodeField, line: Int, dropFrame: Bool) throws -> Int64 {
        let h = Int64(tc.hours), m = Int64(tc.minutes), s = Int64(tc.seconds), f = Int64(tc.frames)
        let drop = dropFrame ? dropPerMinute : 0
        guard h < 24, m < 60, s < 60, f < nominal, drop == 0 || s != 0 || m % 10 == 0 || f >= drop else {
            return try checkedFrames(tc, line: line, dropFrame: dropFrame)
        }
        let totalMinutes = h * 60 + m
        let v = (h * 3600 + m * 60 + s) * nominal + f - drop * (totalMinutes - totalMinutes / 10)
        return tc.negative ? -v : v
    }

    /// Through ``Timecode``, which explains what is wrong with the field.
    @inline(never)
    func checkedFrames(_ tc: TimecodeField, line: Int, dropFrame: Bool) throws -> Int64 {
        let r = rate.withDropFrame(dropFrame)
        do {
            let t = try Timecode(hours: tc.hours, minutes: tc.minutes, seconds: tc.seconds, frames: tc.frames, rate: r)
            return tc.negative ? -t.frames : t.frames
        } catch let e as TimecodeError {
            var message = e.description
            var remedy: Remedy?
            if case .frameOutOfRange = e, rateWasGiven {
                message += "; the list may be at another rate"
                remedy = .giveFrameRate
            }
            throw ConformListError(.badData, Diagnostic(.error, message, file: file, line: line, remedy: remedy))
        }
    }
}
