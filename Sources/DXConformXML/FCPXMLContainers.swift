import DXEditModel
import DXTimecode
import DXXML

/// Compound clips, multicam clips and sync-clip roles: what a container clip holds.
extension FCPXMLStoryWalker {
    mutating func expand(compound e: XMLElement, _ ctx: Context) -> [Int] {
        guard let id = e.attribute("ref"), let media = resources.media[id] else {
            diagnostics.warn(e.line, "compound clip refers to media '\(e.attribute("ref") ?? "")' that the resources do not define",
                             foldKey: "missing media")
            return []
        }
        guard !ctx.expanding.contains(id), ctx.expanding.count < 32 else {
            diagnostics.warn(e.line, "compound clip '\(id)' contains itself; not expanded again")
            return []
        }
        guard let seq = media.child("sequence"), let spine = seq.child("spine") else {
            if media.child("multicam") != nil { return expand(multicam: e, ctx) }
            diagnostics.warn(e.line, "media '\(id)' has no sequence to expand", foldKey: "empty media")
            return []
        }
        var inner = ctx
        inner.expanding.append(id)
        inner.containers.append("compound clip '\(e.attribute("name") ?? media.attribute("name") ?? id)'")
        inner.sequenceRate = resources.rate(ofFormat: seq.attribute("format")) ?? ctx.sequenceRate
        inner.clipName = nil
        return walkSpine(spine, inner)
    }

    mutating func expand(multicam e: XMLElement, _ ctx: Context) -> [Int] {
        guard let id = e.attribute("ref"), let media = resources.media[id], let mc = media.child("multicam") else {
            diagnostics.warn(e.line, "multicam clip refers to media '\(e.attribute("ref") ?? "")' without a multicam",
                             foldKey: "missing multicam")
            return []
        }
        guard !ctx.expanding.contains(id) else { return [] }
        var placed: [Int] = []
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
            for c in angle.children where Self.storyElements.contains(c.name) { placed += walk(c, inner) }
        }
        return placed
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
}
