/// A word the take says twice where the guide says it once (a stumble), found by the take's
/// likeness to itself around material the warp path left out.
///
/// Why: the guide holds one copy, so the search can match either copy and skip the other at
/// the same price; which one it keeps is decided by noise, and keeping the second puts the
/// first copy on the guide's previous word. Lip sync wants the first copy (the actor says the
/// word where the guide does, then repeats it), so the later copy and the pause before it are
/// what the map should jump over.
struct RepeatedWord {
    /// Take frames to leave out: from the end of the first copy to the end of the second.
    var later: Range<Int>

    /// Least voiced material in the skipped frames and in their copy, frames (60 ms: a short word).
    static let minimumFrames = WordDifference.minimumFrames
    /// Mean distance (per √dimension) along the match below which the skipped frames and the
    /// material after them may be one word said twice (unrelated z-scored frames sit near √2).
    /// Loose on purpose: the bench's repeats, re-timed by the take's own warp and carrying
    /// its noise, measure 0.6–0.85 over a whole copy with its pause, and different words
    /// 0.8–0.95. It only proposes the copy; the guide decides (`keepingFirstCopies`).
    static let alike: Float = 0.9

    /// The repeat of `skipped` (take frames the path left out) in the take right after them,
    /// or nil when there is none: the skipped frames are then the first copy, and the material
    /// from their end to the end of their match (the pause and the second copy) is what the
    /// map should jump over instead. Found by a subsequence alignment (open start and end in
    /// the take after `skipped`), so a copy said faster or slower still matches.
    static func find(take: WarpFeatures, voiced: [Bool], around skipped: Range<Int>) -> RepeatedWord? {
        let length = skipped.count
        guard length >= minimumFrames, skipped.filter({ voiced[$0] }).count >= minimumFrames else { return nil }
        let after = skipped.upperBound..<min(skipped.upperBound + 2 * length + minimumFrames, take.frameCount)
        guard after.count >= length / 2 else { return nil }
        guard let match = subsequenceMatch(take, rows: skipped, columns: after), match.meanDistance < alike,
            match.columns.filter({ voiced[$0] }).count >= minimumFrames
        else { return nil }
        return RepeatedWord(later: skipped.upperBound..<match.columns.upperBound)
    }

    /// The stretch of `columns` that `rows` (frames of the same signal) match best, steps
    /// (1,1), (1,0), (0,1) starting and ending anywhere in `columns`, with its mean distance.
    static func subsequenceMatch(_ f: WarpFeatures, rows: Range<Int>, columns: Range<Int>) -> (
        columns: Range<Int>, meanDistance: Float
    )? {
        let width = columns.count
        guard !rows.isEmpty, width > 0 else { return nil }
        // Per cell of the current row: total distance, steps taken, first column.
        var total = [Float](repeating: .infinity, count: width)
        var steps = [Int](repeating: 0, count: width)
        var first = [Int](repeating: 0, count: width)
        for (r, i) in rows.enumerated() {
            var rowTotal = [Float](repeating: .infinity, count: width)
            var rowSteps = [Int](repeating: 0, count: width)
            var rowFirst = [Int](repeating: 0, count: width)
            for j in 0..<width {
                let d = WarpPath.distance(f, i, f, columns.lowerBound + j)
                // Predecessors compared by mean distance, so a long path is not penalised.
                var best: (total: Float, steps: Int, first: Int) = r == 0 ? (0, 0, j) : (.infinity, 0, j)
                func consider(_ t: Float, _ s: Int, _ f0: Int) {
                    if t.isFinite, best.total.isInfinite || (t + d) / Float(s + 1) < (best.total + d) / Float(best.steps + 1) {
                        best = (t, s, f0)
                    }
                }
                if r > 0 {
                    if j > 0 { consider(total[j - 1], steps[j - 1], first[j - 1]) }
                    consider(total[j], steps[j], first[j])
                }
                if j > 0 { consider(rowTotal[j - 1], rowSteps[j - 1], rowFirst[j - 1]) }
                rowTotal[j] = best.total + d
                rowSteps[j] = best.steps + 1
                rowFirst[j] = best.first
            }
            (total, steps, first) = (rowTotal, rowSteps, rowFirst)
        }
        var end = 0
        for j in 1..<width where total[j] / Float(steps[j]) < total[end] / Float(steps[end]) { end = j }
        return ((columns.lowerBound + first[end])..<(columns.lowerBound + end + 1), total[end] / Float(steps[end]))
    }
}

extension RepeatedWord {
    /// `path`, or when the take repeats material the path skipped, the path searched again
    /// with a later copy left out of the take (its take frames counted in the whole take
    /// again): the guide says the word once, and unless its features clearly side with the
    /// second copy (the new path costs more than one jump penalty above the old) the first
    /// copy is kept. Of the ways to leave a copy out, the one keeping the most of the first
    /// copy wins among those within a quarter penalty of the cheapest.
    static func keepingFirstCopies(
        _ path: WarpPath, guide: WarpFeatures, take: WarpFeatures, takeVoiced: [Bool], skipped: [Range<Int>],
        jumps: WarpPath.JumpCost
    ) -> WarpPath {
        // Both copies are words the take has: which one the jump skips, and how many pause
        // frames beside it, should not decide, so skipped take frames cost about what a pause
        // matched to a pause does.
        func price(_ p: WarpPath) -> Float { p.price(take: take, jumps: jumps, skippedTakeFrame: jumps.perFrame / 2) }
        var kept = (path: path, price: price(path), removed: [Range<Int>]())
        let original = kept.price
        for s in skipped {
            let tried = removals(take: take, voiced: takeVoiced, around: s).compactMap { r -> (WarpPath, Float, Range<Int>)? in
                guard let p = search(guide: guide, take: take, leavingOut: merged(kept.removed + [r]), jumps: jumps) else { return nil }
                return (p, price(p), r)
            }
            guard let cheapest = tried.map(\.1).min() else { continue }
            let limit = min(cheapest + jumps.penalty / 4, original + jumps.penalty)
            if let pick = tried.first(where: { $0.1 <= limit }) {
                kept = (pick.0, pick.1, kept.removed + [pick.2])
            }
        }
        return kept.path
    }

    /// Ways to leave a later copy of `skipped` out, the one keeping most of the first copy
    /// first: when the skipped frames recur right after them, from their end to the end of
    /// that copy; and a copy's length (the lag at which their first half recurs after them,
    /// or their second half before them: the path may cut from inside the first copy to
    /// inside the second, or run through the first copy into the second) left out from a few
    /// places between half a copy before them and their end.
    static func removals(take: WarpFeatures, voiced: [Bool], around skipped: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        if let r = find(take: take, voiced: voiced, around: skipped) { out.append(r.later) }
        let length = skipped.count
        guard length >= minimumFrames else { return out }
        let middle = skipped.lowerBound + length / 2
        var periods: [Int] = []
        func centre(_ r: Range<Int>) -> Int { (r.lowerBound + r.upperBound) / 2 }
        let before = max(skipped.lowerBound - 2 * length, 0)..<middle
        if let m = subsequenceMatch(take, rows: middle..<skipped.upperBound, columns: before), m.meanDistance < alike {
            periods.append(centre(middle..<skipped.upperBound) - centre(m.columns))
        }
        let after = middle..<min(skipped.upperBound + 2 * length, take.frameCount)
        if let m = subsequenceMatch(take, rows: skipped.lowerBound..<middle, columns: after), m.meanDistance < alike {
            periods.append(centre(m.columns) - centre(skipped.lowerBound..<middle))
        }
        let step = max(4, length / 5)
        for period in periods where period >= minimumFrames && !out.contains(where: { abs($0.count - period) <= 2 && $0.lowerBound == skipped.upperBound }) {
            for start in stride(from: skipped.upperBound, through: max(skipped.lowerBound - period / 2, 0), by: -step) where start + period <= take.frameCount {
                out.append(start..<(start + period))
            }
        }
        return out.sorted { $0.lowerBound > $1.lowerBound }
    }

    /// The search on `take` without the frames `removed` (sorted, disjoint), its steps in the
    /// whole take's frames; nil when it found no path.
    static func search(guide: WarpFeatures, take: WarpFeatures, leavingOut removed: [Range<Int>], jumps: WarpPath.JumpCost) -> WarpPath? {
        var kept: [Int] = []  // take frame of each frame of the shortened take
        var start = 0
        for r in removed {
            kept += start..<r.lowerBound
            start = r.upperBound
        }
        kept += start..<take.frameCount
        guard !kept.isEmpty else { return nil }
        var path = WarpPath.searchCoarseToFine(guide: guide, take: take.selecting(kept), jumps: jumps)
        guard path.reachedEnd, !path.steps.isEmpty else { return nil }
        path.steps = path.steps.map { ($0.guide, kept[$0.take]) }
        return path
    }

    /// Sorted, overlapping ranges joined.
    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !r.isEmpty {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }
}

extension WarpFeatures {
    /// The frames `frames` (ascending indices) only, in order.
    func selecting(_ frames: [Int]) -> WarpFeatures {
        var v = [Float]()
        v.reserveCapacity(frames.count * dimensions)
        for k in frames { v += values[(k * dimensions)..<((k + 1) * dimensions)] }
        return WarpFeatures(frameCount: frames.count, dimensions: dimensions, values: v, levels: frames.map { levels[$0] })
    }
}
