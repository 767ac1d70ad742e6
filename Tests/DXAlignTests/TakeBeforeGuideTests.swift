import DXAlign
import DXAudio
import Testing
import TestSupport

/// A long take whose first seconds precede the guide's start (issue 14): take sample 0 lands
/// at a negative guide sample. The same performance must still be placed to the sample, as it
/// is when the whole take lies inside the guide.
@Suite struct TakeBeforeGuideTests {
    static let rate = SyntheticDialogue.rate

    /// `seconds` of continuous dialogue (lines of seeds 700…, 0.3–0.7 s apart: one utterance).
    static func longPerformance(seconds: Double) -> [Float] {
        var x: [Float] = []
        var seed: UInt64 = 700
        var rng = SplitMix64(seed)
        while Double(x.count) < seconds * Double(rate) {
            x += SyntheticDialogue.line(seed: seed, syllables: 10)
            x += [Float](repeating: 0, count: Int(rng.uniform(0.3, 0.7) * Double(rate)))
            seed += 1
        }
        return x
    }

    /// The guide picks the performance up `lead` samples in, so the truth is −`lead`.
    static func run(takeSeconds: Double, lead: Int) throws -> (AlignmentResult, truth: Int64) {
        let performance = longPerformance(seconds: takeSeconds)
        let take = SyntheticDialogue.take(performance, pre: 0, post: 0.5)
        let heard = Array(performance[lead...])
        let guide = SyntheticDialogue.guide(seconds: Double(heard.count) / Double(rate) + 15, target: heard, at: [0],
                                            others: [731, 732])
        let r = try AlignmentHardCaseTests.run(.init(guide: [guide], take: take, truth: []))
        return (r, -Int64(lead))
    }

    @Test(arguments: [(60.0, 4 * 48_000 + 37)])
    func takeStartingBeforeTheGuideIsPlacedToTheSample(takeSeconds: Double, lead: Int) throws {
        let (r, truth) = try Self.run(takeSeconds: takeSeconds, lead: lead)
        #expect(r.match)
        let offset = try #require(r.offsetSamples, "no offset; best guess \(String(describing: r.bestGuess?.offsetSamples))")
        #expect(abs(offset - truth) <= 2, "offset \(offset) samples, truth \(truth) (method \(String(describing: r.method)))")
        #expect(r.method == .waveform)
    }
}
