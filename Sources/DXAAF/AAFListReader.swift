import DXEditModel
import DXTimecode

/// Reads an AAF file's top-level compositions into dxkit's edit model, one ``Timeline``
/// per composition, audio tracks only: an event per clip, on `A1`, `A2`… in slot order.
///
/// Record times are the composition's timecode plus the clip's position, floored to
/// whole frames of the timecode track; source times are the tape or import source's
/// timecode at the clip's in and out, floored the same way. The sample-exact positions,
/// channels, gain, fades and mute ride along in ``Event/audio``. Sample ↔ frame
/// conversions are exact rationals; a result that is not whole is floored for frames and
/// left out (null) for samples.
public struct AAFListReader {
    public struct Options: Sendable {
        /// 1-based: read only this top-level composition.
        public var composition: Int?
        /// Fold Pro Tools' rendered fade clips and sample-accurate-edit pieces back into
        /// fades on the clips they belong to (``ProToolsFadeFolding``).
        public var foldProToolsFades: Bool

        public init(composition: Int? = nil, foldProToolsFades: Bool = false) {
            self.composition = composition
            self.foldProToolsFades = foldProToolsFades
        }
    }

    public init() {}

    /// The 8-byte compound-file signature every binary AAF starts with.
    public static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    public static func isCompoundFile(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.prefix(8).elementsEqual(signature)
    }

    public func read(path: String, fileName: String? = nil, options: Options = Options()) throws -> [Timeline] {
        try read(AAFFile(path: path), fileName: fileName ?? path, options: options)
    }

    public func read(bytes: [UInt8], fileName: String?, options: Options = Options()) throws -> [Timeline] {
        try read(AAFFile(bytes: bytes), fileName: fileName, options: options)
    }

    public func read(_ file: AAFFile, fileName: String?, options: Options = Options()) throws -> [Timeline] {
        let reader = CompositionReader(file: file)
        var top = try reader.topLevel()
        if let n = options.composition {
            guard n >= 1, n <= top.count else {
                throw AAFError(.malformed, "composition \(n) does not exist: the file holds \(top.count) top-level composition\(top.count == 1 ? "" : "s")")
            }
            top = [top[n - 1]]
        }
        let product = try file.identification().last?.product
        return try top.map { t in
            do {
                var c = try reader.composition(t.mob, selectedAs: t.selectedAs)
                if options.foldProToolsFades { c.audioTracks = c.audioTracks.map(ProToolsFadeFolding.fold) }
                return try timeline(c, fileName: fileName, product: product)
            } catch var e as AAFError where e.path == nil {
                e.path = t.mob.path  // an error about the composition's clips: name its mob
                throw e
            }
        }
    }

    /// The largest frame number (either sign) a timeline gets: ±2^48, about 89 000 years
    /// at 100 fps. The file's 64-bit starts and lengths go beyond it only when damaged,
    /// and timecode labels (drop-frame arithmetic, `abs`) overflow near ±2^63.
    static let frameLimit = UInt64(1) << 48

    func timeline(_ c: AAFComposition, fileName: String?, product: String?) throws -> Timeline {
        if let start = c.timecode?.start, start.magnitude > AAFListReader.frameLimit {
            throw AAFError(.malformed, "composition \"\(c.name ?? "")\": timecode start \(start) frames is beyond ±2^48")
        }
        var diagnostics = c.notes.map { Diagnostic(.warning, $0, file: fileName) }
        let rate: FrameRate
        var basis = "timecode track"
        if let tc = c.timecode, let r = AAFListReader.frameRate(tc.editRate, drop: tc.drop && tc.fps % 30 == 0) {
            rate = r
        } else if let e = c.editRate, let r = AAFListReader.frameRate(e, drop: false) {
            rate = r
            basis = "edit rate of the first picture or sound slot"
        } else {
            rate = .fps25
            basis = "no timecode track or frame-rate slot: 25 fps assumed for labels"
            diagnostics.append(Diagnostic(.warning, basis, file: fileName))
        }
        var events: [Event] = []
        for track in c.audioTracks {
            let number = Int(track.label.dropFirst()) ?? 1
            for clip in track.clips {
                events.append(try event(clip, track: track, trackID: .audio(number), composition: c, rate: rate))
            }
        }
        let timelineRate = c.timecode?.editRate ?? Ratio(Int64(rate.numerator), Int64(rate.denominator))!
        let labels = Dictionary(c.audioTracks.compactMap { t in t.slotID.map { ($0, t.label) } }, uniquingKeysWith: { a, _ in a })
        let markers = c.markers.map { m in
            let on = m.describedSlots.compactMap { labels[$0] }
            return Marker(at: (c.timecode?.start ?? 0) &+ AAFListReader.floorConvert(m.position, from: m.editRate, to: timelineRate),
                          duration: AAFListReader.floorConvert(m.length, from: m.editRate, to: timelineRate),
                          color: m.color, name: m.comment ?? "",
                          note: ([m.user.map { "by \($0)" }] + [on.isEmpty ? nil : "on " + on.joined(separator: ", ")])
                              .compactMap { $0 }.joined(separator: "; ").nilIfEmpty)
        }
        return Timeline(title: c.name, rate: rate, recordStart: c.timecode?.start, events: events, markers: markers,
                        source: ListSource(path: fileName, format: .aaf, dialect: product, rateBasis: basis,
                                           diagnostics: diagnostics))
    }

    static func frameRate(_ r: Ratio, drop: Bool) -> FrameRate? {
        guard r.num > 0, r.num <= Int64(Int32.max), r.den <= Int64(Int32.max) else { return nil }
        return try? FrameRate(numerator: Int(r.num), denominator: Int(r.den), dropFrame: drop)
    }

    /// `value` × `to` ÷ `from`, when whole.
    static func convert(_ value: Int64, from: Ratio, to: Ratio?) -> Int64? {
        guard let to, let scale = to / from, let v = Ratio(value) * scale, v.isWhole else { return nil }
        return v.num
    }

    /// floor(`value` × `to` ÷ `from`).
    static func floorConvert(_ value: Int64, from: Ratio, to: Ratio) -> Int64 {
        guard let scale = to / from, let v = Ratio(value) * scale else { return 0 }
        return v.floor
    }

    /// Throws when the clip's record range is not a range (out before in) or either range
    /// reaches beyond ``frameLimit``: lengths are the file's signed 64-bit numbers, summed
    /// wrapping.
    func event(_ clip: AAFClip, track: AAFAudioTrack, trackID: TrackID, composition c: AAFComposition, rate: FrameRate) throws -> Event {
        let first = clip.sources.first
        let timelineRate = c.timecode?.editRate ?? Ratio(Int64(rate.numerator), Int64(rate.denominator))!
        let start = c.timecode?.start ?? 0
        let record = FrameRange(start: start &+ AAFListReader.floorConvert(clip.recordIn, from: track.editRate, to: timelineRate),
                                end: start &+ AAFListReader.floorConvert(clip.recordOut, from: track.editRate, to: timelineRate))
        var sourceRate = rate
        func check(_ r: FrameRange, _ what: String, ordered: Bool = true) throws {
            guard !ordered || r.start <= r.end, r.start.magnitude <= AAFListReader.frameLimit,
                  r.end.magnitude <= AAFListReader.frameLimit else {
                throw AAFError(.malformed, "clip \(clip.index) on \(track.label) of composition \"\(c.name ?? "")\": \(what) frames "
                               + "\(r.start) to \(r.end) are not a range (negative lengths, or beyond ±2^48)")
            }
        }
        try check(record, "record")
        var sourceRange = FrameRange(start: 0, end: record.duration)
        var sourceKnown = false
        if let o = first?.origin, let tc = o.timecode, let i = o.sourceInFrames, let out = o.sourceOutFrames,
           let r = AAFListReader.frameRate(tc.editRate, drop: tc.drop && tc.fps % 30 == 0) {
            sourceRate = r
            sourceRange = FrameRange(start: i, end: out)
            try check(sourceRange, "source", ordered: false)
            sourceKnown = true
        }
        let sampleRate: Ratio? = track.editRate.isWhole && track.editRate.num >= 1000 ? track.editRate : first?.file?.sampleRate
        func fade(_ t: AAFTransition?) -> Int64? {
            guard let t else { return nil }
            guard let sampleRate, let scale = sampleRate / track.editRate, let v = Ratio(t.length) * scale else { return t.length }
            return v.floor
        }
        let audio = AudioPlacement(
            rate: sampleRate?.description,
            recordIn: AAFListReader.convert(clip.recordIn, from: track.editRate, to: sampleRate),
            recordOut: AAFListReader.convert(clip.recordOut, from: track.editRate, to: sampleRate),
            sourceRate: first?.file?.sampleRate?.description,
            sourceIn: first?.file?.startSamples.flatMap { $0.isWhole ? $0.num : nil },
            channels: clip.sources.map { $0.master?.physicalTrackNumber.flatMap { Int(exactly: $0) } },
            gainDB: clip.gainDB, fadeIn: fade(clip.fadeIn), fadeOut: fade(clip.fadeOut), muted: clip.muted,
            sourceTimecodeKnown: sourceKnown)
        var e = Event(tracks: [trackID], record: record, sourceRange: sourceRange, sourceRate: sourceRate,
                      source: SourceRef(reel: first?.origin?.reel, clipName: clip.clipName, file: first?.originalPath),
                      enabled: !clip.muted, comments: clip.notes + (first?.notes ?? []))
        e.audio = audio
        if clip.operations.contains(where: { $0.speedRatio.map { $0 != Ratio(1) } ?? false }) { e.flags.insert(.speedChange) }
        if let t = track.transitions.first(where: { $0.toClip == clip.index && $0.fromClip != nil }) {
            e.transition = Transition(kind: .dissolve,
                                      frames: AAFListReader.floorConvert(t.length, from: track.editRate, to: timelineRate),
                                      code: "D", effectName: t.operation)
        }
        return e
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
