#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DXAudio
import DXSignal
import Dispatch
import Synchronization

/// Places ADR takes on a guide. Create one per task (it owns FFT buffers); the
/// `GuideAnalysis` it aligns against can be shared by all tasks of a batch.
///
/// Pipeline (align.md §4–6, tuned by measurement; see `AlignmentTuning`):
/// 1. the take's utterances (a slate and the line are different utterances) are each tried as
///    the pattern, on every guide channel;
/// 2. coarse: log-mel feature NCC over the whole guide (or the search window), top peaks;
/// 3. each peak is verified by segment voting (score, tempo) and refined by band-limited
///    GCC-PHAT, which confirms or not the same performance;
/// 4. a confirmed waveform peak wins (sample-accurate); otherwise the best voting score,
///    offset from the fitted line; match = score ≥ threshold or waveform-confirmed;
///    ambiguous = another place nearly as good.
public final class Aligner {
    public let tuning: AlignmentTuning
    public let analyzer: FeatureAnalyzer
    /// Cores one alignment may use for its waveform refinements (1 in a batch, which already
    /// runs one take per core; 2 for a single take).
    public var tasks = 1

    public init(tuning: AlignmentTuning = AlignmentTuning()) throws {
        self.tuning = tuning
        analyzer = try FeatureAnalyzer(tuning: tuning)
    }

    /// Reads and prepares a take for `guide`.
    public func take(path: String, for guide: GuideAnalysis, range: ClosedRange<Double>? = nil) throws -> TakeAnalysis {
        let buffer = try TakeReading.read(path)
        return try take(buffer: buffer, name: path, for: guide, range: range)
    }

    public func take(buffer: AudioBuffer, name: String, for guide: GuideAnalysis,
                     range: ClosedRange<Double>? = nil) throws -> TakeAnalysis {
        let take = try self.take(buffer: buffer, name: name, sampleRate: guide.sampleRate, range: range)
        try check(take, fits: guide)
        return take
    }

    /// Reads and prepares a take for a guide at `sampleRate`, before the guide itself is
    /// analysed (so both can be prepared at once); `check(_:fits:)` must follow.
    public func take(path: String, sampleRate: Int, range: ClosedRange<Double>? = nil) throws -> TakeAnalysis {
        let buffer = try TakeReading.read(path)
        return try take(buffer: buffer, name: path, sampleRate: sampleRate, range: range)
    }

    private func take(buffer: AudioBuffer, name: String, sampleRate: Int,
                      range: ClosedRange<Double>?) throws -> TakeAnalysis {
        let seconds = Double(buffer.frameCount) / Double(max(buffer.sampleRate, 1))
        if let range {
            guard range.lowerBound >= 0, range.upperBound > range.lowerBound, range.lowerBound < seconds else {
                throw AlignError.badRange("\(name): --take-range \(range.lowerBound)-\(range.upperBound) s is not inside the \(AlignError.seconds(seconds)) take")
            }
        }
        return try TakeAnalysis(buffer: buffer, name: name, sampleRate: sampleRate, range: range, analyzer: analyzer)
    }

    /// A long head or tail (slate, silence) is fine; the line itself must fit in the guide.
    public func check(_ take: TakeAnalysis, fits guide: GuideAnalysis) throws {
        let frameSeconds = Double(tuning.featureHop) / Double(tuning.featureSampleRate)
        let shortest = take.utterances.map(\.count).min() ?? 0
        if Double(shortest) * frameSeconds > guide.durationSeconds || take.utterances.isEmpty {
            throw AlignError.takeLongerThanGuide(take: take.name, takeSeconds: Double(shortest) * frameSeconds,
                                                 guide: guide.name, guideSeconds: guide.durationSeconds)
        }
    }

    private struct Candidate {
        var utterance: Range<Int>
        var channel: Int
        var lag: Int
        var refinedLag: Double
        var correlation: Float
        var nullPeak: Float
        var votes: VoteFit?
        var waveform: WaveformMatch?

        var score: Double { votes?.score ?? 0 }
        var confirmed: Bool { waveform?.confirmed ?? false }
    }

    /// Aligns `take` on `guide`. `window`: guide seconds where the line may start.
    public func align(_ take: TakeAnalysis, on guide: GuideAnalysis, window: ClosedRange<Double>? = nil) throws -> AlignmentResult {
        let lowTake = take.sampleRate == guide.sampleRate && take.refinementBand == tuning.refineBand
            ? take.refinementSamples
            : WaveformRefiner.decimatedTake(take.samples, sampleRate: guide.sampleRate, tuning: tuning)
        let refiner = WaveformRefiner(lowTake: lowTake, sampleRate: guide.sampleRate, tuning: tuning)
        var (candidates, reserve) = try search(take, on: guide, window: window)
        try refineBest(&candidates, count: tuning.refinedCandidates, take: take, guide: guide, lowTake: lowTake,
                       refiner: refiner)
        // Nothing matched and a search was crowded: the same performance may sit under one of its
        // further peaks, where only the waveform can tell (their votes are noise: not trusted).
        if !reserve.isEmpty, !candidates.contains(where: \.confirmed),
           (candidates.max { rank($0) < rank($1) }?.score ?? 0) < tuning.matchScore {
            for i in reserve.indices {
                reserve[i].votes = SegmentVoting.fit(template: reserve[i].utterance, take: take.features,
                                                     guide: guide.features[reserve[i].channel], lag: reserve[i].lag,
                                                     tuning: tuning)
            }
            try refineBest(&reserve, count: tuning.crowdedRefinedCandidates, take: take, guide: guide, lowTake: lowTake,
                           refiner: refiner)
            candidates += reserve.filter(\.confirmed)
        }
        guard !candidates.isEmpty else {
            return AlignmentResult(match: false, offsetSamples: nil, offsetSeconds: nil, confidence: 0, ambiguous: false,
                                   candidates: [], channel: nil, polarityInverted: nil, method: nil, tempoRatio: nil,
                                   takeRegion: Self.region(take, tuning: tuning), bestGuess: nil,
                                   guideSampleRate: guide.sampleRate, takeSampleRate: take.fileSampleRate)
        }
        return decide(candidates, take: take, guide: guide)
    }

    /// Guide frames per second of the feature analysis.
    private var framesPerSecond: Double { Double(tuning.featureSampleRate) / Double(tuning.featureHop) }

    /// The coarse search: every utterance of the take on every guide channel, its top feature
    /// peaks voted on; the further peaks of a crowded search kept aside, unvoted (`reserve`).
    private func search(_ take: TakeAnalysis, on guide: GuideAnalysis,
                        window: ClosedRange<Double>?) throws -> (candidates: [Candidate], reserve: [Candidate]) {
        let framesPerSecond = framesPerSecond
        var candidates: [Candidate] = []
        /// Further peaks of crowded searches, tried only when the usual ones find nothing.
        var reserve: [Candidate] = []
        for utterance in take.utterances {
            let frameWindow = window.map { w -> Range<Int> in
                let a = Int((w.lowerBound * framesPerSecond).rounded(.down))
                let b = Int((w.upperBound * framesPerSecond).rounded(.up))
                return max(a, 0)..<max(b + 1, 0)
            }
            for channel in 0..<guide.channelCount {
                let track = guide.features[channel]
                guard let search = try FeatureSearch(template: utterance, take: take.features, guide: track,
                                                     window: frameWindow) else { continue }
                var peaks = search.curve.peaks(count: tuning.peaksPerSearch, minimumSeparation: tuning.peakSeparationFrames)
                if (peaks.first?.value ?? 0) < search.nullPeak + tuning.crowdedMargin {
                    // The same first peaks, then further ones (voted only if they are needed).
                    peaks = search.curve.peaks(count: tuning.crowdedPeaksPerSearch,
                                               minimumSeparation: tuning.peakSeparationFrames)
                }
                for (k, peak) in peaks.enumerated() {
                    var c = Candidate(utterance: utterance, channel: channel, lag: peak.lag, refinedLag: peak.refinedLag,
                                      correlation: peak.value, nullPeak: search.nullPeak)
                    guard k < tuning.peaksPerSearch else {
                        reserve.append(c)
                        continue
                    }
                    c.votes = SegmentVoting.fit(template: utterance, take: take.features, guide: track, lag: peak.lag,
                                                tuning: tuning)
                    candidates.append(c)
                }
            }
        }
        return (candidates, reserve)
    }

    /// Guide samples of take sample 0 by the features: from the fitted vote line when enough
    /// votes agree, else from the feature peak.
    private func featureOffset(_ c: Candidate, samplesPerFrame: Double) -> Double {
        let x = Double(c.utterance.count) * tuning.fitEvaluationFraction
        if let v = c.votes, v.inlierFraction >= tuning.fitInlierFraction {
            return (v.lag(at: x) - Double(c.utterance.lowerBound)) * samplesPerFrame
        }
        return (c.refinedLag - Double(c.utterance.lowerBound)) * samplesPerFrame
    }

    /// Waveform refinement of the `count` most promising of `cs` (it is the costly step).
    private func refineBest(_ cs: inout [Candidate], count: Int, take: TakeAnalysis, guide: GuideAnalysis,
                            lowTake: [Float], refiner: WaveformRefiner) throws {
        let samplesPerFrame = Double(guide.sampleRate) / framesPerSecond
        let order = cs.indices.sorted { rank(cs[$0]) > rank(cs[$1]) }
        let reach = tuning.refineWindowSeconds * Double(guide.sampleRate)
        var jobs: [RefinementJob] = []
        for i in order.prefix(count) {
            let u = cs[i].utterance
            var coarse = (cs[i].refinedLag - Double(u.lowerBound)) * samplesPerFrame
            // The feature peak only ranges over places where the whole utterance lies inside
            // the guide; a take that starts before the guide (or ends after it) peaks at the
            // edge, while its votes still fall on the line through the true place.
            let fitted = featureOffset(cs[i], samplesPerFrame: samplesPerFrame)
            if abs(fitted - coarse) > reach { coarse = fitted }
            let segment = Self.refinementSegment(u, takeCount: take.samples.count, sampleRate: guide.sampleRate,
                                                 tuning: tuning)
                .clamped(to: Self.insideGuide(coarseOffset: coarse, guideCount: guide.frameCount,
                                              sampleRate: guide.sampleRate, tuning: tuning))
            if !segment.isEmpty {
                jobs.append(RefinementJob(candidate: i, segment: segment, coarseOffset: coarse, channel: cs[i].channel))
            }
        }
        for (i, match) in try refine(jobs, lowTake: lowTake, guide: guide, first: refiner) {
            cs[i].waveform = match
        }
    }

    /// The result from the candidates: a confirmed waveform peak wins, else the best rank;
    /// other places nearly as good make it ambiguous.
    private func decide(_ candidates: [Candidate], take: TakeAnalysis, guide: GuideAnalysis) -> AlignmentResult {
        let samplesPerFrame = Double(guide.sampleRate) / framesPerSecond
        let confirmed = candidates.indices.filter { candidates[$0].confirmed }
        let bestIndex: Int
        if !confirmed.isEmpty {
            bestIndex = confirmed.max { candidates[$0].waveform!.peakRatio < candidates[$1].waveform!.peakRatio }!
        } else {
            bestIndex = candidates.indices.max {
                rank(candidates[$0]) < rank(candidates[$1])
            }!
        }
        let best = candidates[bestIndex]
        let bestOffset = best.confirmed ? best.waveform!.offsetSamples : featureOffset(best, samplesPerFrame: samplesPerFrame)
        let match = best.confirmed || best.score >= tuning.matchScore
        // Other places nearly as good: a line said twice.
        let apart = max(tuning.sameplaceSeconds, 0.5 * Double(best.utterance.count) / framesPerSecond) * Double(guide.sampleRate)
        let anchor = featureOffset(best, samplesPerFrame: samplesPerFrame)
        var alternatives: [AlignmentCandidate] = []
        for (i, c) in candidates.enumerated() where i != bestIndex {
            let o = c.confirmed ? c.waveform!.offsetSamples : featureOffset(c, samplesPerFrame: samplesPerFrame)
            guard abs(featureOffset(c, samplesPerFrame: samplesPerFrame) - anchor) >= apart, abs(o - bestOffset) >= apart else { continue }
            let plausible: Bool
            if best.confirmed {
                plausible = c.confirmed && c.waveform!.peakRatio >= tuning.ambiguityPeakRatio * best.waveform!.peakRatio
            } else {
                plausible = Self.sameLineTwice(c.votes, best: best.votes, tuning: tuning)
            }
            guard plausible, alternatives.allSatisfy({ abs(Double($0.offsetSamples) - o) >= apart }) else { continue }
            alternatives.append(alignmentCandidate(c, offset: o, guide: guide))
        }
        let ambiguous = match && !alternatives.isEmpty
        let top = alignmentCandidate(best, offset: bestOffset, guide: guide)
        return AlignmentResult(
            match: match,
            offsetSamples: match ? top.offsetSamples : nil,
            offsetSeconds: match ? top.offsetSeconds : nil,
            confidence: top.confidence,
            ambiguous: ambiguous,
            candidates: match ? [top] + (ambiguous ? alternatives : []) : [],
            channel: match ? best.channel : nil,
            polarityInverted: match && best.confirmed ? best.waveform!.inverted : nil,
            method: match ? (best.confirmed ? .waveform : .features) : nil,
            tempoRatio: best.votes.map { 1 + $0.slope },
            takeRegion: Self.region(take, utterance: best.utterance, tuning: tuning),
            bestGuess: match ? nil : top,
            guideSampleRate: guide.sampleRate, takeSampleRate: take.fileSampleRate)
    }

    /// The voting score as a probability, raised by a confirmed waveform peak's ratio.
    private func confidence(_ c: Candidate) -> Double {
        var p = 1 / (1 + _exp(-(c.score - tuning.matchScore) / tuning.confidenceSlope))
        if let w = c.waveform, w.confirmed { p = max(p, 1 - 1 / Double(w.peakRatio)) }
        return p
    }

    private func alignmentCandidate(_ c: Candidate, offset: Double, guide: GuideAnalysis) -> AlignmentCandidate {
        AlignmentCandidate(offsetSamples: Int64(offset.rounded()), offsetSeconds: offset / Double(guide.sampleRate),
                           confidence: confidence(c), channel: c.channel)
    }

    private struct RefinementJob: Sendable {
        var candidate: Int
        var segment: Range<Int>
        var coarseOffset: Double
        var channel: Int
    }

    /// Runs the waveform refinements (the costly step), on `tasks` cores when there are
    /// several; each task has its own refiner (FFT buffers) and guide file handle.
    private func refine(_ jobs: [RefinementJob], lowTake: [Float], guide: GuideAnalysis,
                        first: WaveformRefiner) throws -> [(Int, WaveformMatch?)] {
        let workers = min(max(tasks, 1), jobs.count)
        if workers <= 1 {
            let windows = GuideWindows(guide)
            return try jobs.map { j in
                let span = try windows.span(first.reach(segment: j.segment, coarseOffset: j.coarseOffset), channel: j.channel)
                return (j.candidate, first.refine(segment: j.segment, guide: span, coarseOffset: j.coarseOffset))
            }
        }
        // Jobs on the same take segment share its spectrum: hand them to the same worker.
        let tuning = self.tuning
        let state = Mutex((results: [(Int, WaveformMatch?)](), error: (any Error)?.none))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let refiner = WaveformRefiner(lowTake: lowTake, sampleRate: guide.sampleRate, tuning: tuning)
            let windows = GuideWindows(guide)
            let segments = Array(Set(jobs.map(\.segment))).sorted { $0.lowerBound < $1.lowerBound }
            for (k, j) in jobs.enumerated() {
                let owner = segments.count >= workers ? segments.firstIndex(of: j.segment)! % workers : k % workers
                guard owner == w else { continue }
                do {
                    let span = try windows.span(refiner.reach(segment: j.segment, coarseOffset: j.coarseOffset),
                                                channel: j.channel)
                    let match = refiner.refine(segment: j.segment, guide: span, coarseOffset: j.coarseOffset)
                    state.withLock { $0.results.append((j.candidate, match)) }
                } catch {
                    state.withLock { $0.error = error }
                }
            }
        }
        let done = state.withLock { $0 }
        if let error = done.error { throw error }
        return done.results
    }

    /// The take samples refined for an utterance (its frames and 32 ms after, at `sampleRate`).
    static func refinementSegment(_ u: Range<Int>, takeCount: Int, sampleRate: Int, tuning: AlignmentTuning) -> Range<Int> {
        let samplesPerFrame = Double(sampleRate) * Double(tuning.featureHop) / Double(tuning.featureSampleRate)
        let start = Int((Double(u.lowerBound) * samplesPerFrame).rounded())
        let end = min(takeCount, Int((Double(u.upperBound) * samplesPerFrame).rounded()) + Int(0.032 * Double(sampleRate)))
        return start..<max(start, end)
    }

    /// The take samples that land inside the guide, with room for the refinement's whole-take
    /// window (±`refineWindowSeconds`) and its halves' (±`halfWindowSeconds`), when take sample 0
    /// lands on guide sample `coarseOffset`: a take that starts before the guide is refined on
    /// the part the guide holds (measuring the part outside it would need guide samples before
    /// sample 0, and the whole refinement was skipped).
    static func insideGuide(coarseOffset: Double, guideCount: Int, sampleRate: Int,
                            tuning: AlignmentTuning) -> Range<Int> {
        let margin = Int(tuning.refineWindowSeconds * Double(sampleRate))
            + Int(tuning.halfWindowSeconds * Double(sampleRate)) + 2
        let o = Int(coarseOffset.rounded())
        let lower = margin - o, upper = guideCount - margin - o
        return lower < upper ? lower..<upper : 0..<0
    }

    /// Makes (and caches, process-wide) the FFT plans the refinement of `take` will use, so a
    /// single alignment plans them on the take's thread while the guide is analysed.
    public static func prepareRefinementPlans(_ take: TakeAnalysis, tuning: AlignmentTuning = AlignmentTuning()) {
        let refiner = WaveformRefiner(lowTake: [], sampleRate: take.sampleRate, tuning: tuning)
        var sizes = Set<Int>()
        for u in take.utterances {
            let segment = refinementSegment(u, takeCount: take.samples.count, sampleRate: take.sampleRate, tuning: tuning)
            for count in refiner.windowCounts(segment: segment) {
                sizes.insert(WaveformCorrelator.fftSize(windowCount: count, factor: refiner.factor))
            }
        }
        for size in sizes { _ = RealFFT(size: size) }
    }

    /// Whether a second place voted like the best is the same line said again: it matches on its
    /// own, scores at least `ambiguityScoreRatio` of the best, and its votes run at the same tempo
    /// (within `ambiguityTempoDifference`). The same recording said twice plays at the same speed
    /// against the take in both places, whatever the take's own tempo; a different line that
    /// happens to vote well (another actor's similar words) runs at another tempo.
    static func sameLineTwice(_ other: VoteFit?, best: VoteFit?, tuning: AlignmentTuning) -> Bool {
        guard let other, let best, best.score > 0 else { return false }
        return other.score >= tuning.matchScore && other.score >= tuning.ambiguityScoreRatio * best.score
            && abs(other.slope - best.slope) <= tuning.ambiguityTempoDifference
    }

    /// Selection among unconfirmed candidates: the voting score plus how far the feature
    /// correlation rises above this search's null level.
    private func rank(_ c: Candidate) -> Double {
        c.score + Double(c.correlation - c.nullPeak)
    }

    private static func region(_ take: TakeAnalysis, utterance: Range<Int>? = nil, tuning: AlignmentTuning) -> ClosedRange<Double> {
        let u = utterance ?? take.utterances.first ?? 0..<0
        let f = Double(tuning.featureHop) / Double(tuning.featureSampleRate)
        return (Double(u.lowerBound) * f)...(Double(u.upperBound) * f)
    }
}

@inline(__always) private func _exp(_ x: Double) -> Double {
    #if canImport(Glibc)
    return Glibc.exp(x)
    #else
    return Darwin.exp(x)
    #endif
}
