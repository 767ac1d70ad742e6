import DXSignal

/// The fine stage: band-limited GCC-PHAT of the take's samples against the guide's, within
/// ±60 ms of a coarse candidate (computed at 16 kHz, read at full-rate lags: see
/// `WaveformCorrelator`). Its peak is trusted only when it confirms
/// the *same performance*: a clear peak for the whole utterance, and each half of the utterance
/// landing on the same lag within 1 ms. A re-performance (other timing) can give a clear peak
/// where a few syllables happen to line up, but its halves disagree.
struct WaveformMatch {
    /// Guide sample (fractional) where take sample 0 lands.
    var offsetSamples: Double
    var peakRatio: Float
    var inverted: Bool
    var confirmed: Bool
}

/// Refines the candidates of one take; keeps each segment's spectrum for all of them.
/// Not `Sendable` (FFT buffers): one per task, all sharing one decimated take.
final class WaveformRefiner {
    /// The take, low-passed and decimated (`decimatedTake`): sample `j` is take sample `j · factor`.
    private let lowTake: [Float]
    private let sampleRate: Int
    private let tuning: AlignmentTuning
    private var correlators: [Range<Int>: WaveformCorrelator] = [:]
    private let decimator: Decimator

    /// `lowTake`: `decimatedTake(_:sampleRate:tuning:)` of the take (computed once, shared by
    /// the refiners of all tasks).
    init(lowTake: [Float], sampleRate: Int, tuning: AlignmentTuning) {
        self.lowTake = lowTake
        self.sampleRate = sampleRate
        self.tuning = tuning
        decimator = Decimator.refinement(sampleRate: sampleRate, bandTop: tuning.refineBand.upperBound)
    }

    static func decimatedTake(_ take: [Float], sampleRate: Int, tuning: AlignmentTuning) -> [Float] {
        let d = Decimator.refinement(sampleRate: sampleRate, bandTop: tuning.refineBand.upperBound)
        return take.withUnsafeBufferPointer { d.decimate($0, from: 0, count: (take.count + d.factor - 1) / d.factor) }
    }

    /// The guide samples `refine` may look at for this segment and offset (with the context
    /// the decimation filter reads around each window).
    func reach(segment: Range<Int>, coarseOffset: Double) -> Range<Int> {
        let w = Int(tuning.refineWindowSeconds * Double(sampleRate))
        let hw = Int(tuning.halfWindowSeconds * Double(sampleRate))
        let o = Int(coarseOffset.rounded())
        let context = decimator.halfLength + decimator.factor
        return (o + segment.lowerBound - w - hw - 2 - context)..<(o + segment.upperBound + w + hw + 2 + context)
    }

    var factor: Int { decimator.factor }

    /// The guide window lengths `refine` correlates `segment` over: the whole, then each half.
    func windowCounts(segment: Range<Int>) -> [Int] {
        let w = Int(tuning.refineWindowSeconds * Double(sampleRate))
        let hw = Int(tuning.halfWindowSeconds * Double(sampleRate))
        let mid = (segment.lowerBound + segment.upperBound) / 2
        return [segment.count + 2 * w, (mid - segment.lowerBound) + 2 * hw, (segment.upperBound - mid) + 2 * hw]
    }

    /// `coarseOffset`: guide sample of take sample 0; `segment`: take samples of the utterance;
    /// `guide`: at least the guide samples `reach(segment:coarseOffset:)`.
    func refine(segment: Range<Int>, guide: GuideSpan, coarseOffset: Double) -> WaveformMatch? {
        let w = Int(tuning.refineWindowSeconds * Double(sampleRate))
        guard let whole = peak(segment: segment, guide: guide, at: coarseOffset, window: w) else { return nil }
        var result = WaveformMatch(offsetSamples: whole.offset, peakRatio: whole.ratio, inverted: whole.inverted,
                                   confirmed: false)
        guard whole.ratio >= tuning.refinePeakRatio else { return result }
        let mid = (segment.lowerBound + segment.upperBound) / 2
        let hw = Int(tuning.halfWindowSeconds * Double(sampleRate))
        let agreement = tuning.halfAgreementSeconds * Double(sampleRate)
        var agree = 0
        for half in [segment.lowerBound..<mid, mid..<segment.upperBound] {
            if let h = peak(segment: half, guide: guide, at: whole.offset, window: hw),
               abs(h.offset - whole.offset) <= agreement, h.ratio >= tuning.halfPeakRatio {
                agree += 1
            }
        }
        result.confirmed = agree == 2
        return result
    }

    private func peak(segment: Range<Int>, guide: GuideSpan, at offset: Double,
                      window w: Int) -> (offset: Double, ratio: Float, inverted: Bool)? {
        guard segment.count > 16 else { return nil }
        let start = Int(offset.rounded()) + segment.lowerBound - w
        let count = segment.count + 2 * w
        guard start >= 0, start + count <= guide.total else { return nil }
        precondition(start >= guide.base && start + count <= guide.base + guide.samples.count,
                     "refinement window outside the guide span read for it")
        let correlator: WaveformCorrelator
        if let c = correlators[segment], c.windowCount == count {
            correlator = c
        } else {
            let f = decimator.factor
            let lo = segment.lowerBound / f, hi = max(lo + 1, min(lowTake.count, (segment.upperBound + f - 1) / f))
            correlator = WaveformCorrelator(lowSegment: lowTake[lo..<hi], segmentStart: lo * f, windowCount: count,
                                            sampleRate: sampleRate, band: tuning.refineBand, decimator: decimator)
            correlators[segment] = correlator
        }
        let values = correlator.correlate(guide.samples, start: start - guide.base)
        let f = correlator.decimator.factor
        var best = 0
        for i in values.indices where abs(values[i]) > abs(values[best]) { best = i }
        let exclusion = Int(tuning.refineExclusionSeconds * Double(sampleRate)) / f
        var runnerUp: Float = 0
        for (i, v) in values.enumerated() where abs(i - best) > exclusion { runnerUp = max(runnerUp, abs(v)) }
        // The full-rate curve at the full-rate lags around the decimated peak, then a parabola.
        var offsets = Array(max(-1, -best)...min(1, values.count - 1 - best))
        var fine = offsets.map { values[best + $0] }
        var top = offsets.firstIndex(of: 0)!
        if f > 1 {
            // The full-rate lag nearest the decimated parabola's peak and its neighbours, on the
            // full-rate curve (the fourth lag on the side the peak leans to).
            var guess = 0.0
            if fine.count == 3 { guess = Peak.parabolicOffset(abs(fine[0]), abs(fine[1]), abs(fine[2])) }
            let r = Int((guess * Double(f)).rounded())
            let side = Double(guess * Double(f)) > Double(r) ? 2 : -2
            offsets = [r - 1, r, r + 1, r + side].map { best * f + $0 }
            let v = correlator.values(atLags: SIMD4(offsets.map { Double($0) / Double(f) }))
            fine = (0..<4).map { Float(v[$0]) }
            if side < 0 { offsets = [offsets[3]] + offsets[0..<3]; fine = [fine[3]] + fine[0..<3] }
            top = 0
            for i in fine.indices where abs(fine[i]) > abs(fine[top]) { top = i }
        } else {
            for i in fine.indices where abs(fine[i]) > abs(fine[top]) { top = i }
            offsets = offsets.map { best + $0 }
        }
        var fraction = 0.0
        if top > 0 && top + 1 < fine.count {
            fraction = Peak.parabolicOffset(abs(fine[top - 1]), abs(fine[top]), abs(fine[top + 1]))
        }
        let peakValue = fine[top]
        let ratio = abs(peakValue) / max(runnerUp, 1e-20)
        let landed = Double(start) + Double(offsets[top]) + fraction - Double(correlator.segmentStart)
        return (landed, ratio, peakValue < 0)
    }
}
