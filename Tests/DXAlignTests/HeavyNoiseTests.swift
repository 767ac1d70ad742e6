import DXAlign
import DXAudio
import Testing

/// Guides recorded in heavy location noise (issue 14): wind and crowd babble 9 dB over the line
/// (`SyntheticDialogue.noise`: the noise's power against the line's, pauses included). The same
/// performance must still be found, to the millisecond; a line that is not in the guide must
/// still be refused in that same noise.
@Suite struct HeavyNoiseTests {
    static let seeds: [UInt64] = [31, 32, 33, 34]

    /// The line of `seed` at 4.2 s in a 10 s guide of other lines (20 dB over broadband noise),
    /// buried under `noise` at `snr` dB; take = the clean line with 0.8 s of silence before
    /// (truth 3.4 s). `present: false` leaves the line out of the guide.
    static func run(seed: UInt64, noise: SyntheticDialogue.Noise, snr: Double, present: Bool = true) throws
        -> AlignmentResult {
        let line = SyntheticDialogue.line(seed: seed, syllables: 8)
        var g = SyntheticDialogue.guide(seconds: 10, target: present ? line : [], at: present ? [4.2] : [],
                                        others: [101, 102, 103], noiseSeed: seed)
        let bed = SyntheticDialogue.noise(noise, count: g.count, under: line, snrDB: snr, seed: seed &+ 1)
        for i in g.indices { g[i] += bed[i] }
        return try AlignmentHardCaseTests.run(.init(guide: [g], take: SyntheticDialogue.take(line, pre: 0.8, post: 0.6),
                                                    truth: [3.4]))
    }

    /// Babble at −9 dB used to hide the line's place from the coarse search in 2 of these 4
    /// scenes (refused: "not in the guide").
    @Test(arguments: [SyntheticDialogue.Noise.wind, .babble])
    func samePerformanceInNoiseIsFound(noise: SyntheticDialogue.Noise) throws {
        for seed in Self.seeds {
            let r = try Self.run(seed: seed, noise: noise, snr: -9)
            #expect(r.match, "seed \(seed): refused, confidence \(r.confidence)")
            #expect(r.method == .waveform, "seed \(seed)")
            #expect(AlignmentHardCaseTests.error(r, [3.4]) <= 0.001, "seed \(seed): offset \(String(describing: r.offsetSeconds))")
        }
    }

    /// Babble at −9 dB: refused in all 4 scenes, before and after the crowded-search fallback
    /// (which only admits a waveform-confirmed place). Wind at −9 dB places an absent line in
    /// one scene (seed 33, by its votes alone: 3 of 4 chunks agree on a line, score 0.52,
    /// confidence 0.87, while the whole line's correlation stays under its null level). That
    /// came before this fix and is left open: refusing votes under the null level also refused
    /// 2 % of the bench's true re-performances (seed 1).
    @Test(arguments: [SyntheticDialogue.Noise.wind, .babble])
    func absentLineInNoiseIsRefused(noise: SyntheticDialogue.Noise) throws {
        for seed in Self.seeds {
            let r = try Self.run(seed: seed, noise: noise, snr: -9, present: false)
            let refused = {
                #expect(!r.match, "seed \(seed): absent line placed at \(String(describing: r.offsetSeconds)), confidence \(r.confidence)")
                #expect(r.candidates.isEmpty)
                #expect(r.confidence < 0.5)
            }
            if noise == .wind && seed == 33 {
                withKnownIssue("wind: an absent line's votes agree (issue 14, open)") { refused() }
            } else {
                refused()
            }
        }
    }
}
