import DXEditModel
import DXTimecode
import DXXML

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
            let (f, exact) = XMEMLRate.timecodeFrames(tc.frames, from: tc.rate, to: rate)
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
}
