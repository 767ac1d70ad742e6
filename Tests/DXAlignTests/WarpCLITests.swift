import DXAudio
import DXEditModel
import DXStretch
import DXWarp
import Foundation
import Testing
import TestSupport

/// Runs the built `dx-align --warp` on generated dialogue: a take made from the guide's line
/// by a known time map must come back onto the guide (map file, output length, TimeReference,
/// the line where the guide has it); a take whose line is not in the guide is refused.
@Suite struct WarpCLITests {
    static let rate = SyntheticDialogue.rate
    static let guideTR: UInt64 = 172_800_000

    /// The guide (9 s, the line at 5.0 s, TimeReference 01:00:00:00 at 48 kHz) and a take of
    /// the same line, 0.5 s in, warped by `takeMap` (plain take → warped take).
    static func scene(in dir: URL) throws -> (guide: URL, take: URL, lineFrames: Int) {
        let line = SyntheticDialogue.line(seed: 31, syllables: 8)
        let guide = dir.appendingPathComponent("guide.wav"), plain = dir.appendingPathComponent("plain.wav")
        try SyntheticDialogue.write([SyntheticDialogue.guide(seconds: 9, target: line, at: [5.0], others: [701, 702])],
                                    to: guide, timeReference: guideTR)
        try SyntheticDialogue.write([SyntheticDialogue.take(line, pre: 0.5, post: 0.5)], to: plain)
        let take = dir.appendingPathComponent("take.wav")
        try WarpRenderer.render(take: plain.path, map: takeMap(lineFrames: line.count), to: take.path)
        return (guide, take, line.count)
    }

    /// The line's first half 15 % slower, its second half 10 % faster (plain → warped take).
    static func takeMap(lineFrames n: Int) -> WarpMap {
        let a = 24_000, h = n / 2
        return WarpMap(sampleRate: rate, points: [
            .init(take: a, guide: a),
            .init(take: a + h, guide: a + h * 115 / 100),
            .init(take: a + n, guide: a + h * 115 / 100 + (n - h) * 90 / 100),
        ], confidence: 1)
    }

    /// Guide sample of warped-take sample `t`: back through `takeMap`, then the line's place.
    static func truth(_ t: Int, lineFrames n: Int) -> Double {
        let p = takeMap(lineFrames: n).points
        var plain = Double(t - p[2].guide + p[2].take)
        for (a, b) in zip(p, p.dropFirst()) where t <= b.guide {
            plain = Double(a.take) + Double(t - a.guide) * Double(b.take - a.take) / Double(b.guide - a.guide)
            break
        }
        return plain + 216_000  // plain take sample 0 is guide 4.5 s
    }

    /// A map file's value at take seconds `t`, in guide samples (linear, slope 1 outside).
    static func evaluate(_ points: [(Double, Double)], at t: Double) -> Double {
        guard let first = points.first, let last = points.last else { return .nan }
        if t <= first.0 { return (first.1 - (first.0 - t)) * Double(rate) }
        for (a, b) in zip(points, points.dropFirst()) where t <= b.0 && b.0 > a.0 {
            return (a.1 + (t - a.0) * (b.1 - a.1) / (b.0 - a.0)) * Double(rate)
        }
        return (last.1 + (t - last.0)) * Double(rate)
    }

    static func object(_ text: String) throws -> JSONValue { try JSONValue(parsing: Array(text.utf8)) }
    static func number(_ v: JSONValue?) -> Double? { v?.numberText.flatMap(Double.init) }

    @Test func aWarpedTakeComesBackOntoTheGuide() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.scene(in: dir)
        let out = dir.appendingPathComponent("out.wav"), mapFile = dir.appendingPathComponent("map.json")
        let run = try Repo.run("dx-align", ["--warp", "--guide", s.guide.path, "--take", s.take.path, "--out", out.path,
                                            "--map", mapFile.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Self.object(run.stdout)
        #expect(report["match"]?.bool == true)
        let warp = try #require(report["warp"])
        // The map file: schema 1, both coordinates non-decreasing, the same points as --json.
        let file = try Self.object(String(decoding: try Data(contentsOf: mapFile), as: UTF8.self))
        #expect(file["schema"]?.int == 1)
        let points = try #require(file["points"]?.array).compactMap { p -> (Double, Double)? in
            guard let a = Self.number(p.array?.first), let b = Self.number(p.array?.last) else { return nil }
            return (a, b)
        }
        #expect(points.count >= 2)
        #expect(zip(points, points.dropFirst()).allSatisfy { $1.0 >= $0.0 && $1.1 >= $0.1 })
        #expect(warp["points"]?.array?.count == points.count)
        // Where the line is (warped take 0.6 s … end of line), the map sends the take to the guide.
        let lineEnd = Self.takeMap(lineFrames: s.lineFrames).points[2].guide
        var worst = 0.0
        for t in stride(from: 28_800, to: lineEnd - 4_800, by: 2_400) {
            worst = max(worst, abs(Self.evaluate(points, at: Double(t) / Double(Self.rate)) - Self.truth(t, lineFrames: s.lineFrames)))
        }
        #expect(worst / Double(Self.rate) <= 0.025, "worst map error \(worst / 48) ms")
        // The BWF: spot-ready at the guide's clock, the take's length changed by the warp.
        let written = try AudioReader(path: out.path)
        let start = try #require(warp["output_start_samples"]?.int)
        #expect(written.metadata.bext?.timeReference == Self.guideTR + UInt64(start))
        #expect(written.metadata.ixml?.toolNotes["ALIGNMENT"]?["MODE"] == "warp")
        #expect(written.format.sampleRate == Self.rate)
        #expect(Int(written.frameCount) == warp["output_frames"]?.int)
    }

    @Test func theGuideLengthFormPutsTheLineWhereTheGuideHasIt() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.scene(in: dir)
        let out = dir.appendingPathComponent("out.wav"), mapFile = dir.appendingPathComponent("map.json")
        let run = try Repo.run("dx-align", ["warp", "--guide", s.guide.path, "--take", s.take.path, "--out", out.path,
                                            "--map", mapFile.path, "--guide-length"])
        #expect(run.status == 0, "\(run.stderr)")
        let y = try AudioReader(path: out.path).readAll(), g = try AudioReader(path: s.guide.path).readAll()
        #expect(y.frameCount == g.frameCount)
        #expect(try AudioReader(path: out.path).metadata.bext?.timeReference == Self.guideTR)
        // Envelope lag between output and guide over the line: within 8 ms.
        func envelope(_ x: [Float]) -> [Float] {
            stride(from: 240_000, to: 240_000 + s.lineFrames, by: 48).map { i in (i..<(i + 240)).reduce(0) { $0 + abs(x[$1]) } }
        }
        let a = envelope(y.channels[0]), b = envelope(g.channels[0])
        let best = (-50...50).max { l, r in
            Self.correlation(a, b, lag: l) < Self.correlation(a, b, lag: r)
        }!
        #expect(abs(best) <= 8, "output lags the guide by \(best) ms")
    }

    static func correlation(_ a: [Float], _ b: [Float], lag: Int) -> Float {
        var s: Float = 0
        for i in max(0, -lag)..<min(a.count, b.count - lag) { s += a[i] * b[i + lag] }
        return s
    }

    @Test func aTakeNotInTheGuideIsRefusedAndNothingWritten() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.scene(in: dir)
        let other = dir.appendingPathComponent("other.wav"), out = dir.appendingPathComponent("out.wav")
        try SyntheticDialogue.write([SyntheticDialogue.take(SyntheticDialogue.line(seed: 77, syllables: 8), pre: 0.5, post: 0.5)],
                                    to: other)
        let run = try Repo.run("dx-align", ["--warp", "--guide", s.guide.path, "--take", other.path, "--out", out.path,
                                            "--map", dir.appendingPathComponent("m.json").path, "--json"])
        #expect(run.status == 1)
        let o = try Self.object(run.stdout)
        #expect(o["match"]?.bool == false)
        #expect(o["warp"] == .null)
        #expect(o["not_written"]?.string?.hasPrefix("no match") == true)
        #expect(run.stderr.contains("not warped"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.json").path))
        // Bad options are usage errors (64) before any work.
        let bad = try Repo.run("dx-align", ["--warp", "--guide", s.guide.path, "--take", s.take.path, "--out", out.path,
                                            "--max-stretch", "1.2:1.5"])
        #expect(bad.status == 64)
    }

    /// A take whose tempo swings by ±35 % (`WarpedTakeSearchTests.ramp`): warped, where plain
    /// alignment finds no single place for it.
    @Test func aTakeRampedByThirtyFivePercentIsWarped() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = SyntheticDialogue.line(seed: 41, syllables: 14)
        let guide = dir.appendingPathComponent("guide.wav"), take = dir.appendingPathComponent("take.wav")
        try SyntheticDialogue.write([SyntheticDialogue.guide(seconds: 12, target: line, at: [WarpedTakeSearchTests.lineStart],
                                                             others: [811, 812, 813])], to: guide)
        try SyntheticDialogue.write([try WarpedTakeSearchTests.warpedTake(line, map: WarpedTakeSearchTests.ramp)], to: take)
        let out = dir.appendingPathComponent("out.wav")
        let run = try Repo.run("dx-align", ["--warp", "--guide", guide.path, "--take", take.path, "--out", out.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.object(run.stdout)["match"]?.bool == true)
        #expect(FileManager.default.fileExists(atPath: out.path))
        let plain = try Repo.run("dx-align", ["--guide", guide.path, "--take", take.path, "--json"])
        #expect(try Self.object(plain.stdout)["match"]?.bool == false)
    }

    @Test func aBatchWarpsIntoTheFolder() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.scene(in: dir)
        let other = dir.appendingPathComponent("other.wav")
        try SyntheticDialogue.write([SyntheticDialogue.take(SyntheticDialogue.line(seed: 78, syllables: 8), pre: 0.5, post: 0.5)],
                                    to: other)
        let folder = dir.appendingPathComponent("warped")
        let run = try Repo.run("dx-align", ["batch", "--warp", "--guide", s.guide.path, "--write", folder.path,
                                            s.take.path, other.path])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try run.stdout.split(separator: "\n").map { try Self.object(String($0)) }
        #expect(lines.count == 2)
        #expect(lines[0]["out"]?.string == folder.appendingPathComponent("take.wav").path)
        #expect(lines[1]["match"]?.bool == false)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("take.map.json").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("other.wav").path))
    }
}
