import DXAudio
import DXEditModel
import Foundation
import Testing
import TestSupport

/// Runs the built dx-align on generated files: the --json contract of the bench scorer, the
/// batch NDJSON report and written BWF, and the exit statuses for bad input.
@Suite struct DXAlignCLITests {
    static func scene(in dir: URL, timeReference: UInt64 = 172_800_000) throws -> (guide: URL, take: URL, truth: Double) {
        let line = SyntheticDialogue.line(seed: 31, syllables: 8)
        let g = SyntheticDialogue.guide(seconds: 9, target: line, at: [5.0], others: [701, 702])
        let guide = dir.appendingPathComponent("guide.wav")
        let take = dir.appendingPathComponent("take.wav")
        try SyntheticDialogue.write([g], to: guide, timeReference: timeReference)
        try SyntheticDialogue.write([SyntheticDialogue.take(line, pre: 0.5, post: 0.5)], to: take)
        return (guide, take, 4.5)
    }

    static func object(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    static func number(_ v: JSONValue?) -> Double? { v?.numberText.flatMap(Double.init) }

    @Test func jsonFollowsTheBenchContract() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.scene(in: dir)
        let run = try Repo.run("dx-align", ["--guide", s.guide.path, "--take", s.take.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let o = try Self.object(run.stdout)
        #expect(o["schema"]?.int == 1)
        let offset = try #require(Self.number(o["offset_seconds"]))
        #expect(abs(offset - s.truth) <= 0.001)
        #expect(o["match"]?.bool == true)
        #expect(o["ambiguous"]?.bool == false)
        let c = try #require(Self.number(o["confidence"]))
        #expect(c >= 0 && c <= 1)
        let candidates = try #require(o["candidates"]?.array)
        #expect(candidates.count == 1)
        #expect(Self.number(candidates[0]["offset_seconds"]) != nil)
        #expect(o["offset_samples"]?.int == 216_000)
        // TimeReference 172 800 000 samples = 01:00:00:00; +4.5 s = 01:00:04:12 at 24 fps.
        #expect(o["timecode"]?.string == "01:00:04:12")
        #expect(o["channel"]?.int == 1)
        #expect(o["polarity_inverted"]?.bool == false)
    }

    @Test func noMatchIsAnAnswerNotAnError() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.scene(in: dir)
        let other = dir.appendingPathComponent("other.wav")
        try SyntheticDialogue.write([SyntheticDialogue.take(SyntheticDialogue.line(seed: 77, syllables: 8), pre: 0.5, post: 0.5)], to: other)
        let run = try Repo.run("dx-align", ["--guide", s.guide.path, "--take", other.path, "--json"])
        #expect(run.status == 0)
        let o = try Self.object(run.stdout)
        #expect(o["match"]?.bool == false)
        #expect(o["offset_seconds"] == .null)
    }

    @Test func badInputsGiveSysexitsAndNameTheFile() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.scene(in: dir)
        let empty = dir.appendingPathComponent("empty.wav")
        try Data().write(to: empty)
        let text = dir.appendingPathComponent("notes.wav")
        try Data("this is not audio\n".utf8).write(to: text)
        let truncated = dir.appendingPathComponent("truncated.wav")
        let bytes = try Data(contentsOf: s.take)
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        let long = dir.appendingPathComponent("long.wav")
        try SyntheticDialogue.write([SyntheticDialogue.line(seed: 5, syllables: 50)], to: long)
        let cases: [(String, Int32)] = [
            (dir.appendingPathComponent("missing.wav").path, 66), (empty.path, 65), (text.path, 65),
            (truncated.path, 65), (long.path, 65),
        ]
        for (take, status) in cases {
            let run = try Repo.run("dx-align", ["--guide", s.guide.path, "--take", take, "--json"])
            #expect(run.status == status, "\(take): \(run.stderr)")
            #expect(run.stderr.contains(take), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
        let usage = try Repo.run("dx-align", ["--guide", s.guide.path])
        #expect(usage.status == 64)
    }

    /// The library reports the take range and the take's length as facts; dx-align names
    /// the option (--take-range) in what it prints, and exits 65 as before.
    @Test func takeRangeFactsNameTheOption() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.scene(in: dir)
        let outside = try Repo.run("dx-align", ["--guide", s.guide.path, "--take", s.take.path, "--take-range", "30-40"])
        #expect(outside.status == 65)
        #expect(outside.stderr.contains("\(s.take.path): --take-range 30.0-40.0 s is not inside the "), "\(outside.stderr)")
        let long = dir.appendingPathComponent("long.wav")
        try SyntheticDialogue.write([SyntheticDialogue.line(seed: 5, syllables: 50)], to: long)
        let longer = try Repo.run("dx-align", ["--guide", s.guide.path, "--take", long.path])
        #expect(longer.status == 65)
        #expect(longer.stderr.contains("a take must lie inside its guide (use --take-range to align part of it)"), "\(longer.stderr)")
    }

    @Test func batchWritesSpotReadyBWFAndNDJSON() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.scene(in: dir)
        let other = dir.appendingPathComponent("absent.wav")
        try SyntheticDialogue.write([SyntheticDialogue.take(SyntheticDialogue.line(seed: 78, syllables: 8), pre: 0.5, post: 0.5)], to: other)
        let out = dir.appendingPathComponent("aligned")
        let run = try Repo.run("dx-align", ["batch", "--guide", s.guide.path, "--write", out.path, s.take.path, other.path])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let first = try Self.object(lines[0]), second = try Self.object(lines[1])
        #expect(first["take"]?.string == s.take.path)
        #expect(first["match"]?.bool == true)
        #expect(second["match"]?.bool == false)
        let written = try #require(first["written"]?.string)
        // With --write a row is the row without it plus what was written or why not, byte
        // for byte (the fields close the object).
        let plain = try Repo.run("dx-align", ["batch", "--guide", s.guide.path, s.take.path, other.path])
        let plainLines = plain.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == plainLines[0].dropLast() + #","written":"\#(written)"}"#)
        #expect(lines[1] == plainLines[1].dropLast() + #","written":null,"not_written":"no match"}"#)
        let reader = try AudioReader(path: written)
        // Guide TR + 4.5 s at 48 kHz.
        #expect(reader.metadata.bext?.timeReference == 172_800_000 + 216_000)
        #expect(reader.metadata.ixml?.toolNotes["ALIGNMENT"]?["OFFSET_SAMPLES"] == "216000")
        let original = try AudioReader(path: s.take.path)
        #expect(reader.frameCount == original.frameCount)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("absent.wav").path))
    }

    @Test func batchManifestAndUnwritableOutput() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.scene(in: dir)
        let manifest = dir.appendingPathComponent("list.csv")
        try Data("take,guide,window_start,window_end\ntake.wav,guide.wav,01:00:03:00,01:00:06:00\n".utf8).write(to: manifest)
        let run = try Repo.run("dx-align", ["batch", "--manifest", manifest.path])
        #expect(run.status == 0, "\(run.stderr)")
        let o = try Self.object(run.stdout.split(separator: "\n").map(String.init)[0])
        #expect(abs((Self.number(o["offset_seconds"]) ?? 0) - s.truth) <= 0.001)
        // A search window elsewhere: the line is not there.
        try Data("take.wav,guide.wav,01:00:08:00,01:00:09:00\n".utf8).write(to: manifest)
        let away = try Repo.run("dx-align", ["batch", "--manifest", manifest.path])
        #expect(try Self.object(away.stdout.split(separator: "\n").map(String.init)[0])["match"]?.bool == false)
        // A file where the output folder should be: 73, nothing written.
        let blocker = dir.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let bad = try Repo.run("dx-align", ["batch", "--guide", s.guide.path, "--write", blocker.path, s.take.path])
        #expect(bad.status == 73)
        #expect(bad.stderr.contains(blocker.path))
        // A malformed manifest row names the line.
        try Data("take.wav\n".utf8).write(to: manifest)
        let malformed = try Repo.run("dx-align", ["batch", "--manifest", manifest.path])
        #expect(malformed.status == 65)
        #expect(malformed.stderr.contains("list.csv:1"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!files.contains { $0.contains(".dxkit-") })
    }
}
