import DXEditModel
import DXTimecode
import DXXML

/// Reads FCPXML (1.2–1.13, Final Cut Pro X and later, and tools writing its format)
/// into timelines: one per project, in document order.
struct FCPXMLReader {
    let document: XMLTree
    let fileName: String?
    let resources: FCPXMLResources

    init(document: XMLTree, fileName: String?) {
        self.document = document
        self.fileName = fileName
        self.resources = FCPXMLResources(document)
    }

    var dialect: String {
        "fcpxml" + (document.root.attribute("version").map { " \($0)" } ?? "")
    }

    func read() -> [Timeline] {
        var timelines: [Timeline] = []
        for project in document.elements(named: "project") {
            if let seq = project.child("sequence") {
                timelines.append(readSequence(seq, title: project.attribute("name")))
            } else {
                timelines.append(empty(title: project.attribute("name"), line: project.line,
                                       why: "project holds no sequence (\(clipCount(project)) browser clips); no timeline to read"))
            }
        }
        if timelines.isEmpty {
            let root = document.root
            let why = root.name == "fcpxml"
                ? "no project in the file (\(clipCount(root)) browser clips, no timeline); nothing to conform"
                : "the document is a <\(root.name)>, not FCPXML"
            timelines.append(empty(title: root.child("event")?.attribute("name") ?? root.child("library")?.child("event")?.attribute("name"),
                                   line: root.line, why: why))
        }
        return timelines
    }

    private func clipCount(_ e: XMLElement) -> Int {
        var n = 0
        for c in e.children {
            switch c.name {
            case "asset-clip", "clip", "ref-clip", "sync-clip", "mc-clip", "audition": n += 1
            case "event", "library", "collection-folder": n += clipCount(c)
            default: break
            }
        }
        return n
    }

    private func empty(title: String?, line: Int, why: String) -> Timeline {
        var diags = ReadDiagnostics(file: fileName)
        diags.warn(line, why)
        let rate = resources.formats.keys.sorted().lazy.compactMap { resources.rate(ofFormat: $0) }.first
        return Timeline(title: title, rate: rate ?? .fps25,
                        source: ListSource(path: fileName, format: .fcpxml, dialect: dialect,
                                           rateBasis: rate == nil ? "no format with a frame rate; 25 assumed" : "first format in the resources",
                                           diagnostics: diags.diagnostics))
    }

    func readSequence(_ seq: XMLElement, title: String?) -> Timeline {
        var diags = ReadDiagnostics(file: fileName)
        var rate: FrameRate
        var basis: String
        if let r = resources.rate(ofFormat: seq.attribute("format")) {
            rate = r
            basis = "sequence " + resources.formatDescription(seq.attribute("format"))
        } else {
            rate = .fps25
            basis = "sequence format has no frame duration; 25 assumed"
            diags.warn(seq.line, "the sequence's format (\(seq.attribute("format") ?? "none")) gives no frame rate; assuming 25 fps")
        }
        if seq.attribute("tcFormat") == "DF" {
            if rate.supportsDropFrame {
                rate = rate.withDropFrame(true)
                basis += ", drop-frame timecode"
            } else {
                diags.warn(seq.line, "tcFormat=\"DF\" at \(rate) fps, which has no drop-frame counting; ignored")
            }
        }
        var recordStart: Int64?
        if let tcText = seq.attribute("tcStart") {
            if let tc = FCPXMLTime(parsing: tcText) {
                let (f, exact) = tc.frames(at: rate)
                if !exact { diags.warn(seq.line, "tcStart \(tcText) is not on a frame boundary at \(rate); rounded down") }
                recordStart = f
            } else {
                diags.warn(seq.line, "tcStart=\"\(tcText)\" is not a time; ignored")
            }
        }
        var walker = FCPXMLStoryWalker(resources: resources, diagnostics: diags, timelineRate: rate)
        if let spine = seq.child("spine") {
            walker.walkSpine(spine, FCPXMLStoryWalker.Context(map: .identity, lane: 0, sequenceRate: rate))
        } else {
            walker.diagnostics.warn(seq.line, "sequence has no spine: no clips")
        }
        var assigner = FCPXMLTrackAssigner(rate: rate, diagnostics: walker.diagnostics)
        var events = assigner.events(from: walker.components)
        EventFlagging.flag(&events, rate: rate)
        let markers = walker.looseMarkers.map { assigner.marker($0) }
        return Timeline(title: title, rate: rate, recordStart: recordStart, events: events, markers: markers,
                        source: ListSource(path: fileName, format: .fcpxml, dialect: dialect, rateBasis: basis,
                                           diagnostics: assigner.diagnostics.diagnostics))
    }
}
