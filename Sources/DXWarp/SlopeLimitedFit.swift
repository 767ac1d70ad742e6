/// The curve within the stretch limits that lies closest to the path's anchors in total
/// absolute distance (a least-absolute-deviations fit under slope limits), solved exactly on
/// a fine grid by dynamic programming.
///
/// Why not clamp a smoothed path: a clamp moves every point after (or, spread both ways,
/// before) a violation, so a few frames where the path stands still — a room guide's
/// reverberant tail matched to the take's last syllable, a breath — drag a whole phrase
/// off by tens of milliseconds. Absolute distance lets those few frames be outvoted by the
/// many anchors that agree, and the fit bends only where the limits really bind.
enum SlopeLimitedFit {
    /// Grid step, frames (0.5 ms at the 5 ms hop).
    static let step = 0.1
    /// Half-width of the searched band around the reference, frames (240 ms).
    static let halfWidth = 48.0
    /// Weight pulling frames without an anchor (pauses, line ends) towards the bridge.
    static let bridgeWeight = 0.01

    /// - Parameters:
    ///   - targets: where the path puts each frame (take frames).
    ///   - anchored: frames whose target is trusted.
    ///   - bridge: a curve through the anchors (the value frames without an anchor lean to).
    ///   - reference: a curve within `limits` (the searched band is centred on it).
    ///   - limits: allowed take frames per guide frame.
    static func fit(
        targets: [Double], anchored: [Bool], bridge: [Double], reference: [Double], limits: ClosedRange<Double>
    ) -> [Double] {
        let n = targets.count
        let states = 2 * Int(halfWidth / step) + 1
        let centre = states / 2
        guard n > 1 else { return reference }
        // cost[k]: least total distance of frames 0...i with frame i at grid state k.
        var cost = [Double](repeating: 0, count: states)
        var previous = [Double](repeating: 0, count: states)
        // back[i * states + k]: state of frame i − 1 on the best curve through (i, k).
        var back = [Int16](repeating: 0, count: n * states)
        func local(_ i: Int, _ k: Int) -> Double {
            let y = reference[i] + Double(k - centre) * step
            return (anchored[i] ? abs(y - targets[i]) : 0) + bridgeWeight * abs(y - bridge[i])
        }
        for k in 0..<states { cost[k] = local(0, k) }
        var window = [Int](repeating: 0, count: states)  // a monotone deque of states
        for i in 1..<n {
            swap(&cost, &previous)
            let rise = reference[i] - reference[i - 1]
            // Frame i − 1 may sit `below` states lower or `above` states higher than frame i.
            let below = max(Int(((limits.upperBound - rise) / step + 1e-9).rounded(.down)), 0)
            let above = max(Int(((rise - limits.lowerBound) / step + 1e-9).rounded(.down)), 0)
            var head = 0
            var tail = 0
            var next = 0  // the next state of row i − 1 to enter the window
            for k in 0..<states {
                while next < states && next <= k + above {
                    while tail > head && previous[window[tail - 1]] >= previous[next] { tail -= 1 }
                    window[tail] = next
                    tail += 1
                    next += 1
                }
                while head < tail && window[head] < k - below { head += 1 }
                let best = head < tail ? window[head] : k
                cost[k] = (head < tail ? previous[best] : .infinity) + local(i, k)
                back[i * states + k] = Int16(best)
            }
        }
        var k = cost.indices.min { cost[$0] < cost[$1] } ?? centre
        var out = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            out[i] = reference[i] + Double(k - centre) * step
            if i > 0 { k = Int(back[i * states + k]) }
        }
        return out
    }
}
