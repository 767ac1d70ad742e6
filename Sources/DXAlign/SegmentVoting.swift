import DXSignal

/// Verification of a coarse candidate by segment voting: the template is cut into short
/// chunks, each chunk finds its own best place near the candidate, and a straight line
/// (offset + tempo) is fitted to those places. A real match — even a re-performance a few
/// percent faster or slower — puts the chunks on one line; an unrelated line of dialogue
/// scatters them. The score (inlier fraction × their mean correlation) is what `match` is
/// decided on: it separated absent lines from true ones where a single correlation peak
/// did not (align.md §1: every anchor's confidence overlapped).
struct VoteFit {
    /// Guide frame of the template's first frame at template frame 0, and its slope
    /// (tempo ratio − 1): lag(x) = intercept + slope · x.
    var intercept: Double
    var slope: Double
    var inlierFraction: Double
    var score: Double

    func lag(at x: Double) -> Double { intercept + slope * x }
}

enum SegmentVoting {
    /// Votes and fit for the template `range` of `take` placed at guide frame `lag`.
    static func fit(template range: Range<Int>, take: FeatureTrack, guide: FeatureTrack, lag: Int,
                    tuning: AlignmentTuning) -> VoteFit? {
        let m = range.count
        let chunk = tuning.chunkFrames
        guard m >= 2 * chunk else { return nil }
        let half = max(Int(tuning.voteSearchFraction * Double(m)), tuning.minimumVoteSearchFrames)
        var xs: [Double] = [], ys: [Double] = [], ws: [Double] = []
        var s = 0
        while s + chunk <= m {
            let a = max(0, lag + s - half)
            let b = min(guide.frameCount, lag + s + chunk + half)
            if b - a >= chunk + 2 {
                let template = take.centredTemplate((range.lowerBound + s)..<(range.lowerBound + s + chunk))
                let values = FeatureSearch.localNCC(template, guide: guide, lags: a..<(b - chunk + 1))
                var k = 0
                for i in values.indices where values[i] > values[k] { k = i }
                var refined = Double(k)
                if k > 0 && k + 1 < values.count {
                    refined += Peak.parabolicOffset(values[k - 1], values[k], values[k + 1])
                }
                xs.append(Double(s) + Double(chunk) / 2)
                ys.append(Double(a) + refined - Double(s))
                ws.append(Double(values[k]))
            }
            s += tuning.chunkStepFrames
        }
        return fitLine(xs: xs, ys: ys, weights: ws, start: Double(lag), tuning: tuning)
    }

    /// Robust line fit, from two starts: least squares on every vote, and the Theil–Sen line
    /// (median pairwise slope), each followed by four rounds of least squares on the votes
    /// within `inlierToleranceFrames`; the fit with the better score wins. The least-squares
    /// start alone fails when a single stray vote at either end tilts the first line (a fast
    /// re-performance, every other vote on one line, scored as no match); the Theil–Sen start
    /// ignores such a vote. A slope beyond the tempo limit falls back to a constant (the
    /// median lag).
    static func fitLine(xs: [Double], ys: [Double], weights: [Double], start: Double,
                        tuning: AlignmentTuning) -> VoteFit? {
        let n = xs.count
        guard n >= 3 else { return nil }
        let leastSquares = refine(xs: xs, ys: ys, weights: weights, keep: [Bool](repeating: true, count: n),
                                  start: start, tuning: tuning)
        var (c0, c1) = theilSen(xs: xs, ys: ys)
        if abs(c1) > tuning.maximumTempoDeviation { (c0, c1) = (median(ys), 0) }
        let keep = (0..<n).map { abs(ys[$0] - (c0 + c1 * xs[$0])) < tuning.inlierToleranceFrames }
        let robust = refine(xs: xs, ys: ys, weights: weights, keep: keep, start: c0, tuning: tuning)
        return robust.score > leastSquares.score ? robust : leastSquares
    }

    /// Four rounds of least squares on the votes `keep`, each round re-selecting the inliers.
    private static func refine(xs: [Double], ys: [Double], weights: [Double], keep initial: [Bool], start: Double,
                               tuning: AlignmentTuning) -> VoteFit {
        let n = xs.count
        var keep = initial
        var c0 = start, c1 = 0.0
        for _ in 0..<4 {
            let idx = (0..<n).filter { keep[$0] }
            if idx.count < 2 { break }
            let k = Double(idx.count)
            let mx = idx.reduce(0.0) { $0 + xs[$1] } / k
            let my = idx.reduce(0.0) { $0 + ys[$1] } / k
            var sxx = 0.0, sxy = 0.0
            for i in idx {
                sxx += (xs[i] - mx) * (xs[i] - mx)
                sxy += (xs[i] - mx) * (ys[i] - my)
            }
            c1 = sxx > 0 ? sxy / sxx : 0
            c0 = my - c1 * mx
            if abs(c1) > tuning.maximumTempoDeviation {
                c0 = median(idx.map { ys[$0] })
                c1 = 0
            }
            for i in 0..<n { keep[i] = abs(ys[i] - (c0 + c1 * xs[i])) < tuning.inlierToleranceFrames }
        }
        let inliers = (0..<n).filter { keep[$0] }
        let fraction = Double(inliers.count) / Double(n)
        let meanCorrelation = inliers.isEmpty ? 0 : inliers.reduce(0.0) { $0 + max(weights[$1], 0) } / Double(inliers.count)
        return VoteFit(intercept: c0, slope: c1, inlierFraction: fraction, score: fraction * meanCorrelation)
    }

    /// The Theil–Sen line: the median of the pairwise slopes, and the median intercept for it.
    static func theilSen(xs: [Double], ys: [Double]) -> (intercept: Double, slope: Double) {
        var slopes: [Double] = []
        slopes.reserveCapacity(xs.count * (xs.count - 1) / 2)
        for i in xs.indices {
            for j in (i + 1)..<xs.count where xs[j] != xs[i] { slopes.append((ys[j] - ys[i]) / (xs[j] - xs[i])) }
        }
        let slope = slopes.isEmpty ? 0 : median(slopes)
        return (median(xs.indices.map { ys[$0] - slope * xs[$0] }), slope)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
