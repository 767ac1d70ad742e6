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
    /// Votes and fit for the template `range` of `take` placed at guide frame `lag`; with
    /// `tuning.tempoTolerant`, a line that does not match gives way to two lines that do
    /// (`fitPieces`).
    static func fit(template range: Range<Int>, take: FeatureTrack, guide: FeatureTrack, lag: Int,
                    tuning: AlignmentTuning) -> VoteFit? {
        let m = range.count
        guard m >= 2 * tuning.chunkFrames else { return nil }
        let half = max(Int(tuning.voteSearchFraction * Double(m)), tuning.minimumVoteSearchFrames)
        let v = votes(template: range, take: take, guide: guide, lag: lag, half: half, tuning: tuning)
        let line = fitLine(xs: v.xs, ys: v.ys, weights: v.weights, start: Double(lag), tuning: tuning)
        guard tuning.tempoTolerant, (line?.score ?? 0) < tuning.matchScore else { return line }
        let wideHalf = max(Int(tuning.pieceVoteSearchFraction * Double(m)), tuning.minimumVoteSearchFrames)
        let wide = votes(template: range, take: take, guide: guide, lag: lag, half: wideHalf, tuning: tuning)
        guard var pieces = fitPieces(xs: wide.xs, ys: wide.ys, weights: wide.weights, start: Double(lag),
                                     evaluateAt: Double(m) * tuning.fitEvaluationFraction, tuning: tuning)
        else { return line }
        pieces.score -= tuning.pieceMatchScore - tuning.matchScore
        return pieces.score > (line?.score ?? 0) ? pieces : line
    }

    /// Each chunk's best place within ±`half` frames of the template at `lag`: x = the chunk's
    /// centre in the template, y = the guide frame of template frame 0 by that chunk, weight =
    /// its correlation.
    static func votes(template range: Range<Int>, take: FeatureTrack, guide: FeatureTrack, lag: Int, half: Int,
                      tuning: AlignmentTuning) -> (xs: [Double], ys: [Double], weights: [Double]) {
        let m = range.count
        let chunk = tuning.chunkFrames
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
        return (xs, ys, ws)
    }

    /// The best two-line fit of votes ordered by x: split between votes `k − 1` and `k`, each
    /// side fitted by `fitLine` (slopes up to `maximumPieceTempoDeviation`); the score and inlier fraction are the sides' averages weighted
    /// by their vote counts, the line the one of the side holding `evaluateAt` (where the
    /// offset is read). Sides that jump more than `maximumPieceJumpFrames` at the split are no
    /// fit. `nil` with fewer than two sides' worth of votes.
    static func fitPieces(xs: [Double], ys: [Double], weights: [Double], start: Double, evaluateAt: Double,
                          tuning: AlignmentTuning) -> VoteFit? {
        let n = xs.count, least = max(tuning.minimumPieceVotes, 3)
        guard n >= 2 * least else { return nil }
        var sides = tuning
        sides.maximumTempoDeviation = tuning.maximumPieceTempoDeviation
        var best: VoteFit?
        for k in least...(n - least) {
            guard let left = fitLine(xs: Array(xs[..<k]), ys: Array(ys[..<k]), weights: Array(weights[..<k]),
                                     start: start, tuning: sides),
                  let right = fitLine(xs: Array(xs[k...]), ys: Array(ys[k...]), weights: Array(weights[k...]),
                                      start: start, tuning: sides)
            else { continue }
            let split = (xs[k - 1] + xs[k]) / 2
            guard abs(right.lag(at: split) - left.lag(at: split)) <= tuning.maximumPieceJumpFrames else { continue }
            let (a, b) = (Double(k) / Double(n), Double(n - k) / Double(n))
            let score = a * left.score + b * right.score
            guard score > (best?.score ?? -1) else { continue }
            let side = evaluateAt < split ? left : right
            best = VoteFit(intercept: side.intercept, slope: side.slope,
                           inlierFraction: a * left.inlierFraction + b * right.inlierFraction, score: score)
        }
        return best
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
