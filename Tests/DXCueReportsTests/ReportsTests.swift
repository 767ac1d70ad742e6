import Foundation
import Testing
@testable import DXCueReports
import DXCueImport
import DXCueStore
import CCairo
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

    /// Japanese and Cyrillic print with the fonts `make deps` installs (DejaVu and
    /// fonts-droid-fallback); a script no installed font covers is reported by code point
    /// rather than printed as boxes in silence.
    @Test func charactersWithoutAFontAreReported() throws {
        let (d, dir) = try Self.data()
        defer { try? FileManager.default.removeItem(at: dir) }
        var covered = d
        covered.cues[0].line = "こんにちは、世界。Ça va? Привет"
        covered.cues[1].character = "太郎"
        let ok = try ReportPDF.renderChecked(ReportKind.supervisor.build(covered))
        #expect(ok.charactersWithoutFont.isEmpty, "missing: \(ok.charactersWithoutFont)")
        var uncovered = d
        uncovered.cues[0].line = "Linear B \u{10000}\u{10001} then plain text"
        let bad = try ReportPDF.renderChecked(ReportKind.supervisor.build(uncovered))
        #expect(bad.charactersWithoutFont.map(\.value) == [0x10000, 0x10001])
        #expect(bad.bytes.starts(with: Array("%PDF-".utf8)))
    }

    /// The PDF's fast text path puts every glyph where pango itself would: same glyphs,
    /// same advances, for Charade's lines and the strings reports print, in each font;
    /// what it cannot do (ligatures, other scripts, combining marks) goes to pango.
    @Test func pdfGlyphTablesMatchPango() throws {
        let (d, dir) = try Self.data()
        defer { try? FileManager.default.removeItem(at: dir) }
        let canvas = try PDFCanvas(landscape: false)
        var samples = d.cues.flatMap { [$0.line, $0.number, $0.character, $0.tcIn.description, Reports.reasonText($0)] }
        samples += ["AV To, y. Wa", "Café — naïve – “quoted” … 3+12", "Ελληνικά γράμματα", "Кириллица и пробел", "Line 12 for CHAR00, with a comma and a 'quote'",
                    "page 3 of 527", "Recording log: Cary Grant", "PERF · Performance"]
        var fast = 0
        for f in [PDFFont.body, .bold, .mono, .italic, .line, .big] {
            let table = canvas.glyphs[f.rawValue]
            for s in samples where !s.isEmpty {
                guard let shaped = table.shape(s) else { continue }
                fast += 1
                let pango = try #require(table.pangoRun(s), "\(f) '\(s)'")
                #expect(shaped.glyphs == pango.map(\.glyph), "\(f) '\(s)'")
                #expect(shaped.advances == pango.map(\.width), "\(f) '\(s)'")
            }
        }
        #expect(fast > 900)
        let body = canvas.glyphs[PDFFont.body.rawValue]
        #expect(body.shape("office") == nil)          // DejaVu's "ffi" ligature: pango lays it out
        #expect(body.shape("日本語") == nil)
        #expect(body.shape("e\u{301}") == nil)        // combining acute
        #expect(body.shape("Ελληνικά Кириллица") == nil && body.shape("Latin Кириллица") == nil)  // pango itemizes by script
        #expect(body.shape("Line 12") != nil)
        // Wrapped lines: as many as pango makes at the widths reports use; at any width
        // every line fits and no glyph is lost (or pango lays the text out itself).
        let wrapping = ["\"Eh\" (sotto/closed-mouth reaction)", "please— uh come in", "a-1 x-y -z 3-4 a - b a?b a!b a…b a–b a—b",
                        "x/y a/1 http://a.b/c (a) [b] {c} a.b a,b a;b a:b", "Line 12 for CHAR00, with a comma and a 'quote'"]
        for s in d.cues.map(\.line) + wrapping where !s.isEmpty {
            for w in [120.0, 190.0, 511.0] {
                let l = canvas.pangoLayout(s, .line, width: w, wrap: true)
                defer { g_object_unref(UnsafeMutableRawPointer(l)) }
                #expect(canvas.measure(s, .line, width: w) == Double(pango_layout_get_line_count(l)) * canvas.lineHeight(.line), "'\(s)' at \(w)")
            }
            guard let shaped = canvas.glyphs[PDFFont.body.rawValue].shape(s) else { continue }  // ligatures
            for w in [30.0, 45.0, 66.0] {
                guard let lines = shaped.wrapped(width: Int32(w * 1024)) else { continue }
                #expect(lines.allSatisfy { $0.width <= Int32(w * 1024) }, "'\(s)' at \(w)")
                #expect(lines.map(\.range.count).reduce(0, +) == shaped.glyphs.count && lines.first?.range.lowerBound == 0)
                #expect(zip(lines, lines.dropFirst()).allSatisfy { $0.range.upperBound == $1.range.lowerBound })
            }
        }
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
