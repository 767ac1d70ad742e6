import DXEditModel
import DXTimecode
import DXXML

/// Placing the video and audio of an asset reference as components.
extension FCPXMLStoryWalker {
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
}
