/// Silences ranges of a signal processed in blocks, with short linear fades at their edges
/// so a cut never clicks: the warp's jumps over words only one performance has.
struct SilenceMask {
    /// Samples, counted from the signal's first sample.
    let ranges: [Range<Int>]
    /// Fade length at each edge, samples (inside the range: the range itself is silent
    /// from `fade` in and to `fade` before its end).
    let fade: Int

    /// The gain at sample `i`: 0 inside a range, ramping to 1 over `fade` at its edges.
    func gain(at i: Int) -> Float {
        var g: Float = 1
        for r in ranges where i >= r.lowerBound && i < r.upperBound {
            let edge = min(i - r.lowerBound, r.upperBound - 1 - i)
            g = min(g, edge >= fade ? 0 : 1 - Float(edge) / Float(fade))
        }
        return g
    }

    /// Whether any range meets samples `[start, start + count)`.
    func touches(_ start: Int, _ count: Int) -> Bool {
        ranges.contains { $0.lowerBound < start + count && $0.upperBound > start }
    }

    /// Applies the mask to `count` samples of each channel, the first being sample `start`.
    func apply(to channels: inout [[Float]], offset: Int, count: Int, start: Int) {
        guard touches(start, count) else { return }
        for i in 0..<count {
            let g = gain(at: start + i)
            if g < 1 { for c in channels.indices { channels[c][offset + i] *= g } }
        }
    }
}
