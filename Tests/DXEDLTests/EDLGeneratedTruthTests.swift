import DXEDL
import DXEditModel
import DXTimecode
import Foundation
import TestSupport
import Testing

/// Generated lists with a truth file written by the generator itself (not by another
/// parser): 24 fps 3600 columns, 25 fps File32 with CRLF, 29.97 DF File128 with M2,
/// two-line dissolves and wipes, AUD, LOC, SOURCE FILE. Every field of every event is
/// checked against what was generated.
@Suite struct EDLGeneratedTruthTests {
    static let cases: [(String, FrameRate)] = [
        ("gen-24-3600", .fps24), ("gen-25-file32", .fps25), ("gen-2997df-file128", .fps29_97DF),
    ]

    @Test(arguments: cases.map(\.0))
    func everyEventMatchesTheTruth(name: String) throws {
        let rate = Self.cases.first { $0.0 == name }!.1
        let t = try EDLReader().read(try Repo.fixtureBytes("edl-made/\(name).edl"), options: .init(rate: rate, fileName: name))
        let truthData = try Data(contentsOf: Repo.fixture("edl-made/\(name).truth.json"))
        let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: Any])
        let rows = try #require(truth["events"] as? [[String: Any]])
        #expect(t.events.count == rows.count)
        func tc(_ f: Int64) -> String { Timecode(frames: f, rate: rate).description }
        var wrong = 0
        for (e, r) in zip(t.events, rows) {
            var problems: [String] = []
            func check(_ what: String, _ got: String?, _ want: String?) {
                if got != want { problems.append("\(what): \(got ?? "nil") != \(want ?? "nil")") }
            }
            let channels = r["channels"] as! String
            let ext = (r["audio_ext"] as? [String] ?? []).compactMap { Int($0) }
            var want: [TrackID] = []
            if channels.contains("V") || channels == "B" { want.append(.editVideo) }
            switch channels.replacingOccurrences(of: "/V", with: "") {
            case "A", "B": want.append(.audio(1))
            case "A2": want.append(.audio(2))
            case "AA": want += [.audio(1), .audio(2)]
            default: break
            }
            want += ext.map { TrackID.audio($0) }
            check("tracks", "\(e.tracks)", "\(want.sorted())")
            check("event", e.number.map(String.init), (r["event"] as? Int).map(String.init))
            check("reel", e.source.reel, r["reel"] as? String)
            check("clip", e.source.clipName, r["clip_name"] as? String)
            check("file", e.source.file, r["source_file"] as? String)
            check("src in", tc(e.sourceRange.start), r["source_in"] as? String)
            check("src out", tc(e.sourceRange.end), r["source_out"] as? String)
            check("rec in", tc(e.record.start), r["record_in"] as? String)
            check("rec out", tc(e.record.end), r["record_out"] as? String)
            let tr = r["transition"] as! [String: Any]
            check("transition", e.transition.kind.rawValue, tr["type"] as? String)
            check("frames", String(e.transition.frames), String(tr["frames"] as? Int ?? -1))
            if tr["type"] as? String != "cut" {
                check("code", e.transition.code, tr["code"] as? String)
                check("from reel", e.transition.from?.reel, tr["from_reel"] as? String)
                check("from in", e.transition.fromSourceIn.map(tc), tr["from_source_in"] as? String)
            }
            let speed = r["speed"] as? [String: Any]
            // The M2 field has one decimal (18.75 is written 018.8): within half a step.
            let wantFPS = (speed?["fps"] as? NSNumber)?.doubleValue
            if let got = e.speed?.fps?.doubleValue, let wantFPS {
                if abs(got - wantFPS) > 0.05 + 1e-9 { problems.append("speed \(got) != \(wantFPS)") }
            } else if (e.speed == nil) != (wantFPS == nil) {
                problems.append("speed presence")
            }
            let markers = r["markers"] as? [[String: Any]] ?? []
            check("markers", e.markers.map { "\(tc($0.at)) \($0.color ?? "") \($0.name)" }.joined(separator: ","),
                  markers.map { "\($0["tc"]!) \($0["color"]!) \($0["name"]!)" }.joined(separator: ","))
            if !problems.isEmpty {
                wrong += 1
                if wrong <= 5 { Issue.record("\(name) event \(r["event"]!): \(problems.joined(separator: "; "))") }
            }
        }
        #expect(wrong == 0)
    }
}
