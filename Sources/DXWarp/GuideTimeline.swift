/// The take position of every guide frame, in take frames (fractional), made from a warp
/// path: one correspondence per guide frame, silences bridged, smoothed, and held inside
/// the stretch limits so the map is monotone.
struct GuideTimeline {
    /// `takeFrame[i]`: take frame (fractional) that guide frame `i` shows.
    var takeFrame: [Double]
    /// Guide frames that carry speech (the ones whose timing is trusted).
    var voiced: [Bool]

    /// Guide frames within `rangeDB` of the loudest and `aboveFloorDB` above the quiet ones.
    static func voicedFrames(levels: [Float], rangeDB: Float = 35, aboveFloorDB: Float = 6) -> [Bool] {
        guard let peak = levels.max() else { return [] }
        let sorted = levels.sorted()
        let floor = sorted[sorted.count / 10]
        let threshold = max(peak - rangeDB, floor + aboveFloorDB)
        return levels.map { $0 > threshold }
    }

    /// The centre of each guide frame's run of take frames along `path`; a guide frame the
    /// path jumps over takes the take frame the jump lands on.
    static func pathCentres(_ path: WarpPath, guideFrames: Int) -> [Double] {
        var first = [Int](repeating: Int.max, count: guideFrames)
        var last = [Int](repeating: Int.min, count: guideFrames)
        for s in path.steps {
            first[s.guide] = min(first[s.guide], s.take)
            last[s.guide] = max(last[s.guide], s.take)
        }
        var centres = [Double](repeating: 0, count: guideFrames)
        var landing = Double(last.last ?? 0)
        for i in stride(from: guideFrames - 1, through: 0, by: -1) {
            if first[i] != Int.max { landing = Double(first[i] + last[i]) / 2 }
            centres[i] = first[i] == Int.max ? landing : Double(first[i] + last[i]) / 2
        }
        return centres
    }

    /// - Parameters:
    ///   - centres: take frame of each guide frame, as the path gives it.
    ///   - smoothingFrames: moving-average length, frames (odd; 1 = none).
    ///   - slopeLimits: allowed take frames per guide frame.
    init(centres: [Double], voiced: [Bool], smoothingFrames: Int, slopeLimits: ClosedRange<Double>) {
        self.voiced = voiced
        let n = centres.count
        let anchors = (0..<n).filter { voiced[$0] }
        guard anchors.count >= 2 else {
            takeFrame = centres
            return
        }
        // Bridge silences: guide frames without speech follow the line between spoken neighbours,
        // slope 1 before the first and after the last.
        var bridged = [Double](repeating: 0, count: n)
        var next = 0
        for i in 0..<n {
            while next < anchors.count && anchors[next] < i { next += 1 }
            if i <= anchors[0] {
                bridged[i] = centres[anchors[0]] - Double(anchors[0] - i)
            } else if i >= anchors[anchors.count - 1] {
                let a = anchors[anchors.count - 1]
                bridged[i] = centres[a] + Double(i - a)
            } else {
                let b = anchors[next]
                let a = anchors[next - 1]
                let u = b == a ? 0 : Double(i - a) / Double(b - a)
                bridged[i] = b == i ? centres[i] : centres[a] + u * (centres[b] - centres[a])
            }
        }
        let smoothed = Self.movingAverage(bridged, length: smoothingFrames)
        takeFrame = Self.limitSlope(smoothed, limits: slopeLimits)
    }

    /// Centred moving average, ends extended by the edge values.
    static func movingAverage(_ x: [Double], length: Int) -> [Double] {
        let half = max(length, 1) / 2
        guard half > 0, x.count > 1 else { return x }
        var out = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            var sum = 0.0
            for k in (i - half)...(i + half) { sum += x[min(max(k, 0), x.count - 1)] }
            out[i] = sum / Double(2 * half + 1)
        }
        return out
    }

    /// The curve nearest `x` whose every step lies in `limits`: a forward pass keeps each
    /// point within the limits of its predecessor, a backward pass of its successor, so an
    /// out-of-limit stretch is spread around where it happens instead of shifting the rest.
    static func limitSlope(_ x: [Double], limits: ClosedRange<Double>) -> [Double] {
        guard x.count > 1 else { return x }
        var y = x
        for i in 1..<y.count { y[i] = min(max(y[i], y[i - 1] + limits.lowerBound), y[i - 1] + limits.upperBound) }
        for i in stride(from: y.count - 2, through: 0, by: -1) {
            y[i] = min(max(y[i], y[i + 1] - limits.upperBound), y[i + 1] - limits.lowerBound)
        }
        return y
    }
}
