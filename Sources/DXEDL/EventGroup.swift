import DXEditModel
import DXTimecode

/// The lines that share one event number: one edit, or the two lines of a
/// transition (outgoing zero-length cut, then the incoming edit), with their comments.
struct EventGroup {
    struct Edit {
        var line: EventLine
        var lineNumber: Int
        /// The bytes of the edit's line (and its AUD line) in the list.
        var bytes: Range<Int>
        var dropFrame: Bool
        var effectName: String?
    }

    struct Motion {
        var reel: String
        var fps: ExactDecimal
        var entry: TimecodeField?
        var raw: String
        var line: Int
    }

    let number: Int
    /// The group's lines: nearly always one, so the first is kept without an array.
    private var firstEdit: Edit?
    private var moreEdits: [Edit] = []
    var comments: [String] = []
    private var firstFromName: String?
    private var moreFromNames: [String] = []
    var toClipNames: [String] = []
    var file: String?
    var fileIsPrimary = false
    var markers: [Marker] = []
    var motions: [Motion] = []
    var firstLine = 0
    var lastLine = 0
    /// Bytes from the first event line to the end of the group's last line.
    var byteStart = 0
    var byteEnd = 0

    init(number: Int) {
        self.number = number
    }

    var edits: [Edit] {
        guard let firstEdit else { return [] }
        return [firstEdit] + moreEdits
    }

    var hasEdits: Bool { firstEdit != nil }

    /// `* FROM CLIP NAME:` values in order.
    var fromClipNames: [String] {
        guard let firstFromName else { return [] }
        return [firstFromName] + moreFromNames
    }

    mutating func addFromClipName(_ name: String) {
        if firstFromName == nil { firstFromName = name } else { moreFromNames.append(name) }
    }

    /// Changes the latest edit line (for AUD and EFFECTS NAME IS lines that follow it).
    mutating func updateLastEdit(_ change: (inout Edit) -> Void) {
        if moreEdits.isEmpty {
            if firstEdit != nil { change(&firstEdit!) }
        } else {
            change(&moreEdits[moreEdits.count - 1])
        }
    }

    mutating func add(_ line: consuming EventLine, line number: Int, bytes: Range<Int>, dropFrame: Bool) {
        let edit = Edit(line: consume line, lineNumber: number, bytes: bytes, dropFrame: dropFrame)
        if firstEdit == nil {
            firstLine = number
            byteStart = bytes.lowerBound
            firstEdit = consume edit
        } else {
            moreEdits.append(edit)
        }
        lastLine = number
        byteEnd = bytes.upperBound
    }

    mutating func note(_ line: TextLines.Line) {
        lastLine = line.number
        byteEnd = max(byteEnd, line.bytes.endIndex)
    }

    /// `* SOURCE FILE:` wins over `* FROM CLIP:` / `* FROM FILE:`.
    mutating func setFile(_ path: String, primary: Bool) {
        if file == nil || (primary && !fileIsPrimary) {
            file = path
            fileIsPrimary = primary
        }
    }

    /// The group's edits as model events: a zero-length cut that is not the group's last
    /// line is the outgoing side of the next line's transition, not an edit of its own.
    mutating func appendEvents(to out: EventBuffer, clock: EDLClock, source: SourceText) throws {
        if moreEdits.isEmpty, let e = firstEdit.take() {
            // The common case: one line, its clip named by the first FROM (or TO) name.
            let k = e.line.transitionKind
            let twoSided = k == .dissolve || k == .wipe
            var fromName: String?
            var name: String?
            if twoSided {
                // FROM names the outgoing side, TO the incoming one.
                fromName = firstFromName.take()
                name = toClipNames.last ?? moreFromNames.first
            } else {
                name = firstFromName.take() ?? toClipNames.last
            }
            try appendEvent(consume e, from: nil, fromName: fromName, name: name, isLast: true, clock: clock, source: source, to: out)
            return
        }
        let edits = self.edits
        var rows: [Row] = []
        rows.reserveCapacity(edits.count)
        var pendingFrom: Edit?
        var previousCut: Edit?
        for (i, e) in edits.enumerated() {
            let isLast = i == edits.count - 1
            let src0 = e.line.times[0], src1 = e.line.times[1]
            let zeroSource = src0.hours == src1.hours && src0.minutes == src1.minutes
                && src0.seconds == src1.seconds && src0.frames == src1.frames
            if !isLast, e.line.transitionKind == .cut, zeroSource {
                pendingFrom = e
                previousCut = nil
                continue
            }
            let k = e.line.transitionKind
            if pendingFrom == nil, k == .dissolve || k == .wipe, let outgoing = previousCut {
                // Final Cut Pro writes the outgoing line of a two-line dissolve with a
                // record duration (it is an edit of its own, kept as a row): it is still
                // the side this transition comes from.
                rows.append(Row(edit: e, from: outgoing, fromIsPreviousRow: true))
            } else {
                rows.append(Row(edit: e, from: pendingFrom))
            }
            previousCut = k == .cut ? e : nil
            pendingFrom = nil
        }

        let (fromSlot, editSlot, slotNames) = clipNameSlots(rows)
        for (i, r) in rows.enumerated() {
            try appendEvent(r.edit, from: r.from, fromIsEdit: r.fromIsPreviousRow, fromName: fromSlot[i] >= 0 ? slotNames[fromSlot[i]] : nil,
                            name: slotNames[editSlot[i]], isLast: i == rows.count - 1, clock: clock, source: source,
                            to: out)
        }
    }

    /// One edit of a group with several: the edit and the outgoing side of its transition.
    private struct Row {
        var edit: Edit
        var from: Edit?
        /// `from` is also the row before this one (an outgoing line that is an edit too).
        var fromIsPreviousRow = false
    }

    /// The clip names of `rows`: each row's outgoing slot (-1 for none) and its own slot, and
    /// the name in each slot. A dissolve or wipe has an outgoing slot before its own (or
    /// shares the previous row's, when that row is its outgoing side). FROM CLIP NAME lines
    /// fill slots from the first, TO CLIP NAME from the last.
    private func clipNameSlots(_ rows: [Row]) -> (fromSlot: [Int], editSlot: [Int], names: [String?]) {
        var fromSlot = [Int](repeating: -1, count: rows.count)
        var editSlot = [Int](repeating: -1, count: rows.count)
        var slotCount = 0
        for (i, r) in rows.enumerated() {
            let k = r.edit.line.transitionKind
            if r.fromIsPreviousRow {
                fromSlot[i] = editSlot[i - 1]
            } else if r.from != nil || k == .dissolve || k == .wipe {
                fromSlot[i] = slotCount
                slotCount += 1
            }
            editSlot[i] = slotCount
            slotCount += 1
        }
        var slotNames = [String?](repeating: nil, count: slotCount)
        for (k, n) in fromClipNames.prefix(slotCount).enumerated() { slotNames[k] = n }
        var back = slotCount - 1
        for n in toClipNames.reversed() {
            while back >= 0, slotNames[back] != nil { back -= 1 }
            guard back >= 0 else { break }
            slotNames[back] = n
            back -= 1
        }
        return (fromSlot, editSlot, slotNames)
    }

    /// Builds the event in place at the end of `out` (no intermediate copy of a large struct).
    /// The last event of the group takes the group's file, markers and comments (moved,
    /// not copied: the group is discarded after).
    /// `fromIsEdit`: the outgoing line is an edit of its own (it has a record duration), so
    /// the outgoing source at the transition is its source in moved on by the record time
    /// from its record in to this edit's (none when FCP starts both at the same record in).
    private mutating func appendEvent(_ edit: consuming Edit, from f: Edit?, fromIsEdit: Bool = false, fromName: String?, name: String?, isLast: Bool,
                                      clock: EDLClock, source: SourceText, to out: EventBuffer) throws {
        var e = edit
        let ln = e.lineNumber
        let sourceRange = FrameRange(start: try clock.frames(e.line.times[0], line: ln, dropFrame: e.dropFrame),
                                     end: try clock.frames(e.line.times[1], line: ln, dropFrame: e.dropFrame))
        let record = FrameRange(start: try clock.frames(e.line.times[2], line: ln, dropFrame: e.dropFrame),
                                end: try clock.frames(e.line.times[3], line: ln, dropFrame: e.dropFrame))
        var transition = Transition(kind: e.line.transitionKind, frames: e.line.transitionFrames,
                                    code: e.line.transitionCode, effectName: e.effectName)
        if let f {
            transition.from = SourceRef(reel: f.line.reel, clipName: fromName)
            var fromIn = try clock.frames(f.line.times[0], line: f.lineNumber, dropFrame: f.dropFrame)
            if fromIsEdit { fromIn += record.start - (try clock.frames(f.line.times[2], line: f.lineNumber, dropFrame: f.dropFrame)) }
            transition.fromSourceIn = fromIn
        } else if let fromName {
            transition.from = SourceRef(clipName: fromName)
        }
        var speed: Speed?
        var flags: EventFlags = []
        if let m = motion(for: e, isLast: isLast) {
            var entry: Int64?
            if let tc = m.entry { entry = try clock.frames(tc, line: m.line, dropFrame: e.dropFrame) }
            speed = Speed(fps: m.fps, reel: m.reel, entry: entry, raw: m.raw)
            flags.insert(.speedChange)
        }
        if sourceRange.duration == 0, record.duration > 0 {
            flags.insert(.zeroLengthSource)
        } else if speed == nil, sourceRange.duration != record.duration {
            flags.insert(.durationMismatch)
        }
        if record.duration < 0 { flags.insert(.negativeRecord) }
        let origin = isLast
            ? Origin(firstLine: firstLine, lastLine: lastLine, text: source, byteRange: byteStart..<byteEnd)
            : Origin(firstLine: f?.lineNumber ?? e.lineNumber, lastLine: e.lineNumber, text: source,
                     byteRange: (f?.bytes.lowerBound ?? e.bytes.lowerBound)..<e.bytes.upperBound)
        let tracks = e.line.channels.tracks
        // Moved out, not copied (a copy retains each string here and releases it again
        // when the group goes).
        let reel = EventGroup.take(&e.line.reel)
        let file = isLast ? self.file.take() : nil
        let markers = isLast ? EventGroup.take(&self.markers) : []
        let comments = isLast ? EventGroup.take(&self.comments) : []
        // `consume`: the locals move into the event (passing them plainly copied each,
        // retaining every string, and released the originals after).
        let event = Event(
            number: number, tracks: consume tracks, record: record, sourceRange: sourceRange,
            sourceRate: clock.rate.withDropFrame(e.dropFrame),
            source: SourceRef(reel: consume reel, clipName: name, file: consume file),
            transition: consume transition, speed: consume speed,
            markers: consume markers, comments: consume comments, flags: flags, origin: consume origin)
        out.append(consume event)
    }

    @inline(__always)
    static func take<T: RangeReplaceableCollection>(_ value: inout T) -> T {
        var out = T()
        swap(&out, &value)
        return out
    }

    /// The M2 line for an edit: the last one naming its reel, else the group's last one
    /// goes to the group's last edit.
    private func motion(for e: Edit, isLast: Bool) -> Motion? {
        if let m = motions.last(where: { $0.reel == e.line.reel }) { return m }
        if isLast, let m = motions.last, firstEdit?.line.reel != m.reel, !moreEdits.contains(where: { $0.line.reel == m.reel }) { return m }
        return nil
    }
}
