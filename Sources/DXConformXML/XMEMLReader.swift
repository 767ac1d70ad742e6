import DXEditModel
import DXTimecode
import DXXML

/// Reads FCP7 XML (xmeml v1–v5, as written by Final Cut Pro 5–7, Premiere, Resolve,
/// Avid, Hiero and Kdenlive) into timelines: one per top-level sequence.
struct XMEMLReader {
    let document: XMLDocument
    let fileName: String?
    let index: XMEMLIndex

    init(document: XMLDocument, fileName: String?) {
        self.document = document
        self.fileName = fileName
        self.index = XMEMLIndex(document.tree)
    }

    var dialect: String {
        "xmeml" + (document.root.attribute("version").map { " \($0)" } ?? "")
    }

    func read() -> [Timeline] {
        let sequences = topLevelSequences()
        if sequences.isEmpty { return [emptyTimeline()] }
        return sequences.map { seq in
            var r = XMEMLSequenceReader(index: index, diagnostics: ReadDiagnostics(file: fileName))
            return r.read(seq, fileName: fileName, dialect: dialect)
        }
    }

    /// Sequences directly under the root, or in a project's (or bin's) children. Sequences
    /// nested inside clip items are sources of those items, not timelines of their own.
    func topLevelSequences() -> [XMLElement] {
        var out: [XMLElement] = []
        func walk(_ e: XMLElement) {
            for c in e.children {
                switch c.name {
                case "sequence": out.append(index.resolve(c))
                case "project", "bin", "children": walk(index.resolve(c))
                default: break
                }
            }
        }
        walk(document.root)
        return out
    }

    /// What a file without a sequence reads as: no events, and a warning saying why.
    func emptyTimeline() -> Timeline {
        var diags = ReadDiagnostics(file: fileName)
        let root = document.root
        var what = "no sequence in the file"
        if root.name != "xmeml" {
            what = "the document is a <\(root.name)>, not an xmeml list: no sequence to read"
        } else if let project = root.child("project") {
            what = "no sequence in the file (project \(project.text("name").map { "'\($0)' " } ?? "")holds no sequence)"
        }
        diags.warn(root.line, what + "; nothing to conform")
        let rate = document.tree.elements(named: "rate").lazy.compactMap { XMEMLRate.parse($0) }.first
        let basis = rate == nil ? "no rate in the file; 25 assumed" : "first <rate> in the file"
        return Timeline(title: root.text("project", "name"), rate: rate ?? .fps25,
                        source: ListSource(path: fileName, format: .xmeml, dialect: dialect,
                                           rateBasis: basis, diagnostics: diags.diagnostics))
    }
}

/// One sequence read into a timeline.
struct XMEMLSequenceReader {
    let index: XMEMLIndex
    var diagnostics: ReadDiagnostics
    var rate: FrameRate = .fps25
    /// Record frame of sequence frame 0 (the sequence timecode start, or 0).
    var base: Int64 = 0

    init(index: XMEMLIndex, diagnostics: ReadDiagnostics) {
        self.index = index
        self.diagnostics = diagnostics
    }

    mutating func read(_ seq: XMLElement, fileName: String?, dialect: String) -> Timeline {
        var basis: String
        if let r = XMEMLRate.parse(seq.child("rate")) {
            rate = r
            basis = "sequence <rate> \(r.rationalString)"
        } else if let r = seq.descendants("rate").lazy.compactMap({ XMEMLRate.parse($0) }).first {
            rate = r
            basis = "first <rate> inside the sequence (the sequence states none)"
            diagnostics.warn(seq.line, "sequence has no <rate>; using \(r) from inside it")
        } else {
            basis = "no rate in the sequence; 25 assumed"
            diagnostics.warn(seq.line, "sequence has no <rate>; assuming 25 fps")
        }
        var recordStart: Int64?
        if let tc = XMEMLTimecode(index.child(seq, "timecode"), fallback: rate) {
            if tc.rate.isDropFrame, rate.supportsDropFrame { rate = rate.withDropFrame(true) }
            let (f, exact) = XMEMLRate.convert(tc.frames, from: tc.rate, to: rate)
            if !exact { diagnostics.warn(seq.line, "sequence timecode start is not on a frame boundary at \(rate); rounded down") }
            recordStart = f
            base = f
            basis += tc.rate.isDropFrame ? ", drop-frame timecode" : ""
        }
        var events: [Event] = []
        if let media = index.child(seq, "media") {
            var numbers: [TrackID.Kind: Int] = [:]
            for kindElement in media.children {
                let kind: TrackID.Kind
                switch kindElement.name {
                case "video": kind = .video
                case "audio": kind = .audio
                default: continue
                }
                for track in index.resolve(kindElement).children("track") {
                    numbers[kind, default: 0] += 1
                    events += readTrack(index.resolve(track), id: TrackID(kind, numbers[kind]!))
                }
            }
        } else {
            diagnostics.warn(seq.line, "sequence has no <media>: no tracks to read")
        }
        EventFlagging.flag(&events, rate: rate)
        let markers = seq.children("marker").compactMap { m -> Marker? in
            marker(m, rate: rate).map { var x = $0; x.at += base; return x }
        }
        return Timeline(title: seq.text("name"), rate: rate, recordStart: recordStart, events: events,
                        markers: markers,
                        source: ListSource(path: fileName, format: .xmeml, dialect: dialect, rateBasis: basis,
                                           diagnostics: diagnostics.diagnostics))
    }

    // MARK: tracks

    mutating func readTrack(_ track: XMLElement, id: TrackID) -> [Event] {
        let trackEnabled = XMLNumber.bool(track.text("enabled")) ?? true
        let role = track.text("name") ?? track.attribute("MZ.TrackName")?.nonEmptyTrimmed
        let trackRate = XMEMLRate.inherited(track) ?? rate
        let items = track.children.filter {
            $0.name == "clipitem" || $0.name == "generatoritem" || $0.name == "transitionitem"
        }.map { index.resolve($0) }
        var events: [Event] = []
        // A transition belongs to the clips it touches: a fade to black (end-black) only
        // ends the clip before it, a fade from black (start-black) only begins the next.
        for (i, item) in items.enumerated() where item.name != "transitionitem" {
            var head = i > 0 && items[i - 1].name == "transitionitem" ? transition(items[i - 1], rate: trackRate) : nil
            if head?.alignment == "end-black" { head = nil }
            var tail = i + 1 < items.count && items[i + 1].name == "transitionitem"
                ? transition(items[i + 1], rate: trackRate) : nil
            if tail?.alignment == "start-black" { tail = nil }
            guard var e = clipEvent(item, track: id, trackRate: trackRate, head: head, tail: tail) else { continue }
            e.enabled = e.enabled && trackEnabled
            if e.source.role == nil { e.source.role = role }
            if let head {
                e.transition = Transition(kind: .transition, frames: head.end - head.start, code: head.code,
                                          effectName: head.name)
            }
            events.append(e)
        }
        return events
    }

    struct TransitionItem {
        var start: Int64
        var end: Int64
        /// Where the cut between the two clips falls (sequence frames).
        var cut: Int64
        var name: String?
        var code: String
        var alignment: String
    }

    mutating func transition(_ t: XMLElement, rate: FrameRate) -> TransitionItem? {
        var inexact = false
        guard let s = XMLNumber.frames(t.text("start"), inexact: &inexact),
              let e = XMLNumber.frames(t.text("end"), inexact: &inexact) else {
            diagnostics.warn(t.line, "transitionitem without start and end; ignored")
            return nil
        }
        let cut: Int64
        let alignment = t.text("alignment")?.lowercased() ?? "center"
        switch alignment {
        case "end", "end-black": cut = e
        case "start", "start-black": cut = s
        default: cut = (s + e) / 2
        }
        let effect = t.child("effect")
        let category = (effect?.text("effectcategory") ?? "").lowercased()
        return TransitionItem(start: s, end: e, cut: cut, name: effect?.text("name"),
                              code: category.contains("wipe") ? "W" : "D", alignment: alignment)
    }

    // MARK: clip items

    mutating func clipEvent(_ item: XMLElement, track: TrackID, trackRate: FrameRate,
                            head: TransitionItem?, tail: TransitionItem?) -> Event? {
        var inexact = false
        let name = item.text("name")
        guard var recStart = XMLNumber.frames(item.text("start"), inexact: &inexact),
              var recEnd = XMLNumber.frames(item.text("end"), inexact: &inexact) else {
            diagnostics.warn(item.line, "\(item.name) \(quotedName(name))without start and end; skipped")
            return nil
        }
        let clipRate = XMEMLRate.inherited(item) ?? trackRate
        let srcIn = XMLNumber.frames(item.text("in"), inexact: &inexact)
        let srcOut = XMLNumber.frames(item.text("out"), inexact: &inexact)
        let length = (srcIn != nil && srcOut != nil) ? srcOut! - srcIn! : nil
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
        if inexact {
            diagnostics.warn(item.line, "fractional frame counts rounded down", foldKey: "fractional frames")
        }

        // Where the material comes from.
        let source = clipSource(item, clipRate: clipRate)
        var sourceRate = clipRate
        if source.timecode?.rate.isDropFrame == true, clipRate.supportsDropFrame { sourceRate = clipRate.withDropFrame(true) }
        var tcStart: Int64 = 0
        if let tc = source.timecode {
            let (f, exact) = XMEMLRate.convert(tc.frames, from: tc.rate, to: clipRate)
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

    /// A constant Time Remap: the stated speed (negative when reversed); nil at 100 %.
    func speed(_ item: XMLElement) -> Speed? {
        for filter in item.children("filter") {
            guard let effect = index.child(filter, "effect") else { continue }
            let id = (effect.text("effectid") ?? effect.text("name") ?? "").lowercased().replacingSpaces()
            guard id == "timeremap" else { continue }
            var percent: ExactDecimal?
            var reverse = false
            for p in effect.children("parameter") {
                switch (p.text("parameterid") ?? p.text("name"))?.lowercased() {
                case "speed": percent = p.text("value").flatMap { ExactDecimal($0) }
                case "reverse": reverse = XMLNumber.bool(p.text("value")) ?? false
                default: break
                }
            }
            guard var pct = percent else { continue }
            if reverse, !pct.isNegative { pct.units = -pct.units }
            if pct == ExactDecimal(100) { return nil }
            return Speed(fps: nil, statedPercent: pct)
        }
        return nil
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

extension String {
    func replacingSpaces() -> String { String(filter { $0 != " " }) }
}
