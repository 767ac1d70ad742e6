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
    var components: [FCPXMLComponent] = []
    /// Markers on elements that carry no media (gaps, titles): timeline markers.
    var looseMarkers: [FCPXMLMarker] = []

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
    /// Returns the components placed inside it.
    @discardableResult
    mutating func walkSpine(_ spine: XMLElement, _ ctx: Context) -> [Int] {
        let offset = time(spine, "offset") ?? .zero
        var inner = ctx
        inner.map = ctx.map.after(FCPXMLAffine(scale: FCPXMLTime(1), shift: offset))
        inner.lane = ctx.lane + lane(spine)
        var pending: XMLElement?
        var all: [Int] = []
        for child in spine.children {
            if child.name == "transition" {
                pending = child
                continue
            }
            guard Self.storyElements.contains(child.name) else { continue }
            let emitted = walk(child, inner)
            all += emitted
            // The transition starts the element after it: its first edit (the incoming side).
            if let t = pending, let first = emitted.map({ components[$0].recordStart }).min() {
                let d = time(t, "duration") ?? .zero
                let frames = (ctx.map.scale * d).frames(at: timelineRate).frames
                for i in emitted where components[i].recordStart == first {
                    components[i].transition = Transition(kind: .transition, frames: frames, code: "D",
                                                          effectName: t.attribute("name"))
                }
            }
            pending = nil
        }
        return all
    }

    // MARK: story elements

    /// Walks one story element; returns the indices of the components it placed itself.
    @discardableResult
    mutating func walk(_ e: XMLElement, _ ctx: Context, offsetOverride: FCPXMLTime? = nil,
                       laneOverride: Int? = nil) -> [Int] {
        if e.name == "spine" {
            return walkSpine(e, ctx)
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
        let contentToRecord = contentMap(e, timeMap, start: start, timeToRecord: timeToRecord)
        let recStart = ctx.map(offset), recEnd = ctx.map(offset + duration)
        let own = Span(lower: recStart, upper: recEnd)
        let videoWindow = own.clamped(ctx.videoWindow)
        var audioWindow = own.clamped(ctx.audioWindow)
        if let aStart = time(e, "audioStart"), let aDur = time(e, "audioDuration") {
            let s = timeToRecord(aStart)
            audioWindow = Span(lower: s, upper: s + ctx.map.scale * aDur).clamped(ctx.audioWindow)
        }
        let local = localContext(e, ctx, laneOverride: laneOverride, contentToRecord: contentToRecord)
        let media = Media(element: e, timeToRecord: timeToRecord, timeMap: timeMap, videoWindow: videoWindow,
                          audioWindow: audioWindow)
        var placed: [Int] = []
        let before = components.count
        // Children that are part of this element's content are cut by its window;
        // clips connected to a media element hang from it.
        var contentCtx = local
        contentCtx.videoWindow = videoWindow
        contentCtx.audioWindow = audioWindow
        let connectedCtx = connectedContext(e, ctx, local: local, timeToRecord: timeToRecord)

        switch e.name {
        case "asset-clip":
            placed = placeAsset(media, ref: e.attribute("ref"), ctx: local)
            walkChildren(e, connectedCtx)
        case "video", "audio":
            placed = placeAsset(media, ref: e.attribute("ref"), ctx: local, only: e.name == "video" ? .video : .audio)
            walkChildren(e, connectedCtx)
        case "clip":
            placed = walkChildren(e, contentCtx, lanes: .primary)
            walkChildren(e, connectedCtx, lanes: .connected)
        case "sync-clip":
            contentCtx.inactiveRoles.formUnion(inactiveRoles(e))
            placed = walkChildren(e, contentCtx)
        case "ref-clip":
            placed = expand(compound: e, contentCtx)
            walkChildren(e, connectedCtx, lanes: .connected)
        case "mc-clip":
            placed = expand(multicam: e, contentCtx)
            walkChildren(e, connectedCtx, lanes: .connected)
        default:  // gap, title, caption: no media of their own
            walkChildren(e, connectedCtx)
        }
        // A clip whose media hangs off a gap inside it (expanded audio) still owns its markers.
        let owners = placed.isEmpty && e.name == "clip" ? Array(before..<components.count) : placed
        collectMarkers(e, map: timeToRecord, window: own.clamped(ctx.videoWindow), into: owners)
        return placed
    }

    /// Content (children's time) → record: children of a retimed element sit in media time.
    private mutating func contentMap(_ e: XMLElement, _ timeMap: FCPXMLTimeMap?, start: FCPXMLTime,
                                     timeToRecord: FCPXMLAffine) -> FCPXMLAffine {
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
        return contentToRecord
    }

    /// The context of the element's own content: its lane, switches, clip name and logging.
    private func localContext(_ e: XMLElement, _ ctx: Context, laneOverride: Int?, contentToRecord: FCPXMLAffine) -> Context {
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
        return local
    }

    /// The context of clips connected to the element. Connected clips and markers sit in the
    /// element's own (unretimed) time; a container's content sits in the time its retime maps
    /// to. A connected clip is its own clip: the element's switches (enabled, srcEnable, sync
    /// roles, logging) do not pass to it — except within one clip's media (video → its audio).
    private func connectedContext(_ e: XMLElement, _ ctx: Context, local: Context, timeToRecord: FCPXMLAffine) -> Context {
        var connectedCtx = local
        connectedCtx.map = timeToRecord
        connectedCtx.videoWindow = ctx.videoWindow
        connectedCtx.audioWindow = ctx.audioWindow
        if e.name != "video", e.name != "audio" {
            connectedCtx.enabled = ctx.enabled
            connectedCtx.allowVideo = ctx.allowVideo
            connectedCtx.allowAudio = ctx.allowAudio
            connectedCtx.metadata = [:]
        }
        return connectedCtx
    }

    enum LaneFilter { case all, primary, connected }

    @discardableResult
    mutating func walkChildren(_ e: XMLElement, _ ctx: Context, lanes: LaneFilter = .all) -> [Int] {
        var placed: [Int] = []
        for c in e.children where Self.storyElements.contains(c.name) {
            let hasLane = c.attribute("lane") != nil && lane(c) != 0
            switch lanes {
            case .primary where hasLane: continue
            case .connected where !hasLane: continue
            default: break
            }
            placed += walk(c, ctx)
        }
        return placed
    }
}
