/// Sub-frame correction of a map: around every anchored guide frame, the shift of the take
/// that brings its features (interpolated between frames) closest to the guide's over a
/// short window. The estimator passes it `RefinementFeatures`, not the search's.
///
/// Why: the path moves in whole 5 ms frames and, where speech changes slowly (a held vowel,
/// a word's decay), it prefers the diagonal, so it runs at slope 1 through a stretched word
/// and catches up at the next onset (up to 40 ms behind at a line's end on bench/warp). The
/// fitted map is close enough that a local search over a few frames finds where the take
/// really is, to a fraction of a frame.
enum LocalRefinement {
    /// Shifts searched, take frames either side (10 ms).
    static let radius = 2.0
    /// Shift grid, take frames (0.25 ms).
    static let step = 0.05
    /// Half-width of the window whose distances are summed, guide frames (120 ms: a syllable
    /// or two; shorter windows found false minima on bench/warp).
    static let halfWindow = 24

    /// Take frame of each guide frame, moved by the best shift of its window (frames
    /// without anchors in their window keep their position).
    static func refine(positions: [Double], anchored: [Bool], guide: WarpFeatures, take: WarpFeatures) -> [Double] {
        let n = positions.count
        let shifts = 2 * Int(radius / step) + 1
        // cost[i * shifts + s]: distance of guide frame i to the take at positions[i] + shift s.
        var cost = [Float](repeating: 0, count: n * shifts)
        for i in 0..<n where anchored[i] {
            for s in 0..<shifts {
                let t = positions[i] + Double(s - shifts / 2) * step
                cost[i * shifts + s] = distance(guide, i, take, at: t)
            }
        }
        var out = positions
        var window = [Float](repeating: 0, count: shifts)
        for i in 0..<n where anchored[i] {
            for s in 0..<shifts { window[s] = 0 }
            var count = 0
            for k in max(i - halfWindow, 0)...min(i + halfWindow, n - 1) where anchored[k] {
                for s in 0..<shifts { window[s] += cost[k * shifts + s] }
                count += 1
            }
            guard count > halfWindow else { continue }  // too little speech to judge
            let best = window.indices.min { window[$0] < window[$1] } ?? shifts / 2
            if best == 0 || best == shifts - 1 { continue }  // at the edge: no clear minimum
            out[i] = positions[i] + Double(best - shifts / 2) * step
        }
        return out
    }

    /// `WarpPath.distance` to the take's features linearly interpolated at fractional frame `t`.
    static func distance(_ guide: WarpFeatures, _ i: Int, _ take: WarpFeatures, at t: Double) -> Float {
        let last = take.frameCount - 1
        let clamped = min(max(t, 0), Double(last))
        let j = min(Int(clamped), max(last - 1, 0))
        let u = Float(clamped - Double(j))
        let d = guide.dimensions
        var sum: Float = 0
        guide.values.withUnsafeBufferPointer { g in
            take.values.withUnsafeBufferPointer { v in
                let gi = i * d
                let a = j * d
                let b = min(j + 1, last) * d
                for k in 0..<d {
                    let e = g[gi + k] - (v[a + k] + u * (v[b + k] - v[a + k]))
                    sum += e * e
                }
            }
        }
        return (sum / Float(d)).squareRoot()
    }
}
