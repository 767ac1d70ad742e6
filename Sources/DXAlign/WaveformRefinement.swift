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

enum WaveformRefinement {
    /// `coarseOffset`: guide sample of take sample 0; `segment`: take samples of the utterance.
    static func refine(take: [Float], segment: Range<Int>, guide: [Float], coarseOffset: Double,
                       sampleRate: Int, tuning: AlignmentTuning) throws -> WaveformMatch? {
        let w = Int(tuning.refineWindowSeconds * Double(sampleRate))
        guard let whole = try peak(take: take, segment: segment, guide: guide, at: coarseOffset, window: w,
                                   sampleRate: sampleRate, tuning: tuning) else { return nil }
        var result = WaveformMatch(offsetSamples: whole.offset, peakRatio: whole.ratio, inverted: whole.inverted,
                                   confirmed: false)
        guard whole.ratio >= tuning.refinePeakRatio else { return result }
        let mid = (segment.lowerBound + segment.upperBound) / 2
        let hw = Int(tuning.halfWindowSeconds * Double(sampleRate))
        let agreement = tuning.halfAgreementSeconds * Double(sampleRate)
        var agree = 0
        for half in [segment.lowerBound..<mid, mid..<segment.upperBound] {
            if let h = try peak(take: take, segment: half, guide: guide, at: whole.offset, window: hw,
                                sampleRate: sampleRate, tuning: tuning),
               abs(h.offset - whole.offset) <= agreement, h.ratio >= tuning.halfPeakRatio {
                agree += 1
            }
        }
        result.confirmed = agree == 2
        return result
    }

    private static func peak(take: [Float], segment: Range<Int>, guide: [Float], at offset: Double, window w: Int,
                             sampleRate: Int, tuning: AlignmentTuning) throws -> (offset: Double, ratio: Float, inverted: Bool)? {
        guard segment.count > 16 else { return nil }
        let start = Int(offset.rounded()) + segment.lowerBound - w
        let end = start + segment.count + 2 * w
        guard start >= 0, end <= guide.count else { return nil }
        let curve = try GCCPHAT.correlate(template: Array(take[segment]), signal: Array(guide[start..<end]),
                                          sampleRate: Double(sampleRate), band: tuning.refineBand,
                                          lags: 0..<(2 * w + 1))
        guard let best = curve.peak(magnitude: true) else { return nil }
        let exclusion = Int(tuning.refineExclusionSeconds * Double(sampleRate))
        var runnerUp: Float = 0
        for (i, v) in curve.values.enumerated() where abs(curve.firstLag + i - best.lag) > exclusion {
            runnerUp = max(runnerUp, abs(v))
        }
        let ratio = abs(best.value) / max(runnerUp, 1e-20)
        let landed = Double(start) + best.refinedLag - Double(segment.lowerBound)
        return (landed, ratio, best.isInverted)
    }
}
