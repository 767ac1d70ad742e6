import Foundation
import Testing
@testable import DXCueReports
import DXCueImport
import DXCueStore
import DXTimecode
import TestSupport

/// Reports built from Charade (41 cues, three reels) with two takes and a session.
struct ReportsTests {
    static func data() throws -> (ReportData, URL) {
        let dir = try Repo.temporaryDirectory()
        let store = try CueStore(path: dir.appendingPathComponent("r.dxcues").path)
        try store.importCues(try ProToolsCueReader.read(bytes: Repo.fixtureBytes("cues/charade.txt"), file: "charade.txt"))
        try store.addSession(name: "day1", stage: "Stage B", date: "2026-12-03", engineer: "Ann", note: nil, actors: ["Cary Grant"])
        var t1 = CueStore.NewTake(cue: "P101")
        t1.session = "day1"
        var t2 = CueStore.NewTake(cue: "P101")
        t2.circled = true
        try store.addTakes([t1, t2])
        try store.setStatus(.omitted, numbers: ["G101"])
        let d = ReportData(project: try store.project()!, cues: try store.cues(), sessions: try store.sessions(),
                           reels: try store.reels(), printed: "2026-12-02 10:00 UTC")
        return (d, dir)
    }

    @Test func lineCountPerCharacterPerReelAsFound() throws {
        let (d, dir) = try Self.data()
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = ReportKind.linecount.build(d)
        let s = try #require(doc.sections.first)
        #expect(s.columns.map(\.title) == ["CN", "Character", "Actor", "R1", "R2", "R3", "Total", "TV", "Opt", "Eff", "Budget"])
        let total = try #require(s.rows.last)
        #expect(total.style == .total)
        // G101 (R1) is omitted: 15 + 21 + 4.
        #expect(Array(total.cells[3...6]) == ["15", "21", "4", "40"])
        let peter = try #require(s.rows.first { $0.cells[1] == "PETER" })
        #expect(Array(peter.cells[3...]) == ["3", "6", "1", "10", "0", "0", "2", "0:50"])
        #expect(s.rows.first?.cells[0] == "1")   // CN order
        #expect(s.rows[s.rows.count - 2].cells[0] == "99g")
        #expect(s.footnotes.contains { $0.contains("omitted") })
    }

    @Test func supervisorListByReelThenTC() throws {
        let (d, dir) = try Self.data()
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = ReportKind.supervisor.build(d)
        #expect(doc.sections.map(\.heading) == ["Reel R1", "Reel R2", "Reel R3"])
        #expect(doc.sections.map(\.rows.count) == [16, 21, 4])
        for s in doc.sections { #expect(s.rows.map { $0.cells[3] } == s.rows.map { $0.cells[3] }.sorted()) }
        let p101 = try #require(doc.sections[0].rows.first { $0.cells[0] == "P101" })
        #expect(p101.cells[10] == "2")
    }

    @Test func logsHaveTakeGridsAndSidesOneActorPerPage() throws {
        let (d, dir) = try Self.data()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = ReportKind.log.build(d)
        let cary = try #require(log.sections.first { $0.heading?.contains("Cary Grant") == true })
        #expect(cary.layout == .cards)
        let p101 = try #require(cary.rows.first { $0.cells[0] == "P101" })
        #expect(p101.takeGrid == .init(slots: 10, recorded: [1, 2], circled: [2]))
        let sides = ReportKind.sides.build(d)
        #expect(sides.sections.count == 9)
        #expect(sides.sections.dropFirst().allSatisfy { $0.pageBreakBefore })
        #expect(!sides.sections.contains { $0.rows.contains { $0.cells[0] == "G101" } })  // omitted
    }

    @Test func callSheetPerSession() throws {
        let (d, dir) = try Self.data()
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = ReportKind.callsheet.build(d)
        #expect(doc.sections.first?.heading == "Session day1")
        #expect(doc.sections.first?.details.contains("Stage: Stage B") == true)
        let cary = try #require(doc.sections.first?.rows.first)
        #expect(cary.cells[0] == "Cary Grant" && cary.cells[2] == "9" && cary.cells[3] == "1")
        #expect(doc.sections.last?.heading == "Not yet called")
    }

    @Test func everyFormatRenders() throws {
        let (d, dir) = try Self.data()
        defer { try? FileManager.default.removeItem(at: dir) }
        for k in ReportKind.allCases {
            let doc = k.build(d)
            let csv = ReportText.csv(doc)
            #expect(csv.hasPrefix("Section,"))
            let json = ReportText.json(doc)
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(obj["schema"] as? Int == 1 && obj["report"] as? String == k.rawValue)
            let html = ReportText.html(doc)
            #expect(html.contains("@media print") && html.contains("@page") && !html.contains("<script") && !html.contains("http"))
            let pdf = try ReportPDF.render(doc)
            #expect(pdf.starts(with: Array("%PDF-".utf8)))
            #expect(String(decoding: pdf.suffix(8), as: UTF8.self).contains("%%EOF"))
        }
        // HTML escapes what it prints.
        var evil = d
        evil.cues[0].line = "<script>alert('x')</script> & \"q\""
        let html = ReportText.html(ReportKind.supervisor.build(evil))
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        // CSV quotes commas, quotes and newlines.
        #expect(ReportText.field("a,\"b\"\nc") == "\"a,\"\"b\"\"\nc\"")
    }

    /// Marker exports read back through dx-cues' own importers to the same cues.
    @Test func markerExportsRoundTrip() throws {
        let (d, dir) = try Self.data()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = d.cues.filter { $0.status != .omitted }
        let edl = MarkerExports.resolveEDL(d.cues, title: "Charade", rate: .fps25)
        let back = try CueImporter.read(bytes: Array(edl.utf8), file: "m.edl", rate: .fps25)
        #expect(back.format == "resolve-marker-edl")
        #expect(back.cues.map(\.number) == live.map(\.number))
        #expect(back.cues.map(\.start) == live.map(\.tcIn.frames))
        #expect(back.cues.map(\.finish) == live.map(\.tcOut.frames))
        #expect(back.cues.map(\.line) == live.map(\.line))
        #expect(back.warnings.isEmpty)
        let avid = MarkerExports.avidMarkers(d.cues)
        let back2 = try CueImporter.read(bytes: Array(avid.utf8), file: "m.txt", rate: .fps25)
        #expect(back2.format == "avid-markers")
        #expect(back2.cues.map(\.number) == live.map(\.number))
        #expect(back2.cues.map(\.start) == live.map(\.tcIn.frames))
        #expect(back2.cues.map { $0.character.uppercased() } == live.map { $0.character.uppercased() })
    }
}
