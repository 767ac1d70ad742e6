import DXEditModel
import DXTimecode
import DXXML

/// A clip item (or generator item) read into an event: where it sits, what it plays.
extension XMEMLSequenceReader {
    mutating func clipEvent(_ item: XMLElement, track: TrackID, trackRate: FrameRate,
                            head: TransitionItem?, tail: TransitionItem?) -> Event? {
        var inexact = false
        let name = item.text("name")
        guard let start = XMLNumber.frames(item.text("start"), inexact: &inexact),
              let end = XMLNumber.frames(item.text("end"), inexact: &inexact) else {
            diagnostics.warn(item.line, "\(item.name) \(quotedName(name))without start and end; skipped")
            return nil
        }
        let clipRate = XMEMLRate.inherited(item) ?? trackRate
        let srcIn = XMLNumber.frames(item.text("in"), inexact: &inexact)
        let srcOut = XMLNumber.frames(item.text("out"), inexact: &inexact)
        let length = (srcIn != nil && srcOut != nil) ? srcOut! - srcIn! : nil
        guard let placed = recordPlacement(item, name: name, start: start, end: end, length: length, head: head, tail: tail)
        else { return nil }
        let (recStart, recEnd, headOffset, tailOffset) = placed
        if inexact {
            diagnostics.warn(item.line, "fractional frame counts rounded down", foldKey: "fractional frames")
        }

        // Where the material comes from.
        let source = clipSource(item, clipRate: clipRate)
        var sourceRate = clipRate
        if source.timecode?.rate.isDropFrame == true, clipRate.supportsDropFrame { sourceRate = clipRate.withDropFrame(true) }
        var tcStart: Int64 = 0
        if let tc = source.timecode {
            let (f, exact) = XMEMLRate.timecodeFrames(tc.frames, from: tc.rate, to: clipRate)
            if !exact {
                diagnostics.warn(item.line, "source timecode at \(tc.rate) does not fall on a frame at the clip rate \(clipRate); rounded down",
                                 foldKey: "tc rate mismatch")
            }
            tcStart = f
        }
        let head = XMEMLRate.convert(headOffset, from: trackRate, to: clipRate).frames
        let tail = XMEMLRate.convert(tailOffset, from: trackRate, to: clipRate).frames
        let sIn = (srcIn ?? 0) + tcStart + head
        let sOut = srcOut.map { $0 + tcStart - tail } ?? (sIn + XMEMLRate.convert(recEnd - recStart, from: trackRate, to: clipRate).frames)

        var ref = SourceRef(reel: source.timecode?.reel, clipName: name, file: source.file?.text("pathurl"))
        if track.kind == .audio, let t = item.text("sourcetrack", "trackindex"), let n = Int(t) { ref.channel = n }
        let logging = item.child("logginginfo") ?? source.master?.child("logginginfo")
        ref.scene = logging?.text("scene")
        ref.take = logging?.text("shottake")
        var comments: [String] = []
        if let note = source.note { comments.append(note) }

        var event = Event(tracks: [track],
                          record: FrameRange(start: base + XMEMLRate.convert(recStart, from: trackRate, to: rate).frames,
                                             end: base + XMEMLRate.convert(recEnd, from: trackRate, to: rate).frames),
                          sourceRange: FrameRange(start: sIn, end: sOut), sourceRate: sourceRate, source: ref,
                          speed: speed(item), enabled: XMLNumber.bool(item.text("enabled")) ?? true,
                          comments: comments, origin: Origin(lines: [item.line]))
        // Clip markers are in media frames; keep those inside the used part, at record time.
        for m in item.children("marker") {
            guard var mk = marker(m, rate: clipRate) else { continue }
            let mediaIn = sIn - tcStart
            guard mk.at >= mediaIn, mk.at < max(sOut - tcStart, mediaIn + 1) else { continue }
            mk.at = event.record.start + XMEMLRate.convert(mk.at - mediaIn, from: clipRate, to: rate).frames
            event.markers.append(mk)
        }
        return event
    }

    /// The record start and end on the track, a -1 placed by the transition beside it (or by
    /// the source length), and how far each transition reaches into the clip; nil (with a
    /// warning) when a -1 has nothing to place it by.
    private mutating func recordPlacement(_ item: XMLElement, name: String?, start: Int64, end: Int64, length: Int64?,
                                          head: TransitionItem?,
                                          tail: TransitionItem?) -> (start: Int64, end: Int64, headOffset: Int64, tailOffset: Int64)? {
        var recStart = start, recEnd = end
        var headOffset: Int64 = 0, tailOffset: Int64 = 0
        if recStart == -1 {
            if let head {
                recStart = head.cut
                headOffset = head.cut - head.start
            } else if recEnd != -1, let length {
                recStart = recEnd - length
                diagnostics.warn(item.line, "\(item.name) start is -1 with no transition before it; placed by its length")
            } else {
                diagnostics.warn(item.line, "\(item.name) \(quotedName(name))has start -1 and nothing to place it by; skipped")
                return nil
            }
        }
        if recEnd == -1 {
            if let tail {
                recEnd = tail.cut
                tailOffset = tail.end - tail.cut
            } else if let length {
                recEnd = recStart + length - headOffset
                diagnostics.warn(item.line, "\(item.name) end is -1 with no transition after it; placed by its length")
            } else {
                diagnostics.warn(item.line, "\(item.name) \(quotedName(name))has end -1 and nothing to place it by; skipped")
                return nil
            }
        }
        return (recStart, recEnd, headOffset, tailOffset)
    }

    func quotedName(_ name: String?) -> String { name.map { "'\($0)' " } ?? "" }

    struct ClipSource {
        var file: XMLElement?
        var timecode: XMEMLTimecode?
        /// The element the source was found through (a master clip), for logging info.
        var master: XMLElement?
        /// Why there is no file: a nested sequence or multiclip.
        var note: String?
    }

    /// The file (or nested sequence, multiclip, generator) a clip item plays.
    mutating func clipSource(_ item: XMLElement, clipRate: FrameRate) -> ClipSource {
        var holder = item
        var master: XMLElement?
        if !index.hasSource(item), let id = item.text("masterclipid"), let m = index.master(id) {
            holder = m
            master = m
        }
        if let file = index.child(holder, "file") ?? (holder.name == "clip" ? holder.descendants("file").first.map { index.resolve($0) } : nil),
           file.hasChildren {
            let tc = XMEMLTimecode(index.child(file, "timecode"), fallback: XMEMLRate.inherited(file) ?? clipRate)
            return ClipSource(file: file, timecode: tc, master: master)
        }
        if let seq = index.child(holder, "sequence"), seq.hasChildren {
            let tc = XMEMLTimecode(index.child(seq, "timecode"), fallback: XMEMLRate.parse(seq.child("rate")) ?? clipRate)
            return ClipSource(timecode: tc, master: master,
                              note: "source: nested sequence" + (seq.text("name").map { " '\($0)'" } ?? ""))
        }
        if let mc = index.child(holder, "multiclip"), mc.hasChildren {
            return ClipSource(master: master, note: "source: multiclip" + (mc.text("name").map { " '\($0)'" } ?? ""))
        }
        if item.name == "generatoritem" {
            let effect = item.child("effect")?.text("name")
            return ClipSource(note: "generator" + (effect.map { ": \($0)" } ?? ""))
        }
        if let ref = item.child("file")?.attribute("id"), !(item.child("file")?.hasChildren ?? true) {
            diagnostics.warn(item.line, "clip item \(quotedName(item.text("name")))refers to file '\(ref)', which the document never defines",
                             foldKey: "undefined file")
        } else {
            diagnostics.warn(item.line, "clip item \(quotedName(item.text("name")))has no source (no file, nested sequence or master clip)",
                             foldKey: "no source")
        }
        return ClipSource()
    }

    /// A `<marker>`; `at` is its `in` in the given element's frames (the caller places it).
    func marker(_ m: XMLElement, rate: FrameRate) -> Marker? {
        var inexact = false
        guard let at = XMLNumber.frames(m.text("in"), inexact: &inexact) else { return nil }
        let out = XMLNumber.frames(m.text("out"), inexact: &inexact) ?? -1
        return Marker(at: at, duration: out > at ? out - at : 0, color: m.text("color"),
                      name: m.text("name") ?? "", note: m.text("comment"))
    }
}
