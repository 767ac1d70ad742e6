import DXConformLists
import DXEDL
import DXEditModel
import DXTimecode
import TestSupport
import Testing

/// parse → write → parse gives the same model, for every real list; and the canonical
/// JSON reads back to the same model too.
@Suite struct EDLRoundTripTests {
    /// The model without what only describes the input file (line numbers, raw text,
    /// diagnostics), which a rewrite legitimately changes.
    func essence(_ t: Timeline) -> Timeline {
        var t = t
        t.source = ListSource(format: .cmx3600)
        for i in t.events.indices {
            t.events[i].origin = Origin()
            // The writer spells the M2 line its own way; the values must survive.
            if let s = t.events[i].speed { t.events[i].speed = Speed(fps: s.fps, reel: s.reel, entry: s.entry) }
        }
        return t
    }

    func first(_ a: Timeline, _ b: Timeline) -> String {
        if a.title != b.title { return "title \(a.title ?? "-") vs \(b.title ?? "-")" }
        if a.events.count != b.events.count { return "event count \(a.events.count) vs \(b.events.count)" }
        for (x, y) in zip(a.events, b.events) where x != y {
            let fields: [(String, Bool)] = [
                ("tracks \(x.tracks) \(y.tracks)", x.tracks == y.tracks), ("record", x.record == y.record),
                ("source range", x.sourceRange == y.sourceRange), ("rate \(x.sourceRate) \(y.sourceRate)", x.sourceRate == y.sourceRate),
                ("source \(x.source) \(y.source)", x.source == y.source),
                ("transition \(x.transition) \(y.transition)", x.transition == y.transition),
                ("speed \(String(describing: x.speed)) \(String(describing: y.speed))", x.speed == y.speed),
                ("markers \(x.markers) \(y.markers)", x.markers == y.markers),
                ("comments \(x.comments) \(y.comments)", x.comments == y.comments),
                ("flags \(x.flags) \(y.flags)", x.flags == y.flags), ("number", x.number == y.number),
            ]
            return "event \(x.number ?? -1): " + fields.filter { !$0.1 }.map(\.0).joined(separator: "; ")
        }
        return "timeline fields differ: \(a.rate) \(b.rate) \(a.comments) \(b.comments) \(String(describing: a.recordStart)) \(String(describing: b.recordStart))"
    }

    @Test(arguments: EDLCorpusTests.files)
    func writeThenReadGivesTheSameModel(name: String) throws {
        let original = try EDLReader().read(try Repo.fixtureBytes("edl/\(name)"), options: .init(fileName: name))
        let text = EDLWriter().write(original)
        let again = try EDLReader().read(Array(text.utf8), options: .init(rate: original.rate, fileName: "rewritten.edl"))
        let a = essence(original), b = essence(again)
        if a != b { Issue.record("\(name): \(first(a, b))") }
    }

    @Test(arguments: EDLCorpusTests.files)
    func canonicalJSONReadsBack(name: String) throws {
        let original = try EDLReader().read(try Repo.fixtureBytes("edl/\(name)"), options: .init(fileName: name))
        let json = CanonicalJSON.encode(original)
        let again = try CanonicalJSONReader().read(Array(json.utf8), fileName: "x.json")
        var a = essence(original), b = essence(again)
        b.source = a.source
        for i in a.events.indices { a.events[i].speed?.raw = nil }
        for i in b.events.indices where i < a.events.count {
            // JSON keeps M2 values; its own `raw` is not part of the schema.
            b.events[i].speed?.raw = nil
        }
        if a != b { Issue.record("\(name): \(first(a, b))") }
    }
}
