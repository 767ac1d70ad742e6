import DXAlign
import DXAudio
import DXSignal
import Testing
import TestSupport

/// One test per hard case of the bench generator (bench/align/make_cases.py), on generated
/// dialogue: the measured offset error must stay inside the bound, and the match / ambiguous
/// flags must be right.
@Suite struct AlignmentHardCaseTests {
    static let rate = SyntheticDialogue.rate
    static let frame24 = 1.0 / 24.0

    struct Case {
        var guide: [[Float]]
        var take: [Float]
        var takeRate = rate
        /// Guide seconds where take sample 0 belongs (one per occurrence).
        var truth: [Double]
    }

    /// Target line at `at` s in a 10 s guide; take = the line with 0.8 s of silence before.
    static func basic(seed: UInt64 = 11, at: Double = 4.2, snr: Double = 20) -> Case {
        let line = SyntheticDialogue.line(seed: seed, syllables: 8)
        let g = SyntheticDialogue.guide(seconds: 10, target: line, at: [at], others: [101, 102, 103], snrDB: snr)
        return Case(guide: [g], take: SyntheticDialogue.take(line, pre: 0.8, post: 0.6), truth: [at - 0.8])
    }

    static func run(_ c: Case, range: ClosedRange<Double>? = nil) throws -> AlignmentResult {
        let guide = try GuideAnalysis(buffer: AudioBuffer(sampleRate: rate, channels: c.guide), name: "guide")
        let aligner = try Aligner()
        let take = try aligner.take(buffer: AudioBuffer(sampleRate: c.takeRate, channels: [c.take]), name: "take",
                                    for: guide, range: range)
        return try aligner.align(take, on: guide)
    }

    static func error(_ r: AlignmentResult, _ truth: [Double]) -> Double {
        guard let o = r.offsetSeconds else { return .infinity }
        return truth.map { abs($0 - o) }.min()!
    }

    @Test func sameTakeIsPlacedToTheSample() throws {
        let c = Self.basic()
        let r = try Self.run(c)
        #expect(r.match && !r.ambiguous)
        #expect(r.method == .waveform)
        #expect(Self.error(r, c.truth) <= 1.0 / Double(Self.rate) * 2)
        #expect(r.polarityInverted == false)
        #expect(r.confidence > 0.9)
    }

    @Test func invertedPolarityIsFoundAndReported() throws {
        var c = Self.basic(seed: 12)
        c.guide[0] = c.guide[0].map { -$0 }
        let r = try Self.run(c)
        #expect(r.match)
        #expect(Self.error(r, c.truth) <= 0.001)
        #expect(r.polarityInverted == true)
    }

    @Test func dcOffsetInGuideAndTakeIsRemoved() throws {
        var c = Self.basic(seed: 13)
        c.guide[0] = c.guide[0].map { $0 + 0.06 }
        c.take = c.take.map { $0 - 0.04 }
        let r = try Self.run(c)
        #expect(r.match)
        #expect(Self.error(r, c.truth) <= 0.001)
    }

    @Test func lowSNRGuideStillMatches() throws {
        let c = Self.basic(seed: 14, snr: -3)
        let r = try Self.run(c)
        #expect(r.match)
        #expect(Self.error(r, c.truth) <= Self.frame24)
    }

    @Test func polyGuideIsSearchedPerChannel() throws {
        let line = SyntheticDialogue.line(seed: 15, syllables: 8)
        let boom = SyntheticDialogue.guide(seconds: 10, target: [], at: [], others: [201, 202, 203], noiseSeed: 1)
        let lav = SyntheticDialogue.guide(seconds: 10, target: line, at: [6.1], others: [205], noiseSeed: 2)
        let other = SyntheticDialogue.guide(seconds: 10, target: [], at: [], others: [206, 207], noiseSeed: 3)
        let c = Case(guide: [boom, lav, other], take: SyntheticDialogue.take(line, pre: 0.5, post: 0.5), truth: [5.6])
        let r = try Self.run(c)
        #expect(r.match)
        #expect(r.channel == 1)
        #expect(Self.error(r, c.truth) <= 0.001)
    }

    @Test func slateAndLongSilenceAreExcludedFromTheTake() throws {
        let line = SyntheticDialogue.line(seed: 16, syllables: 8)
        let slate = SyntheticDialogue.line(seed: 999, syllables: 9)
        let g = SyntheticDialogue.guide(seconds: 12, target: line, at: [7.0], others: [301, 302, 303])
        var take = SyntheticDialogue.take(slate, pre: 0.4, post: 5.0)
        let lineStart = take.count
        take += SyntheticDialogue.take(line, pre: 0, post: 3.0)
        let c = Case(guide: [g], take: take, truth: [7.0 - Double(lineStart) / Double(Self.rate)])
        let r = try Self.run(c)
        #expect(r.match)
        #expect(Self.error(r, c.truth) <= 0.001)
        #expect(r.takeRegion.lowerBound >= Double(lineStart) / Double(Self.rate) - 0.2)
        // --take-range gives the same answer without detection.
        let ranged = try Self.run(c, range: (Double(lineStart) / Double(Self.rate) - 0.1)...(Double(take.count) / Double(Self.rate) - 2.9))
        #expect(Self.error(ranged, c.truth) <= 0.001)
    }

    @Test func take44100IsResampledToTheGuideRate() throws {
        var c = Self.basic(seed: 17)
        c.take = try Resampler.resample(c.take, from: Self.rate, to: 44_100)
        c.takeRate = 44_100
        let r = try Self.run(c)
        #expect(r.match)
        #expect(Self.error(r, c.truth) <= 0.001)
        #expect(r.takeSampleRate == 44_100)
    }

    @Test func repeatedLineIsFlaggedAmbiguousWithBothPlaces() throws {
        let line = SyntheticDialogue.line(seed: 18, syllables: 8)
        let g = SyntheticDialogue.guide(seconds: 12, target: line, at: [1.5, 7.5], others: [401, 402])
        let c = Case(guide: [g], take: SyntheticDialogue.take(line, pre: 0.7, post: 0.5), truth: [0.8, 6.8])
        let r = try Self.run(c)
        #expect(r.match)
        #expect(r.ambiguous)
        #expect(r.candidates.count >= 2)
        for t in c.truth {
            #expect(r.candidates.contains { abs($0.offsetSeconds - t) <= 0.001 })
        }
    }

    /// A re-performance (varispeed 4 % faster) of a line said twice, the second time under
    /// louder noise: no waveform confirms either place, the second one votes lower, and both
    /// must still be reported — the votes of both places run at the same tempo.
    @Test func reperformedRepeatedLineIsFlaggedAmbiguous() throws {
        let line = SyntheticDialogue.line(seed: 21, syllables: 9)
        let faster = try Resampler.resample(line, from: 104_000, to: 100_000)
        let starts = [1.2, 8.4]
        var g = SyntheticDialogue.guide(seconds: 14, target: line, at: starts, others: [411, 412, 413])
        var rng = SplitMix64(5)
        let a = Int(starts[1] * Double(Self.rate))
        for i in a..<min(g.count, a + line.count) { g[i] += Float(0.06 * rng.gaussian()) }
        let pre = 0.6
        let c = Case(guide: [g], take: SyntheticDialogue.take(faster, pre: pre, post: 0.5), truth: [])
        let r = try Self.run(c)
        #expect(r.match)
        #expect(r.method == .features)
        #expect(r.ambiguous)
        // Each place within a frame of its onset- or centre-aligned offset.
        for at in starts {
            let onset = at - pre
            let centre = (at + Double(line.count) / 2 / Double(Self.rate)) - (pre + Double(faster.count) / 2 / Double(Self.rate))
            #expect(r.candidates.contains { c in
                let o = c.offsetSeconds
                let d = o < min(onset, centre) ? min(onset, centre) - o : max(0, o - max(onset, centre))
                return d <= Self.frame24
            }, "no candidate near the line at \(at) s: \(r.candidates.map(\.offsetSeconds))")
        }
    }

    /// A line said once, with a different line by the same voice elsewhere, is not ambiguous.
    @Test func singleReperformedLineIsNotAmbiguous() throws {
        let line = SyntheticDialogue.line(seed: 22, syllables: 9)
        let faster = try Resampler.resample(line, from: 104_000, to: 100_000)
        let g = SyntheticDialogue.guide(seconds: 14, target: line, at: [5.3], others: [421, 422, 423, 424])
        let r = try Self.run(Case(guide: [g], take: SyntheticDialogue.take(faster, pre: 0.6, post: 0.5), truth: []))
        #expect(r.match)
        #expect(!r.ambiguous)
        #expect(r.candidates.count == 1)
    }

    @Test func absentLineIsNotInvented() throws {
        let line = SyntheticDialogue.line(seed: 19, syllables: 8)
        let g = SyntheticDialogue.guide(seconds: 10, target: [], at: [], others: [501, 502, 503, 504])
        let c = Case(guide: [g], take: SyntheticDialogue.take(line, pre: 0.6, post: 0.6), truth: [])
        let r = try Self.run(c)
        #expect(!r.match)
        #expect(r.offsetSeconds == nil)
        #expect(r.candidates.isEmpty)
        #expect(r.confidence < 0.5)
    }

    @Test func reperformanceWithTimeStretchLandsWithinAFrame() throws {
        let line = SyntheticDialogue.line(seed: 20, syllables: 10)
        // Varispeed 3 % slower: the re-performance is longer and lower.
        let slower = try Resampler.resample(line, from: 100_000, to: 103_000)
        let at = 4.0, pre = 0.8
        let g = SyntheticDialogue.guide(seconds: 10, target: line, at: [at], others: [601, 602, 603])
        let c = Case(guide: [g], take: SyntheticDialogue.take(slower, pre: pre, post: 0.6), truth: [])
        let r = try Self.run(c)
        #expect(r.match)
        #expect(r.method == .features)
        // Bench rule: anywhere between the onset-aligned and centre-aligned offsets is right.
        let onset = at - pre
        let centre = (at + Double(line.count) / 2 / Double(Self.rate)) - (pre + Double(slower.count) / 2 / Double(Self.rate))
        let o = try #require(r.offsetSeconds)
        let distance = o < min(onset, centre) ? min(onset, centre) - o : max(0, o - max(onset, centre))
        #expect(distance <= Self.frame24)
        #expect(abs((r.tempoRatio ?? 0) - 1 / 1.03) < 0.03)
    }

    @Test func takeLongerThanGuideIsAnError() throws {
        let guide = try GuideAnalysis(buffer: AudioBuffer(sampleRate: Self.rate, channels: [SyntheticDialogue.line(seed: 1)]),
                                      name: "short.wav")
        let long = SyntheticDialogue.take(SyntheticDialogue.line(seed: 2, syllables: 30), pre: 0.5, post: 0.5)
        #expect {
            _ = try Aligner().take(buffer: AudioBuffer(sampleRate: Self.rate, channels: [long]), name: "long.wav", for: guide)
        } throws: { e in
            // The fact only: dx-align adds the option that aligns part of the take.
            guard let e = e as? AlignError, case .takeLongerThanGuide = e else { return false }
            return e.description.hasSuffix("a take must lie inside its guide") && !e.description.contains("--")
        }
    }
}
