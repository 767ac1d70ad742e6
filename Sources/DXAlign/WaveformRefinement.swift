import DXSignal

/// The fine stage: band-limited GCC-PHAT of the take's samples against the guide's, within
/// ±60 ms of a coarse candidate, at the full rate. Its peak is trusted only when it confirms
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
final class WaveformRefiner {
    private let take: [Float]
    private let sampleRate: Int
    private let tuning: AlignmentTuning
    private var correlators: [Range<Int>: WaveformCorrelator] = [:]

    init(take: [Float], sampleRate: Int, tuning: AlignmentTuning) {
        self.take = take
        self.sampleRate = sampleRate
        self.tuning = tuning
    }

    /// The guide samples `refine` may look at for this segment and offset.
    func reach(segment: Range<Int>, coarseOffset: Double) -> Range<Int> {
        let w = Int(tuning.refineWindowSeconds * Double(sampleRate))
        let hw = Int(tuning.halfWindowSeconds * Double(sampleRate))
        let o = Int(coarseOffset.rounded())
        return (o + segment.lowerBound - w - hw - 2)..<(o + segment.upperBound + w + hw + 2)
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
            correlator = WaveformCorrelator(segment: take[segment], windowCount: count, sampleRate: sampleRate,
                                            band: tuning.refineBand)
            correlators[segment] = correlator
        }
        let values = correlator.correlate(guide.samples, start: start - guide.base)
        var best = 0
        for i in values.indices where abs(values[i]) > abs(values[best]) { best = i }
        let exclusion = Int(tuning.refineExclusionSeconds * Double(sampleRate))
        var runnerUp: Float = 0
        for (i, v) in values.enumerated() where abs(i - best) > exclusion { runnerUp = max(runnerUp, abs(v)) }
        var fraction = 0.0
        if best > 0 && best + 1 < values.count {
            fraction = Peak.parabolicOffset(abs(values[best - 1]), abs(values[best]), abs(values[best + 1]))
        }
        let ratio = abs(values[best]) / max(runnerUp, 1e-20)
        let landed = Double(start) + Double(best) + fraction - Double(segment.lowerBound)
        return (landed, ratio, values[best] < 0)
    }
}
