import DXEditModel
import DXTimecode

/// The lines that share one event number: one edit, or the two lines of a
/// transition (outgoing zero-length cut, then the incoming edit), with their comments.
struct EventGroup {
    struct Edit {
        var line: EventLine
        var lineNumber: Int
        var raw: [String]
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
    var edits: [Edit] = []
    var comments: [String] = []
    var fromClipNames: [String] = []
    var toClipNames: [String] = []
    var file: String?
    var fileIsPrimary = false
    var markers: [Marker] = []
    var motions: [Motion] = []
    var lines: [Int] = []
    var lastLine = 0

    init(number: Int) {
        self.number = number
    }

    mutating func add(_ line: EventLine, line number: Int, raw: String, dropFrame: Bool) {
        edits.append(Edit(line: line, lineNumber: number, raw: [raw], dropFrame: dropFrame))
        lines.append(number)
        lastLine = number
    }

    mutating func note(_ line: TextLines.Line) {
        lines.append(line.number)
        lastLine = line.number
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
    func events(parser: EDLParser) throws -> [Event] {
        struct Row {
            var edit: Edit
            var from: Edit?
        }
        var rows: [Row] = []
        var pendingFrom: Edit?
        for (i, e) in edits.enumerated() {
            let isLast = i == edits.count - 1
            let src0 = e.line.times[0], src1 = e.line.times[1]
            let zeroSource = src0.hours == src1.hours && src0.minutes == src1.minutes
                && src0.seconds == src1.seconds && src0.frames == src1.frames
            if edits.count > 1, !isLast, e.line.transitionKind == .cut, zeroSource {
                pendingFrom = e
                continue
            }
            rows.append(Row(edit: e, from: pendingFrom))
            pendingFrom = nil
        }

        // Clip-name slots: a dissolve or wipe has an outgoing slot before its own.
        enum Slot: Hashable { case from(Int), edit(Int) }
        var slots: [Slot] = []
        for (i, r) in rows.enumerated() {
            let k = r.edit.line.transitionKind
            if r.from != nil || k == .dissolve || k == .wipe { slots.append(.from(i)) }
            slots.append(.edit(i))
        }
        var names: [Slot: String] = [:]
        var cursor = 0
        for n in fromClipNames where cursor < slots.count {
            names[slots[cursor]] = n
            cursor += 1
        }
        var back = slots.count - 1
        for n in toClipNames.reversed() {
            while back >= 0, names[slots[back]] != nil { back -= 1 }
            guard back >= 0 else { break }
            names[slots[back]] = n
            back -= 1
        }

        var out: [Event] = []
        for (i, r) in rows.enumerated() {
            let e = r.edit
            let ln = e.lineNumber
            let srcIn = try parser.frameCount(e.line.times[0], line: ln, dropFrame: e.dropFrame)
            let srcOut = try parser.frameCount(e.line.times[1], line: ln, dropFrame: e.dropFrame)
            let recIn = try parser.frameCount(e.line.times[2], line: ln, dropFrame: e.dropFrame)
            let recOut = try parser.frameCount(e.line.times[3], line: ln, dropFrame: e.dropFrame)
            let rate = parser.rate.withDropFrame(e.dropFrame)
            var transition = Transition(kind: e.line.transitionKind, frames: e.line.transitionFrames,
                                        code: e.line.transitionCode, effectName: e.effectName)
            if let f = r.from {
                transition.from = SourceRef(reel: f.line.reel, clipName: names[.from(i)])
                transition.fromSourceIn = try parser.frameCount(f.line.times[0], line: f.lineNumber, dropFrame: f.dropFrame)
            } else if let n = names[.from(i)] {
                transition.from = SourceRef(clipName: n)
            }
            let isLastRow = i == rows.count - 1
            var event = Event(
                number: number, tracks: e.line.channels.tracks,
                record: FrameRange(start: recIn, end: recOut),
                sourceRange: FrameRange(start: srcIn, end: srcOut), sourceRate: rate,
                source: SourceRef(reel: e.line.reel, clipName: names[.edit(i)], file: isLastRow ? file : nil),
                transition: transition,
                markers: isLastRow ? markers : [], comments: isLastRow ? comments : [],
                origin: Origin(lines: isLastRow ? lines : [e.lineNumber], raw: (r.from?.raw ?? []) + e.raw))
            if let m = motion(for: e, isLast: isLastRow) {
                var entry: Int64?
                if let tc = m.entry { entry = try parser.frameCount(tc, line: m.line, dropFrame: e.dropFrame) }
                event.speed = Speed(fps: m.fps, reel: m.reel, entry: entry, raw: m.raw)
                event.flags.insert(.speedChange)
            }
            if event.sourceRange.duration == 0, event.record.duration > 0 {
                event.flags.insert(.zeroLengthSource)
            } else if event.speed == nil, event.sourceRange.duration != event.record.duration {
                event.flags.insert(.durationMismatch)
            }
            if event.record.duration < 0 { event.flags.insert(.negativeRecord) }
            out.append(event)
        }
        return out
    }

    /// The M2 line for an edit: the last one naming its reel, else the group's last one
    /// goes to the group's last edit.
    private func motion(for e: Edit, isLast: Bool) -> Motion? {
        if let m = motions.last(where: { $0.reel == e.line.reel }) { return m }
        if isLast, let m = motions.last, !edits.contains(where: { $0.line.reel == m.reel }) { return m }
        return nil
    }
}
