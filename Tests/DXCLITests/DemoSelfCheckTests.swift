import Foundation
import TestSupport
import Testing

/// `make demo`'s self-check (scripts/demo-check.py) on small reports shaped like the demo's,
/// then on the same reports with one result made wrong: an offset two frames off (and one
/// just inside and just outside a frame), the line said twice not reported ambiguous, the
/// absent line placed, and a flag missing in the cue database. Each wrong result must fail
/// the check (exit 1) and be named.
@Suite struct DemoSelfCheckTests {
    /// Three takes as the demo makes them: a re-performance whose line is in the guide once
    /// (onset-aligned at 4.678 s, centre-aligned at 4.700 s), a line said twice, a line not in
    /// the guide.
    static let truth = """
        {"schema": 1, "fps": 25, "guide_start": "00:59:58:00", "takes": [
         {"take": "B101_t1.wav", "cue": "B101", "kind": "revoice", "match": true, "ambiguous": false,
          "occurrences": [{"cue": "B101", "offset_onset_seconds": 4.678, "offset_center_seconds": 4.7}]},
         {"take": "A101_t1.wav", "cue": "A101", "kind": "twice", "match": true, "ambiguous": true,
          "occurrences": [{"cue": "A101", "offset_onset_seconds": 1.5, "offset_center_seconds": 1.52},
                          {"cue": "A102", "offset_onset_seconds": 11.1, "offset_center_seconds": 11.12}]},
         {"take": "A104_t1.wav", "cue": "A104", "kind": "absent", "match": false, "ambiguous": false,
          "occurrences": []}]}
        """

    static func report(b101Offset: Double = 4.695, a101Ambiguous: Bool = true, a104Match: Bool = false) -> String {
        let a101Candidates = a101Ambiguous
            ? #"[{"offset_seconds": 1.511, "timecode": "00:59:59:12"}, {"offset_seconds": 11.111, "timecode": "01:00:09:02"}]"#
            : #"[{"offset_seconds": 11.111, "timecode": "01:00:09:02"}]"#
        return [
            #"{"schema":1,"take":"adr/takes/A101_t1.wav","offset_seconds":1.511,"match":true,"ambiguous":\#(a101Ambiguous),"confidence":0.97,"timecode":"00:59:59:12","candidates":\#(a101Candidates)}"#,
            a104Match
                ? #"{"schema":1,"take":"adr/takes/A104_t1.wav","offset_seconds":11.065,"match":true,"ambiguous":false,"confidence":0.65,"timecode":"01:00:09:01","candidates":[{"offset_seconds":11.065}]}"#
                : #"{"schema":1,"take":"adr/takes/A104_t1.wav","offset_seconds":null,"match":false,"ambiguous":false,"confidence":0.09,"timecode":null,"candidates":[]}"#,
            #"{"schema":1,"take":"adr/takes/B101_t1.wav","offset_seconds":\#(b101Offset),"match":true,"ambiguous":false,"confidence":0.96,"timecode":"01:00:02:17","candidates":[{"offset_seconds":\#(b101Offset)}]}"#,
        ].joined(separator: "\n") + "\n"
    }

    /// `dx-cues list --json` as the demo leaves it: A101 and A104 flagged, B101 circled.
    static func cues(a104Comment: String = "FLAG not found in the guide (confidence 0.09)", a101Circled: Bool = false) -> String {
        func cue(_ number: String, _ take: String, circled: Bool, comment: String) -> String {
            #"{"schema": 1, "number": "\#(number)", "takes": [{"number": 1, "file": "out/demo/adr/takes/\#(take)", "circled": \#(circled), "comment": "\#(comment)"}]}"#
        }
        return "[" + [
            cue("A101", "A101_t1.wav", circled: a101Circled, comment: "FLAG ambiguous: the line fits 00:59:59:12, 01:00:09:02"),
            cue("A104", "A104_t1.wav", circled: false, comment: a104Comment),
            cue("B101", "B101_t1.wav", circled: true, comment: "aligned at 01:00:02:17, confidence 0.96"),
        ].joined(separator: ",\n") + "]\n"
    }

    func check(_ mode: String, truth: String = truth, _ second: String, name: String) throws -> ToolRun {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = dir.appendingPathComponent("truth.json"), r = dir.appendingPathComponent(name)
        try Data(truth.utf8).write(to: t)
        try Data(second.utf8).write(to: r)
        return try Repo.runPython(script: "demo-check.py", [mode, t.path, r.path])
    }

    @Test func rightResultsPass() throws {
        let align = try check("align", Self.report(), name: "align.ndjson")
        #expect(align.status == 0, "\(align.stderr)")
        #expect(align.stdout.contains("B101_t1.wav  revoice") && align.stdout.contains("ok"))
        let filing = try check("filing", Self.cues(), name: "cues.json")
        #expect(filing.status == 0, "\(filing.stderr)")
        #expect(filing.stdout.contains("A104_t1.wav  cue A104  take 1 flagged"))
    }

    @Test func anOffsetTwoFramesOffFails() throws {
        let r = try check("align", Self.report(b101Offset: 4.7 + 0.08), name: "align.ndjson")
        #expect(r.status == 1)
        #expect(r.stderr.contains("demo-check: FAIL B101_t1.wav: placed at 4.780 s"))
        #expect(r.stderr.contains("from where its line is (4.678-4.700 s)"))
    }

    @Test func theToleranceIsOneFrame() throws {
        // 25 fps: 40 ms beyond the centre-aligned offset passes, 41 ms fails.
        #expect(try check("align", Self.report(b101Offset: 4.7 + 0.039), name: "a.ndjson").status == 0)
        #expect(try check("align", Self.report(b101Offset: 4.678 - 0.039), name: "a.ndjson").status == 0)
        #expect(try check("align", Self.report(b101Offset: 4.7 + 0.041), name: "a.ndjson").status == 1)
        #expect(try check("align", Self.report(b101Offset: 4.678 - 0.041), name: "a.ndjson").status == 1)
    }

    @Test func aLineSaidTwiceNotFlaggedFails() throws {
        let r = try check("align", Self.report(a101Ambiguous: false), name: "align.ndjson")
        #expect(r.status == 1)
        #expect(r.stderr.contains("A101_t1.wav: the line is said twice in the guide, but dx-align did not report it ambiguous"))
    }

    @Test func anAbsentLinePlacedFails() throws {
        let r = try check("align", Self.report(a104Match: true), name: "align.ndjson")
        #expect(r.status == 1)
        #expect(r.stderr.contains("A104_t1.wav: the line is not in the guide, but dx-align placed it at 11.065 s"))
    }

    @Test func aTakeMissingFromTheReportFails() throws {
        let lines = Self.report().split(separator: "\n").filter { !$0.contains("B101_t1") }.joined(separator: "\n")
        let r = try check("align", lines, name: "align.ndjson")
        #expect(r.status == 1)
        #expect(r.stderr.contains("B101_t1.wav: not in the dx-align report"))
    }

    @Test func aMissingOrWrongFlagInTheDatabaseFails() throws {
        let unflagged = try check("filing", Self.cues(a104Comment: "aligned"), name: "cues.json")
        #expect(unflagged.status == 1)
        #expect(unflagged.stderr.contains("A104_t1.wav (cue A104): its line is not in the guide, but the take is not flagged"))
        let circled = try check("filing", Self.cues(a101Circled: true), name: "cues.json")
        #expect(circled.status == 1)
        #expect(circled.stderr.contains("A101_t1.wav (cue A101): its line is said twice in the guide, but the take is circled"))
    }

    @Test func filingCirclesTheConfidentAndFlagsTheRest() throws {
        let r = try check("file", Self.report(), name: "align.ndjson")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.contains { $0.prefix(3) == ["A101", "1", "flag"] && $0[3].hasPrefix("FLAG ambiguous") })
        #expect(rows.contains { $0.prefix(3) == ["A104", "1", "flag"] && $0[3].hasPrefix("FLAG not found") })
        #expect(rows.contains { $0.prefix(3) == ["B101", "1", "circle"] })
    }
}
