/// The take position of every guide frame, in take frames (fractional), made from a warp
/// path: one correspondence per guide frame, silences bridged, smoothed, and held inside
/// the stretch limits so the map is monotone.
struct GuideTimeline {
    /// `takeFrame[i]`: take frame (fractional) that guide frame `i` shows.
    var takeFrame: [Double]
    /// Take frames the stretch limits moved each guide frame by (0 where the map is free).
    var limitShift: [Double]
    /// Guide frames that carry speech (the ones whose timing is trusted).
    var voiced: [Bool]

    /// Frames within `rangeDB` of the loudest and `aboveFloorDB` above the quiet ones, in runs
    /// of at least `minimumRun` frames (20 ms at the 5 ms hop).
    static func voicedFrames(levels: [Float], rangeDB: Float = 35, aboveFloorDB: Float = 6, minimumRun: Int = 4) -> [Bool] {
        guard let peak = levels.max() else { return [] }
        let sorted = levels.sorted()
        let floor = sorted[sorted.count / 10]
        let threshold = max(peak - rangeDB, floor + aboveFloorDB)
        var voiced = levels.map { $0 > threshold }
        // Runs shorter than `minimumRun` frames are clicks or noise, not speech.
        var start = 0
        while start < voiced.count {
            var end = start
            while end < voiced.count && voiced[end] == voiced[start] { end += 1 }
            if voiced[start] && end - start < minimumRun { for k in start..<end { voiced[k] = false } }
            start = end
        }
        return voiced
    }

    /// The centre of each guide frame's run of take frames along `path`; a guide frame the
    /// path jumps over takes the take frame the jump lands on, and guide frames before or
    /// after the path continue its ends with slope 1.
    static func pathCentres(_ path: WarpPath, guideFrames: Int) -> [Double] {
        var first = [Int](repeating: Int.max, count: guideFrames)
        var last = [Int](repeating: Int.min, count: guideFrames)
        for s in path.steps {
            first[s.guide] = min(first[s.guide], s.take)
            last[s.guide] = max(last[s.guide], s.take)
        }
        guard let head = path.steps.first, let tail = path.steps.last else {
            return (0..<guideFrames).map(Double.init)
        }
        var centres = [Double](repeating: 0, count: guideFrames)
        var landing = Double(tail.take)
        for i in stride(from: guideFrames - 1, through: 0, by: -1) {
            if i > tail.guide {
                centres[i] = Double(tail.take + i - tail.guide)
            } else if i < head.guide {
                centres[i] = Double(head.take - (head.guide - i))
            } else {
                if first[i] != Int.max { landing = Double(first[i] + last[i]) / 2 }
                centres[i] = landing
            }
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
            limitShift = [Double](repeating: 0, count: centres.count)
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
        let fitted = SlopeLimitedFit.fit(
            targets: centres, anchored: voiced, bridge: bridged,
            reference: Self.limitSlope(smoothed, limits: slopeLimits), limits: slopeLimits)
        takeFrame = Self.movingAverage(fitted, length: smoothingFrames, linearEnds: true)
        limitShift = zip(takeFrame, smoothed).map { $0 - $1 }
    }

    /// Centred moving average, ends extended by the edge values, or with `linearEnds` by
    /// the edge steps continued (so a curve within slope limits stays within them).
    static func movingAverage(_ x: [Double], length: Int, linearEnds: Bool = false) -> [Double] {
        let half = max(length, 1) / 2
        guard half > 0, x.count > 1 else { return x }
        let n = x.count
        let (headStep, tailStep) = linearEnds ? (x[1] - x[0], x[n - 1] - x[n - 2]) : (0, 0)
        func value(_ k: Int) -> Double {
            k < 0 ? x[0] + Double(k) * headStep : k >= n ? x[n - 1] + Double(k - n + 1) * tailStep : x[k]
        }
        var out = [Double](repeating: 0, count: n)
        for i in x.indices {
            var sum = 0.0
            for k in (i - half)...(i + half) { sum += value(k) }
            out[i] = sum / Double(2 * half + 1)
        }
        return out
    }

    /// A curve near `x` whose every step lies in `limits`: the mean of a forward clamp (each
    /// point within the limits of its predecessor) and a backward clamp (of its successor),
    /// so an out-of-limit stretch is spread either side of where it happens instead of
    /// pushing everything after it. The mean of two curves within the limits is within them.
    static func limitSlope(_ x: [Double], limits: ClosedRange<Double>) -> [Double] {
        guard x.count > 1 else { return x }
        var forward = x
        for i in 1..<x.count {
            forward[i] = min(max(x[i], forward[i - 1] + limits.lowerBound), forward[i - 1] + limits.upperBound)
        }
        var backward = x
        for i in stride(from: x.count - 2, through: 0, by: -1) {
            backward[i] = min(max(x[i], backward[i + 1] - limits.upperBound), backward[i + 1] - limits.lowerBound)
        }
        return zip(forward, backward).map { ($0 + $1) / 2 }
    }
}
