import DXAlign
import DXAudio
import DXStretch
import DXWarp
import Foundation
import Testing
import TestSupport

/// The guide region of a take about to be warped (`AlignmentTuning.warp`): a take whose local
/// tempo swings by ±35 %, or that says a word twice, is found where its line is; a take whose
/// line is not in the guide is still refused. Plain alignment (the default tuning) refuses the
/// bent takes: their votes lie on no single line.
@Suite struct WarpedTakeSearchTests {
    static let rate = SyntheticDialogue.rate
    /// Where the line starts in the guide (s), and the take's lead-in before it (s).
    static let lineStart = 5.0, leadIn = 0.5

    static func guide(_ line: [Float]) throws -> GuideAnalysis {
        let g = SyntheticDialogue.guide(seconds: 12, target: line, at: [lineStart], others: [811, 812, 813])
        return try GuideAnalysis(buffer: AudioBuffer(sampleRate: rate, channels: [g]), name: "guide")
    }

    /// `line` with its lead-in and tail, warped along `map` (plain take → warped take samples).
    static func warpedTake(_ line: [Float], map: (Int) -> WarpMap) throws -> [Float] {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("plain.wav"), warped = dir.appendingPathComponent("warped.wav")
        try SyntheticDialogue.write([SyntheticDialogue.take(line, pre: leadIn, post: 0.5)], to: plain)
        try WarpRenderer.render(take: plain.path, map: map(line.count), to: warped.path)
        return try AudioReader(path: warped.path).readAll().channels[0]
    }

    /// The line's first half slowed to 1.3× its length, the second half sped up to 0.75×
    /// (the warp bench's ±35 % band): its place in the guide drifts 0.23 s a second one way,
    /// then 0.33 s a second the other.
    static func ramp(lineFrames n: Int) -> WarpMap {
        let a = Int(leadIn * Double(rate)), h = n / 2
        return WarpMap(sampleRate: rate, points: [
            .init(take: a, guide: a),
            .init(take: a + h, guide: a + h * 130 / 100),
            .init(take: a + n, guide: a + h * 130 / 100 + (n - h) * 75 / 100),
        ], confidence: 1)
    }

    static func align(_ take: [Float], on guide: GuideAnalysis, tuning: AlignmentTuning) throws -> AlignmentResult {
        let aligner = try Aligner(tuning: tuning)
        let t = try aligner.take(buffer: AudioBuffer(sampleRate: rate, channels: [take]), name: "take", for: guide)
        return try aligner.align(t, on: guide)
    }

    @Test func aTakeWarpedByThirtyFivePercentIsFoundInWarpMode() throws {
        let line = SyntheticDialogue.line(seed: 41, syllables: 14)
        let guide = try Self.guide(line)
        let take = try Self.warpedTake(line, map: Self.ramp)
        let warp = try Self.align(take, on: guide, tuning: .warp)
        #expect(warp.match && !warp.ambiguous)
        // Take sample 0 belongs at the line's start less the lead-in; the warp region has
        // at least 0.5 s of margin, so the feature estimate has to be within a few tenths.
        let offset = try #require(warp.offsetSeconds)
        #expect(abs(offset - (Self.lineStart - Self.leadIn)) < 0.3, "offset \(offset)")
        let plain = try Self.align(take, on: guide, tuning: AlignmentTuning())
        #expect(!plain.match, "plain alignment places a bent take too (confidence \(plain.confidence))")
    }

    /// A take that says a stretch of the line twice (0.4 s, from the middle on) and is 12 %
    /// slower throughout: its second half lands 0.4 s later than the first.
    @Test func aSlowerTakeThatRepeatsAWordIsFoundInWarpMode() throws {
        let line = SyntheticDialogue.line(seed: 43, syllables: 14)
        let guide = try Self.guide(line)
        let cut = line.count / 2, word = Int(0.4 * Double(Self.rate))
        let said = Array(line[..<cut]) + Array(line[(cut - word)...])
        let take = try Self.warpedTake(said) { n in
            let a = Int(Self.leadIn * Double(Self.rate))
            return WarpMap(sampleRate: Self.rate, points: [.init(take: a, guide: a), .init(take: a + n, guide: a + n * 112 / 100)],
                           confidence: 1)
        }
        let warp = try Self.align(take, on: guide, tuning: .warp)
        #expect(warp.match && !warp.ambiguous, "confidence \(warp.confidence)")
        let offset = try #require(warp.offsetSeconds)
        #expect(abs(offset - (Self.lineStart - Self.leadIn)) < 0.45, "offset \(offset)")
        let plain = try Self.align(take, on: guide, tuning: AlignmentTuning())
        #expect(!plain.match, "plain alignment places the take too (confidence \(plain.confidence))")
    }

    /// Another line, warped the same way, against the same guide: refused in warp mode too.
    @Test func aWarpedTakeOfAnotherLineIsStillRefused() throws {
        let guide = try Self.guide(SyntheticDialogue.line(seed: 41, syllables: 14))
        for seed: UInt64 in [77, 78, 79] {
            let other = SyntheticDialogue.line(seed: seed, syllables: 14)
            for take in [try Self.warpedTake(other, map: Self.ramp), SyntheticDialogue.take(other, pre: Self.leadIn, post: 0.5)] {
                let warp = try Self.align(take, on: guide, tuning: .warp)
                #expect(!warp.match, "seed \(seed): confidence \(warp.confidence)")
            }
        }
    }
}
