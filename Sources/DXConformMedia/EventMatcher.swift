import DXEditModel
import DXTimecode

/// The outcome of looking for one list event's production sound.
public struct EventMatch: Sendable {
    public enum Status: String, Sendable {
        /// One file holds the event's source range, with the evidence in `reasons`.
        case matched
        /// Several files fit equally well; `candidates` lists them.
        case ambiguous
        /// No file fits; `reasons` says why.
        case unmatched
        /// A file fits but the channels asked for are not in it.
        case channelMissing = "channel_missing"
    }

    public var eventIndex: Int
    public var event: Event
    public var status: Status
    public var file: MediaRecord?
    /// Channels (0-based) to take from `file`.
    public var channels: [Int]
    /// The event's source range as time-of-day samples at `file`'s rate.
    public var sourceSamples: Range<Int64>?
    /// Why this file (or why none): one line per piece of evidence.
    public var reasons: [String]
    /// For ambiguous matches: the equally good files.
    public var candidates: [MediaRecord]
    /// The file holds only part of the source range.
    public var partial: Bool
    /// A speed change (M2, time remap) or a source/record length mismatch: reported, and
    /// rendered only when asked.
    public var speedChange: Bool
    /// What the caller could allow that would change this outcome, as a fact; the tool
    /// names its own option for it. When set, it is about the last reason.
    public var remedy: MatchRemedy?

    public var reasonText: String { reasons.joined(separator: "; ") }
}

/// Matches each audio event of a list to production-sound files by source timecode
/// (the list's source range against each file's bext TimeReference and length), then
/// weighs the names: the list's source file against the file name, its reel against
/// the iXML tape and the file name, its scene/take and clip name against iXML scene
/// and take. The evidence is kept as the reason for each match.
///
/// Time-of-day timecode repeats every shooting day, so timecode alone does not tell
/// Tuesday's take from Monday's. When the list names a reel and a file at the timecode
/// carries a tape name that disagrees with it (and nothing else — file name, folder,
/// scene/take — agrees), the file is not taken unless `allowTimecodeOnly`; a file with
/// no tape name at all can still be matched by timecode alone.
public struct EventMatcher: Sendable {
    public var channels: ChannelSelection
    /// Only these tracks (nil: every audio track).
    public var tracks: Set<TrackID>?
    /// Accept a file whose tape disagrees with the list's reel on timecode alone.
    public var allowTimecodeOnly: Bool

    public init(channels: ChannelSelection = .asListed, tracks: Set<TrackID>? = nil, allowTimecodeOnly: Bool = false) {
        self.channels = channels
        self.tracks = tracks
        self.allowTimecodeOnly = allowTimecodeOnly
    }

    /// The audio events worth matching: enabled, on an audio track, with a real source.
    public func events(of t: Timeline) -> [(Int, Event)] {
        t.events.enumerated().compactMap { i, e in
            guard e.enabled, !e.source.isBlack else { return nil }
            let audio = e.tracks.filter { $0.kind == .audio && (tracks == nil || tracks!.contains($0)) }
            guard !audio.isEmpty else { return nil }
            var e = e
            e.tracks = audio
            return (i, e)
        }
    }

    public func match(_ t: Timeline, media: [MediaRecord]) -> [EventMatch] {
        let index = MediaLookup(media)
        return events(of: t).map { match(eventIndex: $0.0, $0.1, index: index) }
    }

    func match(eventIndex: Int, _ e: Event, index: MediaLookup) -> EventMatch {
        var m = EventMatch(eventIndex: eventIndex, event: e, status: .unmatched, file: nil, channels: [], sourceSamples: nil,
                           reasons: [], candidates: [], partial: false,
                           speedChange: e.speed != nil || e.flags.contains(.speedChange) || e.flags.contains(.durationMismatch))
        let src = "\(Timecode(frames: e.sourceRange.start, rate: e.sourceRate))–\(Timecode(frames: e.sourceRange.end, rate: e.sourceRate))"
        if e.sourceRange.isEmpty {
            m.reasons = ["zero-length source \(src): nothing to take"]
            return m
        }
        var scored: [(file: MediaRecord, score: Int, reasons: [String], full: Bool, range: Range<Int64>)] = []
        // Files at the timecode refused because their tape is another one.
        var otherTapes: [MediaRecord] = []
        // Timecode labels wrap at midnight but a recording that starts before it runs on:
        // a source of 00:00:30:00 is also looked for a day later, in files whose
        // TimeReference plus length passes 24:00:00:00.
        let framesPerDay = Timecode.framesPerDay(e.sourceRate)
        let tries = [(e.sourceRange, false), (FrameRange(start: e.sourceRange.start + framesPerDay, end: e.sourceRange.end + framesPerDay), true)]
        for (source, nextDay) in tries {
            for f in index.covering(source, rate: e.sourceRate) {
                let range = Self.samples(source, rate: e.sourceRate, sampleRate: f.sampleRate)
                guard let day = f.timeOfDay, day.overlaps(range) else { continue }
                let full = day.lowerBound <= range.lowerBound && range.upperBound <= day.upperBound
                var score = full ? 20 : 5
                var reasons = [full ? "timecode \(src) inside \(f.fileName)" : "timecode \(src) only partly inside \(f.fileName)"]
                if nextDay { reasons[0] += " (after midnight: the recording runs past 24:00:00:00)" }
                let ev = Self.nameEvidence(e.source, f)
                if ev.score == 0, let reel = Self.namedReel(e.source), let tape = f.tape, !tape.isEmpty {
                    // Only timecode agrees, and the file says it is from another tape.
                    guard allowTimecodeOnly else {
                        otherTapes.append(f)
                        continue
                    }
                    reasons.append("reel \(reel) is not the file's tape \(tape): taken on timecode alone, as allowed")
                }
                score += ev.score
                reasons += ev.reasons
                scored.append((f, score, reasons, full, range))
            }
        }
        guard let best = scored.map(\.score).max() else {
            if let reel = Self.namedReel(e.source), !otherTapes.isEmpty {
                let files = otherTapes.map { "\($0.fileName) (tape \($0.tape!))" }.joined(separator: ", ")
                m.reasons = ["the list names reel \(reel) but the only file\(otherTapes.count == 1 ? "" : "s") at source \(src) "
                             + "belong\(otherTapes.count == 1 ? "s" : "") to another tape: \(files); time-of-day timecode repeats "
                             + "every shooting day, so timecode alone would place the wrong take"]
                m.remedy = .allowTimecodeOnly
                return m
            }
            m.reasons = [unmatchedReason(e, src: src, index: index)]
            return m
        }
        let top = scored.filter { $0.score == best }
        if top.count > 1 {
            m.status = .ambiguous
            m.candidates = top.map(\.file).sorted { $0.path < $1.path }
            m.reasons = ["\(top.count) files fit equally (\(top[0].reasons.dropFirst().joined(separator: ", ").ifEmpty("timecode only"))): "
                         + m.candidates.map(\.fileName).joined(separator: ", ")]
            return m
        }
        let win = top[0]
        m.file = win.file
        m.sourceSamples = win.range
        m.partial = !win.full
        m.reasons = win.reasons
        if win.score <= 20 { m.reasons.append("timecode only: no name, reel, tape or scene/take agrees") }
        if scored.count > 1 { m.reasons.append("preferred over \(scored.count - 1) other file\(scored.count == 2 ? "" : "s") at this timecode") }
        switch channels.resolve(in: win.file, listedChannel: e.source.channel) {
        case .success(let ch):
            m.channels = ch
            if channels == .asListed, let c = e.source.channel { m.reasons.append("channel \(c), as the list says") }
            m.status = .matched
        case .failure(let err):
            m.status = .channelMissing
            m.reasons.append(err.reason)
        }
        return m
    }

    func unmatchedReason(_ e: Event, src: String, index: MediaLookup) -> String {
        if let file = e.source.file {
            let name = MediaLookup.baseName(file).lowercased()
            if let named = index.byName[name], !named.isEmpty {
                return "the list names \(MediaLookup.baseName(file)), which is indexed but does not cover source \(src)"
            }
            if index.byStem[MediaLookup.stem(name)] == nil {
                return "the list names \(MediaLookup.baseName(file)), which is not in the index, and no indexed file covers source \(src)"
            }
        }
        if let reel = e.source.reel?.uppercased(), let tapes = index.byTape[reel], !tapes.isEmpty {
            return "tape \(reel) is indexed (\(tapes.count) file\(tapes.count == 1 ? "" : "s")) but none covers source \(src)"
        }
        if index.all.allSatisfy({ $0.timeReference == nil }) {
            return "no indexed file has a bext TimeReference to match source \(src)"
        }
        return "no indexed file covers source \(src)" + (e.source.reel.map { " (reel \($0))" } ?? "")
    }

    /// Source frames → time-of-day samples (frame N starts at ⌈N·samples per frame⌉).
    public static func samples(_ r: FrameRange, rate: FrameRate, sampleRate: Int) -> Range<Int64> {
        FrameRate.samples(forFrames: r.start, rate: rate, sampleRate: sampleRate)
            ..< FrameRate.samples(forFrames: r.end, rate: rate, sampleRate: sampleRate)
    }

    /// The reel the list names for a source, trimmed; nil when none (empty, or AX: no reel).
    static func namedReel(_ s: SourceRef) -> String? {
        guard let reel = s.reel?.trimmingCharacters(" "), !reel.isEmpty, reel.lowercased() != "ax" else { return nil }
        return reel
    }

    /// Agreement between what the list says and what the file says, strongest first.
    static func nameEvidence(_ s: SourceRef, _ f: MediaRecord) -> (score: Int, reasons: [String]) {
        var score = 0
        var reasons: [String] = []
        let fileName = f.fileName.lowercased(), stem = f.stem.lowercased()
        if let listed = s.file {
            let n = MediaLookup.baseName(listed).lowercased()
            if n == fileName || MediaLookup.stem(n) == stem {
                score += 100; reasons.append("list names the file \(MediaLookup.baseName(listed))")
            }
        }
        if let named = namedReel(s) {
            let reel = named.lowercased()
            let tape = f.tape?.lowercased()
            if reel == tape {
                score += 50; reasons.append("reel \(named) is the iXML tape")
            } else if reel == stem {
                score += 50; reasons.append("reel \(named) is the file name")
            } else if reel.count >= 8, tape?.hasPrefix(reel) == true || stem.hasPrefix(reel) {
                score += 30; reasons.append("reel \(named) begins the \(tape?.hasPrefix(reel) == true ? "tape \(f.tape!)" : "file name")")
            } else if f.folderNames.contains(where: { $0.lowercased() == reel }) {
                // Sound rolls are often kept one folder per roll (…/A012/T001.WAV).
                score += 50; reasons.append("reel \(named) is the name of the file's folder")
            }
        }
        if let scene = f.scene?.lowercased(), let take = f.take?.lowercased() {
            if s.scene?.lowercased() == scene, s.take?.lowercased() == take {
                score += 40; reasons.append("scene/take \(f.scene!)/\(f.take!) agree")
            } else if let clip = s.clipName?.lowercased().replacingSpaces, Self.clip(clip, names: scene, take) {
                score += 30; reasons.append("clip name \(s.clipName!) names scene \(f.scene!) take \(f.take!)")
            }
        }
        return (score, reasons)
    }

    /// "12a-3", "12a/3", "12a_t3", "12a-3-b" (camera letter after) all name scene 12A take 3.
    static func clip(_ clip: String, names scene: String, _ take: String) -> Bool {
        let tk = take.hasPrefix("t") ? String(take.dropFirst()) : take
        for sep in ["-", "/", "_", ".", ""] {
            for t in [tk, "t" + tk, "tk" + tk] {
                let form = scene + sep + t
                if clip == form || clip.hasPrefix(form + "-") || clip.hasPrefix(form + "_") || clip.hasPrefix(form + " ") { return true }
            }
        }
        return false
    }
}

/// The media, indexed for matching: by the time-of-day they cover, by name and by tape.
struct MediaLookup {
    let all: [MediaRecord]
    /// Files sorted by start (seconds since midnight, for a coarse sweep).
    private let byStart: [(start: Int64, end: Int64, file: Int)]
    let byName: [String: [Int]]
    let byStem: [String: [Int]]
    let byTape: [String: [Int]]

    init(_ media: [MediaRecord]) {
        all = media
        var starts: [(Int64, Int64, Int)] = []
        var name: [String: [Int]] = [:], stem: [String: [Int]] = [:], tape: [String: [Int]] = [:]
        for (i, f) in media.enumerated() {
            if let d = f.timeOfDay, f.sampleRate > 0 {
                starts.append((d.lowerBound / Int64(f.sampleRate), (d.upperBound + Int64(f.sampleRate) - 1) / Int64(f.sampleRate), i))
            }
            name[f.fileName.lowercased(), default: []].append(i)
            stem[f.stem.lowercased(), default: []].append(i)
            if let t = f.tape?.uppercased() { tape[t, default: []].append(i) }
        }
        byStart = starts.sorted { $0.0 < $1.0 }
        byName = name
        byStem = stem
        byTape = tape
    }

    /// Files whose time of day may overlap the source range (checked exactly by the caller).
    func covering(_ r: FrameRange, rate: FrameRate) -> [MediaRecord] {
        let from = r.start * Int64(rate.denominator) / Int64(rate.numerator) - 1
        let to = r.end * Int64(rate.denominator) / Int64(rate.numerator) + 1
        // Files start before `to`; of those keep the ones ending after `from`.
        var hi = 0, lo = byStart.count
        lo = 0; hi = byStart.count
        while lo < hi { let mid = (lo + hi) / 2; if byStart[mid].start <= to { lo = mid + 1 } else { hi = mid } }
        return byStart[..<lo].filter { $0.end >= from }.map { all[$0.file] }
    }

    static func baseName(_ p: String) -> String {
        var s = Substring(p)
        while s.hasSuffix("/") { s = s.dropLast() }
        if let i = s.lastIndex(where: { $0 == "/" || $0 == "\\" }) { s = s[s.index(after: i)...] }
        return String(s)
    }

    static func stem(_ n: String) -> String {
        guard let dot = n.lastIndex(of: "."), dot != n.startIndex else { return n }
        return String(n[..<dot])
    }
}

extension String {
    var replacingSpaces: String { String(map { $0 == " " ? "-" : $0 }) }
    func ifEmpty(_ s: String) -> String { isEmpty ? s : self }
}
