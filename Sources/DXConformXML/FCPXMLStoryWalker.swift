import DXEditModel
import DXTimecode
import DXXML

/// Flattens an FCPXML story (spines, connected clips, containers) into placed media
/// components.
///
/// Every element's `offset` is in its parent's time, its `start` in its own; so each
/// level maps its own time to record time by one linear map (`FCPXMLAffine`) built
/// from its parent's. Containers — clips, sync clips, compound clips (`ref-clip`),
/// multicam clips (`mc-clip`) — show only their window of what they contain; clips
/// connected to a plain clip hang from it and are not cut by its ends.
struct FCPXMLStoryWalker {
    let resources: FCPXMLResources
    var diagnostics: ReadDiagnostics
    /// The timeline's rate (record frames).
    let timelineRate: FrameRate
    private(set) var components: [FCPXMLComponent] = []
    /// Markers on elements that carry no media (gaps, titles): timeline markers.
    private(set) var looseMarkers: [FCPXMLMarker] = []

    init(resources: FCPXMLResources, diagnostics: ReadDiagnostics, timelineRate: FrameRate) {
        self.resources = resources
        self.diagnostics = diagnostics
        self.timelineRate = timelineRate
    }

    /// What an element inherits from where it sits.
    struct Context {
        /// Parent time → record time.
        var map: FCPXMLAffine
        /// Record-time windows the enclosing containers show (nil: unbounded).
        var videoWindow: Span?
        var audioWindow: Span?
        var lane: Int
        var enabled = true
        var allowVideo = true
        var allowAudio = true
        /// Name of the nearest enclosing clip, for media elements that have none.
        var clipName: String?
        /// Reel/scene/take metadata from enclosing clips.
        var metadata: [String: String] = [:]
        /// Enclosing compound and multicam names, outermost first.
        var containers: [String] = []
        /// Rate of the enclosing sequence (for rate conforms).
        var sequenceRate: FrameRate
        /// Roles switched off by an enclosing sync clip.
        var inactiveRoles: Set<String> = []
        /// Compound/multicam media ids being expanded (cycle guard).
        var expanding: [String] = []
    }

    /// A half-open interval of record time.
    struct Span {
        var lower: FCPXMLTime
        var upper: FCPXMLTime
        var isEmpty: Bool { !(lower < upper) }

        func clamped(_ other: Span?) -> Span {
            guard let other else { return self }
            return Span(lower: max(lower, other.lower), upper: min(upper, other.upper))
        }
    }

    static let storyElements: Set<String> = [
        "spine", "asset-clip", "clip", "sync-clip", "ref-clip", "mc-clip", "video", "audio", "gap",
        "title", "audition", "caption", "live-drawing",
    ]

    // MARK: spines

    /// A storyline: its children in order, a transition joining the element after it.
    mutating func walkSpine(_ spine: XMLElement, _ ctx: Context) {
        let offset = time(spine, "offset") ?? .zero
        var inner = ctx
        inner.map = ctx.map.after(FCPXMLAffine(scale: FCPXMLTime(1), shift: offset))
        inner.lane = ctx.lane + lane(spine)
        var pending: XMLElement?
        for child in spine.children {
            if child.name == "transition" {
                pending = child
                continue
            }
            guard Self.storyElements.contains(child.name) else { continue }
            let emitted = walk(child, inner)
            if let t = pending, !emitted.isEmpty {
                let d = time(t, "duration") ?? .zero
                let frames = (ctx.map.scale * d).frames(at: timelineRate).frames
                for i in emitted {
                    components[i].transition = Transition(kind: .transition, frames: frames, code: "D",
                                                          effectName: t.attribute("name"))
                }
            }
            pending = nil
        }
    }

    // MARK: story elements

    /// Walks one story element; returns the indices of the components it placed itself.
    @discardableResult
    mutating func walk(_ e: XMLElement, _ ctx: Context, offsetOverride: FCPXMLTime? = nil,
                       laneOverride: Int? = nil) -> [Int] {
        if e.name == "spine" {
            walkSpine(e, ctx)
            return []
        }
        if e.name == "audition" {
            // The first child is the pick in use; it takes the audition's place.
            guard let pick = e.children.first(where: { Self.storyElements.contains($0.name) }) else { return [] }
            return walk(pick, ctx, offsetOverride: time(e, "offset") ?? .zero, laneOverride: lane(e))
        }
        let offset = offsetOverride ?? time(e, "offset") ?? .zero
        let start = time(e, "start") ?? .zero
        guard let duration = time(e, "duration") else {
            diagnostics.warn(e.line, "<\(e.name)> without a duration; skipped", foldKey: "no duration \(e.name)")
            return []
        }
        let conform = conformFactor(e, sequenceRate: ctx.sequenceRate)
        // Own time → record: parent = offset + (t − start)·conform.
        let timeToRecord = ctx.map.after(FCPXMLAffine(scale: conform, shift: offset - start * conform))
        let timeMap = FCPXMLTimeMap(e.child("timeMap"))
        // Content (children's time) → record. Children of a retimed element sit in media time.
        var contentToRecord = timeToRecord
        if let tm = timeMap {
            if !tm.isConstantSpeed, e.children.contains(where: { Self.storyElements.contains($0.name) }) {
                diagnostics.warn(e.line, "variable-speed retime on a clip with clips inside; their times are approximate",
                                 foldKey: "variable retime container")
            }
            let lin = tm.linear(near: start)
            if !lin.scale.isZero { contentToRecord = timeToRecord.after(FCPXMLAffine(scale: FCPXMLTime(1) / lin.scale,
                                                                                      shift: -lin.shift / lin.scale)) }
        }
        let recStart = ctx.map(offset), recEnd = ctx.map(offset + duration)
        let own = Span(lower: recStart, upper: recEnd)
        let videoWindow = own.clamped(ctx.videoWindow)
        var audioWindow = own.clamped(ctx.audioWindow)
        if let aStart = time(e, "audioStart"), let aDur = time(e, "audioDuration") {
            let s = timeToRecord(aStart)
            audioWindow = Span(lower: s, upper: s + ctx.map.scale * aDur).clamped(ctx.audioWindow)
        }
        var local = ctx
        local.lane = ctx.lane + (laneOverride ?? lane(e))
        local.enabled = ctx.enabled && e.attribute("enabled") != "0"
        local.map = contentToRecord
        if e.name != "gap", e.name != "title", e.name != "caption" {
            local.clipName = e.attribute("name")?.nonEmptyTrimmed ?? ctx.clipName
        }
        // Logging metadata belongs to the clip that wraps the media, not to sync clips,
        // compounds or multicams (theirs is a summary of what they hold).
        switch e.name {
        case "clip", "asset-clip": local.metadata = FCPXMLResources.metadata(e)
        case "sync-clip", "ref-clip", "mc-clip": local.metadata = [:]
        default: local.metadata.merge(FCPXMLResources.metadata(e)) { _, new in new }
        }
        switch e.attribute("srcEnable") {
        case "audio": local.allowVideo = false
        case "video": local.allowAudio = false
        default: break
        }
        let media = Media(element: e, timeToRecord: timeToRecord, timeMap: timeMap, videoWindow: videoWindow,
                          audioWindow: audioWindow)
        var placed: [Int] = []
        // Children that are part of this element's content are cut by its window;
        // clips connected to a media element hang from it.
        var contentCtx = local
        contentCtx.videoWindow = videoWindow
        contentCtx.audioWindow = audioWindow
        // Connected clips and markers sit in the element's own (unretimed) time; a
        // container's content sits in the time its retime maps to.
        var connectedCtx = local
        connectedCtx.map = timeToRecord
        connectedCtx.videoWindow = ctx.videoWindow
        connectedCtx.audioWindow = ctx.audioWindow

        switch e.name {
        case "asset-clip":
            placed = placeAsset(media, ref: e.attribute("ref"), ctx: local)
            walkChildren(e, connectedCtx)
        case "video", "audio":
            placed = placeAsset(media, ref: e.attribute("ref"), ctx: local, only: e.name == "video" ? .video : .audio)
            walkChildren(e, connectedCtx)
        case "clip":
            walkChildren(e, contentCtx, lanes: .primary)
            walkChildren(e, connectedCtx, lanes: .connected)
        case "sync-clip":
            contentCtx.inactiveRoles.formUnion(inactiveRoles(e))
            walkChildren(e, contentCtx)
        case "ref-clip":
            expand(compound: e, contentCtx)
            walkChildren(e, connectedCtx, lanes: .connected)
        case "mc-clip":
            expand(multicam: e, contentCtx)
            walkChildren(e, connectedCtx, lanes: .connected)
        default:  // gap, title, caption: no media of their own
            walkChildren(e, connectedCtx)
        }
        collectMarkers(e, map: timeToRecord, window: own.clamped(ctx.videoWindow), into: placed)
        return placed
    }

    enum LaneFilter { case all, primary, connected }

    mutating func walkChildren(_ e: XMLElement, _ ctx: Context, lanes: LaneFilter = .all) {
        for c in e.children where Self.storyElements.contains(c.name) {
            let hasLane = c.attribute("lane") != nil && lane(c) != 0
            switch lanes {
            case .primary where hasLane: continue
            case .connected where !hasLane: continue
            default: break
            }
            walk(c, ctx)
        }
    }

    // MARK: containers

    mutating func expand(compound e: XMLElement, _ ctx: Context) {
        guard let id = e.attribute("ref"), let media = resources.media[id] else {
            diagnostics.warn(e.line, "compound clip refers to media '\(e.attribute("ref") ?? "")' that the resources do not define",
                             foldKey: "missing media")
            return
        }
        guard !ctx.expanding.contains(id), ctx.expanding.count < 32 else {
            diagnostics.warn(e.line, "compound clip '\(id)' contains itself; not expanded again")
            return
        }
        guard let seq = media.child("sequence"), let spine = seq.child("spine") else {
            if media.child("multicam") != nil {
                expand(multicam: e, ctx)
            } else {
                diagnostics.warn(e.line, "media '\(id)' has no sequence to expand", foldKey: "empty media")
            }
            return
        }
        var inner = ctx
        inner.expanding.append(id)
        inner.containers.append("compound clip '\(e.attribute("name") ?? media.attribute("name") ?? id)'")
        inner.sequenceRate = resources.rate(ofFormat: seq.attribute("format")) ?? ctx.sequenceRate
        inner.clipName = nil
        walkSpine(spine, inner)
    }

    mutating func expand(multicam e: XMLElement, _ ctx: Context) {
        guard let id = e.attribute("ref"), let media = resources.media[id], let mc = media.child("multicam") else {
            diagnostics.warn(e.line, "multicam clip refers to media '\(e.attribute("ref") ?? "")' without a multicam",
                             foldKey: "missing multicam")
            return
        }
        guard !ctx.expanding.contains(id) else { return }
        let angles = Array(mc.children("mc-angle"))
        var video: Set<String> = [], audio: Set<String> = []
        for s in e.children("mc-source") {
            guard let a = s.attribute("angleID") else { continue }
            switch s.attribute("srcEnable") ?? "all" {
            case "all": video.insert(a); audio.insert(a)
            case "video": video.insert(a)
            case "audio": audio.insert(a)
            default: break
            }
        }
        if video.isEmpty, audio.isEmpty, let first = angles.first?.attribute("angleID") {
            video.insert(first); audio.insert(first)
        }
        for angle in angles {
            guard let aid = angle.attribute("angleID"), video.contains(aid) || audio.contains(aid) else { continue }
            var inner = ctx
            inner.expanding.append(id)
            inner.allowVideo = ctx.allowVideo && video.contains(aid)
            inner.allowAudio = ctx.allowAudio && audio.contains(aid)
            inner.containers.append("multicam '\(e.attribute("name") ?? media.attribute("name") ?? id)' angle '\(angle.attribute("name") ?? aid)'")
            inner.sequenceRate = resources.rate(ofFormat: mc.attribute("format")) ?? ctx.sequenceRate
            inner.clipName = nil
            for c in angle.children where Self.storyElements.contains(c.name) { walk(c, inner) }
        }
    }

    /// Roles a sync clip has switched off (`audio-role-source active="0"`).
    func inactiveRoles(_ e: XMLElement) -> Set<String> {
        var out: Set<String> = []
        for s in e.children("sync-source") {
            for r in s.children("audio-role-source") where r.attribute("active") == "0" {
                if let role = r.attribute("role") { out.insert(role) }
            }
        }
        return out
    }

    // MARK: media

    struct Media {
        var element: XMLElement
        var timeToRecord: FCPXMLAffine
        var timeMap: FCPXMLTimeMap?
        var videoWindow: Span
        var audioWindow: Span
    }

    /// Places the video and/or audio of an asset reference; effects (generators) place nothing.
    mutating func placeAsset(_ m: Media, ref: String?, ctx: Context, only: TrackID.Kind? = nil) -> [Int] {
        guard let ref else { return [] }
        guard let asset = resources.assets[ref] else {
            if resources.effects[ref] == nil {
                diagnostics.warn(m.element.line, "<\(m.element.name)> refers to '\(ref)', which the resources do not define",
                                 foldKey: "missing asset")
            }
            return []
        }
        let e = m.element
        var sourceRate = resources.rate(ofFormat: asset.formatID) ?? resources.rate(ofFormat: e.attribute("format"))
            ?? ctx.sequenceRate
        if e.attribute("tcFormat") == "DF", sourceRate.supportsDropFrame { sourceRate = sourceRate.withDropFrame(true) }
        var base = SourceRef(clipName: e.attribute("name")?.nonEmptyTrimmed ?? ctx.clipName ?? asset.name, file: asset.src)
        var md = asset.metadata
        md.merge(ctx.metadata) { _, new in new }
        base.reel = md["com.apple.proapps.studio.reel"]
        base.scene = md["com.apple.proapps.studio.scene"]
        base.take = md["com.apple.proapps.studio.shot"]
        var comments = ctx.containers.map { "in \($0)" }
        if asset.src == nil { comments.append("asset '\(asset.name ?? ref)' has no media file") }
        var placed: [Int] = []
        if (only ?? .video) == .video, asset.hasVideo, ctx.allowVideo {
            var ref = base
            ref.role = e.attribute("videoRole") ?? (e.name == "video" ? e.attribute("role") : nil)
            if let i = place(m, kind: .video, window: m.videoWindow, ref: ref, rate: sourceRate, enabled: ctx.enabled,
                             lane: ctx.lane, comments: comments) { placed.append(i) }
        }
        if (only ?? .audio) == .audio, asset.hasAudio, ctx.allowAudio {
            // Channel sources split a clip's audio by channel, each with its role.
            let sources = Array(e.children("audio-channel-source"))
            let pieces: [(role: String?, channels: String?, active: Bool)] = sources.isEmpty
                ? [(e.attribute("audioRole") ?? (e.name == "audio" ? e.attribute("role") : nil), e.attribute("srcCh"), true)]
                : sources.map { ($0.attribute("role") ?? e.attribute("audioRole"), $0.attribute("srcCh"), $0.attribute("active") != "0") }
            for p in pieces {
                var ref = base
                ref.role = p.role
                if let ch = p.channels?.trimmedXML, let n = Int(ch) { ref.channel = n }
                let active = p.active && !(p.role.map { ctx.inactiveRoles.contains($0) } ?? false)
                var notes = comments
                if let ch = p.channels, ref.channel == nil { notes.append("source channels \(ch)") }
                if let i = place(m, kind: .audio, window: m.audioWindow, ref: ref, rate: sourceRate,
                                 enabled: ctx.enabled && active, lane: ctx.lane, comments: notes) { placed.append(i) }
            }
        }
        return placed
    }

    mutating func place(_ m: Media, kind: TrackID.Kind, window: Span, ref: SourceRef, rate: FrameRate,
                        enabled: Bool, lane: Int, comments: [String]) -> Int? {
        guard !window.isEmpty else { return nil }
        let t1 = m.timeToRecord.inverse(window.lower), t2 = m.timeToRecord.inverse(window.upper)
        let s1 = m.timeMap?.value(at: t1) ?? t1, s2 = m.timeMap?.value(at: t2) ?? t2
        let speed = (s2 - s1) / (window.upper - window.lower)
        var notes = comments
        if let tm = m.timeMap, !tm.isConstantSpeed { notes.append("variable speed (timeMap); speed shown is the average") }
        components.append(FCPXMLComponent(kind: kind, lane: lane, recordStart: window.lower, recordEnd: window.upper,
                                          sourceStart: s1, sourceEnd: s2, sourceRate: rate, source: ref, enabled: enabled,
                                          speed: speed == FCPXMLTime(1) ? nil : speed, comments: notes,
                                          line: m.element.line))
        return components.count - 1
    }

    // MARK: markers

    mutating func collectMarkers(_ e: XMLElement, map: FCPXMLAffine, window: Span, into placed: [Int]) {
        for m in e.children where m.name == "marker" || m.name == "chapter-marker" {
            guard let s = time(m, "start") else { continue }
            let at = map(s)
            guard !(at < window.lower), at < window.upper else {
                diagnostics.warn(m.line, "marker '\(m.attribute("value") ?? "")' lies outside the part of its clip in use; left out",
                                 foldKey: "occluded marker")
                continue
            }
            let color: String
            if m.name == "chapter-marker" {
                color = "ORANGE"
            } else {
                switch m.attribute("completed") {
                case "0": color = "RED"
                case "1": color = "GREEN"
                default: color = "BLUE"
                }
            }
            let marker = FCPXMLMarker(at: at, duration: map.scale * (time(m, "duration") ?? .zero), color: color,
                                      name: m.attribute("value") ?? "", note: m.attribute("note")?.nonEmptyTrimmed)
            if let first = placed.first {
                components[first].markers.append(marker)
            } else {
                looseMarkers.append(marker)
            }
        }
    }

    // MARK: attributes

    mutating func time(_ e: XMLElement, _ name: String) -> FCPXMLTime? {
        guard let text = e.attribute(name) else { return nil }
        guard let t = FCPXMLTime(parsing: text) else {
            diagnostics.warn(e.line, "<\(e.name)> \(name)=\"\(text)\" is not a time; ignored", foldKey: "bad time \(name)")
            return nil
        }
        return t
    }

    func lane(_ e: XMLElement) -> Int { e.attribute("lane").flatMap { Int($0.trimmedXML) } ?? 0 }

    /// Record seconds per second of a rate-conformed clip's own time (`<conform-rate>`).
    ///
    /// Final Cut conforms by speed only between neighbouring rates (23.976, 24 and 25;
    /// 29.97 and 30; 59.94 and 60): 25 fps media in a 24 fps sequence plays each frame
    /// once, at 96 %. Between distant rates (23.976 media at 59.94) it samples frames at
    /// natural speed, whatever `scaleEnabled` says; `scaleEnabled="0"` always means so.
    mutating func conformFactor(_ e: XMLElement, sequenceRate: FrameRate) -> FCPXMLTime {
        guard let cr = e.child("conform-rate"), cr.attribute("scaleEnabled") != "0",
              let src = cr.attribute("srcFrameRate"), let r = try? FrameRate(parsing: src) else { return FCPXMLTime(1) }
        let ratio = FCPXMLTime(Int128(r.numerator) * Int128(sequenceRate.denominator),
                               Int128(r.denominator) * Int128(sequenceRate.numerator))
        guard FCPXMLTime(95, 100) < ratio, ratio < FCPXMLTime(105, 100) else { return FCPXMLTime(1) }
        return ratio
    }
}
