import DXEditModel
import DXTimecode

/// How long a handle is: seconds (exact decimal) or list frames.
public enum HandleLength: Sendable, Equatable, CustomStringConvertible {
    /// Seconds as a rational (numerator / denominator).
    case seconds(Int64, Int64)
    case frames(Int64)

    /// "5s", "2.5s", "5" (seconds), "120f" (frames at the list's rate).
    public init?(parsing text: String) {
        var t = text.trimmingCharacters(" ").lowercased()
        if t.hasSuffix("f") {
            t.removeLast()
            guard let f = Int64(t), f >= 0 else { return nil }
            self = .frames(f)
            return
        }
        if t.hasSuffix("s") { t.removeLast() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0].isEmpty ? "0" : String(parts[0])), whole >= 0 else { return nil }
        if parts.count == 1 { self = .seconds(whole, 1); return }
        let frac = String(parts[1])
        guard !frac.isEmpty, frac.count <= 6, frac.allSatisfy(\.isNumber), let f = Int64(frac) else { return nil }
        var den: Int64 = 1
        for _ in 0..<frac.count { den *= 10 }
        self = .seconds(whole * den + f, den)
    }

    public func samples(sampleRate: Int, listRate: FrameRate) -> Int64 {
        switch self {
        case let .seconds(n, d): return n * Int64(sampleRate) / d
        case let .frames(f): return FrameRate.samples(forFrames: f, rate: listRate, sampleRate: sampleRate)
        }
    }

    public var description: String {
        switch self {
        case let .seconds(n, d): return d == 1 ? "\(n)s" : "\(Double(n) / Double(d))s"
        case let .frames(f): return "\(f)f"
        }
    }
}

/// One event to render: which samples of which file, where they go, and what had to give.
public struct Placement: Sendable {
    public enum Status: String, Sendable {
        case render
        /// A speed change not rendered (not asked for); the last note names it, and a tool
        /// adds how to ask for it.
        case skippedSpeed = "skipped_speed_change"
    }

    public var match: EventMatch
    public var file: MediaRecord
    public var channels: [Int]
    public var status: Status
    /// The output file's name (in the output directory).
    public var outputName: String
    /// First frame of `file` to copy, and how many.
    public var fileOffset: Int64
    public var frames: Int64
    /// Handles asked for and given, in samples (a short handle is one the file could not give).
    public var handleWanted: Int64
    public var head: Int64
    public var tail: Int64
    /// The record position of the event's first sample (time-of-day samples at the file rate).
    public var recordStart: Int64
    /// The output's bext TimeReference: its first sample's record time.
    public var timeReference: Int64
    /// What the file could not give, what was not re-timed, in words.
    public var notes: [String]

    public var headClipped: Bool { head < handleWanted }
    public var tailClipped: Bool { tail < handleWanted }
}

/// Turns matches into placements, taking each event's source range plus handles,
/// clipped honestly at the file's ends.
public struct RenderPlanner: Sendable {
    public var handles: HandleLength
    public var renderSpeedChanges: Bool

    public init(handles: HandleLength = .seconds(0, 1), renderSpeedChanges: Bool = false) {
        self.handles = handles
        self.renderSpeedChanges = renderSpeedChanges
    }

    public func plan(_ t: Timeline, matches: [EventMatch]) -> [Placement] {
        var used: [String: Int] = [:]
        var out: [Placement] = []
        for m in matches where m.status == .matched {
            guard let f = m.file, let src = m.sourceSamples, let day = f.timeOfDay else { continue }
            let e = m.event
            let wanted = handles.samples(sampleRate: f.sampleRate, listRate: t.rate)
            // The event's own samples the file holds (all of them unless the match is partial).
            let ownStart = max(src.lowerBound, day.lowerBound), ownEnd = min(src.upperBound, day.upperBound)
            var start = max(ownStart - wanted, day.lowerBound)
            let end = min(ownEnd + wanted, day.upperBound)
            let recordStart = FrameRate.samples(forFrames: e.record.start, rate: t.rate, sampleRate: f.sampleRate)
            var notes: [String] = []
            // The output may not start before midnight of the record day.
            if recordStart + (start - src.lowerBound) < 0 {
                start = src.lowerBound - recordStart
                notes.append("head handle cut at record 00:00:00:00")
            }
            let head = ownStart - start, tail = end - ownEnd
            func secs(_ s: Int64) -> String { trimmedDecimal(Double(s) / Double(f.sampleRate), maxFraction: 3) + " s" }
            if ownStart > src.lowerBound { notes.append("the file starts \(secs(ownStart - src.lowerBound)) into the event: its head is missing") }
            if ownEnd < src.upperBound { notes.append("the file ends \(secs(src.upperBound - ownEnd)) before the event does: its tail is missing") }
            if head < wanted, !notes.contains(where: { $0.hasPrefix("head handle cut") }) {
                notes.append("head handle \(secs(head)) of \(secs(wanted)): the file starts there")
            }
            if tail < wanted { notes.append("tail handle \(secs(tail)) of \(secs(wanted)): the file ends there") }
            var status = Placement.Status.render
            if m.speedChange {
                let what = e.speed.map { s in s.fps.map { "M2 \($0) fps (\(trimmedDecimal(s.percent(of: t.rate), maxFraction: 1))%)" } ?? "speed \(trimmedDecimal(s.percent(of: t.rate), maxFraction: 1))%" }
                    ?? "source and record lengths differ"
                if renderSpeedChanges {
                    notes.append("\(what): source range rendered as written, not re-timed")
                } else {
                    status = .skippedSpeed
                    notes.append("\(what): not rendered")
                }
            }
            var name = Self.name(e, index: m.eventIndex, file: f)
            if let n = used[name] {
                used[name] = n + 1
                name = String(name.dropLast(4)) + "_\(n + 1).wav"
            } else {
                used[name] = 1
            }
            out.append(Placement(match: m, file: f, channels: m.channels, status: status, outputName: name,
                                 fileOffset: start - day.lowerBound, frames: end - start, handleWanted: wanted,
                                 head: head, tail: tail, recordStart: recordStart + (ownStart - src.lowerBound),
                                 timeReference: recordStart + (start - src.lowerBound), notes: notes))
        }
        return out
    }

    /// "E0012_SR018_12A-3.wav": event number, reel, scene-take.
    static func name(_ e: Event, index: Int, file: MediaRecord) -> String {
        var parts = ["E" + pad(e.number ?? index + 1, 4)]
        if let r = e.source.reel, !r.isEmpty, r.uppercased() != "AX" { parts.append(r) } else { parts.append(file.stem) }
        let st = [file.scene, file.take].compactMap { $0 }.joined(separator: "-")
        if !st.isEmpty { parts.append(st) }
        return parts.map(sanitize).joined(separator: "_") + ".wav"
    }

    static func pad(_ n: Int, _ w: Int) -> String {
        let s = String(n)
        return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
    }

    static func sanitize(_ s: String) -> String {
        String(s.map { c in c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == ".") ? c : "_" }.prefix(48))
    }
}
