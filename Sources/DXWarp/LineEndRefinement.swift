/// Sub-frame correction of a line's last syllables, where `LocalRefinement` cannot judge:
/// its window, centred on each frame, runs past the last anchor, so it holds too little
/// speech and the line's end keeps the path's position.
///
/// Why: at a line's end no onset follows to pull the path back into step. Through a final
/// syllable that decays into a room's tail the path drifts towards slope 1 and lands the
/// syllable up to 40 ms off (bench/warp seed 1 c013, seed 3 c012). Here the anchored frames
/// of the line's last `halfWindow` frames take the shift that best fits the window of
/// anchored frames reaching back from the last anchor (as long as `LocalRefinement`'s),
/// searched twice as far, and the search is repeated once from the moved positions.
///
/// Weak spot: at a line's end the window's cost curve is shallow (the best shift gains 1–4 %
/// over none), so the correction is right more often than not, not always. Estimator maps
/// with the floored second estimate, max error at ≤ ±20 % per seed, without → with it:
/// seed 1 28.8 → 16.0 ms (c013), seed 4 22.1 → 11.7 (c022), seed 5 14.8 → 25.2 (c012 worse).
enum LineEndRefinement {
    /// Shifts searched per pass, take frames either side (20 ms).
    static let radius = 4.0
    /// Shift grid, take frames (0.25 ms).
    static let step = 0.05
    /// Frames before the last anchor that move, and half the window judged (120 ms).
    static let halfWindow = LocalRefinement.halfWindow
    /// Searches, each from the positions the one before left (together up to 40 ms).
    static let passes = 2

    /// Take frame of each guide frame, the line's last anchored frames moved (none when the
    /// window holds too little speech or the best shift lies at the search's edge).
    static func refine(positions: [Double], anchored: [Bool], guide: WarpFeatures, take: WarpFeatures) -> [Double] {
        guard let end = anchored.lastIndex(of: true), end >= 2 * halfWindow else { return positions }
        let window = (end - 2 * halfWindow)...end
        let judged = window.filter { anchored[$0] }
        guard judged.count > halfWindow else { return positions }  // too little speech to judge
        let shifts = 2 * Int(radius / step) + 1
        var out = positions
        for _ in 0..<passes {
            var total = [Float](repeating: 0, count: shifts)
            for k in judged {
                for s in 0..<shifts { total[s] += LocalRefinement.distance(guide, k, take, at: out[k] + Double(s - shifts / 2) * step) }
            }
            let best = total.indices.min { total[$0] < total[$1] } ?? shifts / 2
            if best == 0 || best == shifts - 1 { break }  // at the edge: no clear minimum
            for i in (end - halfWindow)...end where anchored[i] { out[i] += Double(best - shifts / 2) * step }
        }
        return out
    }
}
