import Foundation
import Testing
@testable import DXCueImport
import DXTimecode
import TestSupport

/// Every export in Fixtures/cues imports; time-format variants of one session agree.
struct CorpusImportTests {
    static let allFiles: [String] = {
        let top = Repo.fixtures(in: "cues").filter { !$0.hasDirectoryPath && $0.pathExtension != "" }
            .map { "cues/" + $0.lastPathComponent }
        let daw = Repo.fixtures(in: "cues/daw_file_tools").map { "cues/daw_file_tools/" + $0.lastPathComponent }
        return top + daw
    }()

    @Test func corpusIsThere() {
        #expect(Self.allFiles.count == 37)
    }

    @Test(arguments: allFiles)
    func imports(path: String) throws {
        let bytes = try Repo.fixtureBytes(path)
        let r = try CueImporter.read(bytes: bytes, file: path, rate: .fps25)
        // Every warning names the file, and a line where one applies.
        for w in r.warnings { #expect(w.file == path) }
        if path.hasSuffix(".csv") || path.contains("avid") || path.hasSuffix(".edl") {
            #expect(r.cues.count > 0)
        }
    }

    @Test func daWFileToolsSessionsParse() throws {
        for path in Self.allFiles where path.contains("daw_file_tools") {
            let s = try SessionText(bytes: Repo.fixtureBytes(path), file: path)
            #expect(!s.sessionName.isEmpty, "\(path)")
            if path.contains("TextEditFormat") {
                #expect(s.encoding == .macRoman)
                #expect(s.markers.map(\.name).contains("Test Ellipsis…"))
            }
            if path.contains("UnrecognizedSection") {
                #expect(s.warnings.contains { $0.message.contains("unrecognized section") && $0.line != nil })
            }
        }
        let utf = try SessionText(bytes: Repo.fixtureBytes("cues/daw_file_tools/SessionText_ExtendedChars_UTF8Format_PT2023.3.txt"), file: "u")
        let mac = try SessionText(bytes: Repo.fixtureBytes("cues/daw_file_tools/SessionText_ExtendedChars_TextEditFormat_PT2023.3.txt"), file: "m")
        #expect(utf.markers.map(\.name) == mac.markers.map(\.name))
    }

    @Test func newLinesAndTabsInMarkerNames() throws {
        let s = try SessionText(bytes: Repo.fixtureBytes("cues/daw_file_tools/SessionText_NewLinesAndTabs_DefaultExportOptions_PT2023.6.txt"), file: "n")
        #expect(s.markers.count == 12)
        #expect(s.markers[0].name == "Marker Name\nWith New Line")
        #expect(s.markers[1].comments == "Comment Here\nWith New Line")
        #expect(s.markers[2].name == "Marker Name Again\nWith New Line Again")
        #expect(s.markers[2].comments == "Comment Here Again\nWith New Line Again")
        #expect(s.markers[4].name == "Marker Name\tWith Tab")
        #expect(s.markers[6].comments == "Comments Here\tWith Tab")
        #expect(s.markers[9].name == "Marker Name\tWith Tab\tAnd Another Tab")
        #expect(s.markers[9].comments == "Comment Here\tWith Tab\tAnd Another Tab")
        #expect(s.warnings.isEmpty)
    }

    /// The same clip in every time format lands on the same frame (min:secs without
    /// milliseconds only to the second).
    @Test func timeFormatsAgree() throws {
        func clip(_ name: String) throws -> (Int64, Int64) {
            let s = try SessionText(bytes: Repo.fixtureBytes("cues/daw_file_tools/SessionText_TimeFormats_\(name)_PT2022.9.txt"), file: name)
            let c = try ExportClock(session: s)
            let clip = s.tracks[0].clips[0]
            return (try c.frames(clip.start), try c.frames(clip.end))
        }
        let tc = try clip("Timecode")
        for v in ["Timecode_ShowSubframes", "FeetFrames", "FeetFrames_ShowSubframes", "Samples", "Samples_ShowSubframes",
                  "MinSecs_ShowSubframes"] {
            let (a, b) = try clip(v)
            #expect(a == tc.0, "\(v) start")
            #expect(abs(b - tc.1) <= 1, "\(v) end")
        }
        let ms = try clip("MinSecs")
        #expect(abs(ms.0 - tc.0) <= 24 && abs(ms.1 - tc.1) <= 24)
        // Bars|beats cannot be placed: a clear error, not a guess.
        let bb = try SessionText(bytes: Repo.fixtureBytes("cues/daw_file_tools/SessionText_TimeFormats_BarsBeats_PT2022.9.txt"), file: "b")
        #expect(throws: ExportClockError.self) { try ExportClock(session: bb).frames(bb.tracks[0].clips[0].start) }
    }

    /// Robin Hood in feet+frames, min:secs, min:secs.ms and samples: ptulsconv fails on
    /// them; here they give the same cues, tags and (to the frame) times as the timecode export.
    @Test(arguments: [("robin_hood_spotting2", "robin_hood_spotting", 1), ("robin_hood_spotting4", "robin_hood_spotting", 1),
                      ("robin_hood_spotting_mss", "robin_hood_spotting_df", 1), ("robin_hood_spotting_samples", "robin_hood_spotting_df", 0),
                      ("robin_hood_spotting_ms", "robin_hood_spotting_df", 30)])
    func variantsAgree(variant: String, reference: String, tolerance: Int) throws {
        let a = try ProToolsCueReader.read(bytes: Repo.fixtureBytes("cues/\(variant).txt"), file: variant)
        let b = try ProToolsCueReader.read(bytes: Repo.fixtureBytes("cues/\(reference).txt"), file: reference)
        #expect(a.cues.count == 85)
        #expect(a.cues.map(\.number) == b.cues.map(\.number))
        #expect(a.cues.map(\.tags) == b.cues.map(\.tags))
        var worst: Int64 = 0
        for (x, y) in zip(a.cues, b.cues) {
            worst = max(worst, abs(x.start - y.start), abs(x.finish - y.finish))
        }
        #expect(worst <= Int64(tolerance), "\(variant): worst difference \(worst) frames")
    }

    @Test func duplicateCueNumberIsRefusedNamingBothPlaces() throws {
        var text = String(decoding: try Repo.fixtureBytes("cues/test_for_ptulsconv.txt"), as: UTF8.self)
        text = text.replacingOccurrences(of: "$QN=T1002", with: "$QN=T1001")
        do {
            _ = try ProToolsCueReader.read(bytes: Array(text.utf8), file: "dup.txt")
            Issue.record("duplicate accepted")
        } catch let e as CueImportError {
            #expect(e.description.contains("dup.txt:18"))
            #expect(e.description.contains("dup.txt:17"))
            #expect(e.description.contains("T1001"))
        }
    }

    /// Truncated and corrupted exports never crash the reader.
    @Test func damagedInputNeverCrashes() throws {
        let bytes = try Repo.fixtureBytes("cues/charade.txt")
        var cut = 0
        while cut < bytes.count {
            _ = try? CueImporter.read(bytes: Array(bytes.prefix(cut)), file: "cut", rate: .fps25)
            cut += 1499
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<40 {
            var b = bytes
            for _ in 0..<20 { b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            _ = try? CueImporter.read(bytes: b, file: "noise")
        }
        for format in CueImporter.Format.allCases {
            _ = try? CueImporter.read(bytes: Array(bytes.prefix(3000)), file: "x", format: format, rate: .fps25)
            _ = try? CueImporter.read(bytes: [], file: "x", format: format, rate: .fps25)
        }
    }

    @Test func tagGrammar() {
        let t = TaggedName(parsing: "\"Here you are.\" {R=Replace temp}  $QN=P104 [TV] stray")
        #expect(t.text == "\"Here you are.\"")
        #expect(t.tagDictionary == ["R": "Replace temp", "QN": "P104", "TV": "TV"])
        #expect(t.strayWords == ["stray"])
        let s = TaggedName(parsing: "@{Sc=2 Int. Castle}")
        #expect(s.mode == .timespan && s.text == nil && s.tagDictionary == ["Sc": "2 Int. Castle"])
        let cp = TaggedName(parsing: "Get out! {say it louder} [Off mic]")
        #expect(cp.text == "Get out!" && cp.braceTexts == ["say it louder"] && cp.bracketTexts == ["Off mic"])
        #expect(TaggedName(parsing: "x {unclosed").malformed == ["{unclosed"])
    }

    @Test func markerListsAndCSV() throws {
        let avid = try CueImporter.read(bytes: Repo.fixtureBytes("cues/avid_locators_adr.txt"), file: "a", rate: .fps24)
        #expect(avid.format == "avid-markers")
        let jim = try #require(avid.cues.first)
        #expect(jim.character == "JIM" && jim.line == "Get in the car, we're leaving now." && jim.reasonCode == .noise)
        #expect(jim.tcIn.description == "01:00:12:04")
        #expect(avid.cues.contains { $0.character == "Group" && $0.reasonCode == .group })
        #expect(avid.cues.contains { $0.flags.contains(.offScreen) && $0.reasonCode == .story })
        let edl = try CueImporter.read(bytes: Repo.fixtureBytes("cues/resolve_markers_adr.edl"), file: "r", rate: .fps24)
        #expect(edl.format == "resolve-marker-edl")
        let first = try #require(edl.cues.first)
        #expect(first.number == "JM101" && first.character == "JIM" && first.finish - first.start == 62)
        let csv = try CueImporter.read(bytes: Repo.fixtureBytes("cues/resolve_adr_cuelist.csv"), file: "c", rate: .fps24)
        #expect(csv.cues.map(\.number) == ["1", "2", "3"])
        #expect(csv.cues[2].status == .recorded && csv.cues[0].status == .spotted)
        let mapped = try CSVCueReader.read(bytes: Array("Cue,Who,Start,Text\nX1,ANN,01:00:00:00,Hello, \"you\"\n".utf8), file: "m",
                                           rate: .fps25, mapping: "number=Cue,character=Who,in=Start,line=4")
        #expect(mapped.cues.count == 1 && mapped.cues[0].character == "ANN")
    }

    /// A bad column mapping is refused with what is wrong with which entry, as a typed
    /// subject: the library names no command-line option.
    @Test func badColumnMappingIsAFactAboutTheEntry() throws {
        let bytes = Array("Cue,Who,Start\nX1,ANN,01:00:00:00\n".utf8)
        func refusal(_ mapping: String?, _ text: [UInt8]? = nil) -> CueImportError? {
            do { _ = try CSVCueReader.read(bytes: text ?? bytes, file: "m.csv", rate: .fps25, mapping: mapping) } catch {
                return error as? CueImportError
            }
            return nil
        }
        let unknown = try #require(refusal("who=2"))
        #expect(unknown.description.hasPrefix("column mapping 'who=2': expected FIELD=COLUMN"))
        guard case .columnMapping("who=2", let reason) = unknown.subject else { Issue.record("\(unknown.subject)"); return }
        #expect(reason.hasPrefix("expected FIELD=COLUMN with FIELD one of number, in"))
        let missing = try #require(refusal("in=When"))
        #expect(missing.subject == .columnMapping(entry: "in=When", reason: "no column named 'When' in the first line of m.csv"))
        let noIn = try #require(refusal(nil, Array("Cue,When,Line\nA1,01:00:00:00,Hi\n".utf8)))
        #expect(noIn.subject == .noInColumn && noIn.description == "m.csv: no TC-in column found")
        #expect(![unknown, missing, noIn].contains { $0.description.contains("--") })
    }
}
