/// The guide timeline made segment by segment between the word differences, so smoothing,
/// silence bridging and stretch limits never pull words across a jump.
enum SegmentedTimeline {
    /// Take frame (fractional) of each guide frame. Guide frames a take lacks get the take
    /// frame after the gap (the map jumps there); a word the guide lacks makes the take
    /// frame jump between two guide frames.
    static func build(
        centres: [Double], voiced: [Bool], differences: [WordDifference], smoothingFrames: Int,
        slopeLimits: ClosedRange<Double>
    ) -> (takeFrames: [Double], limitShift: [Double]) {
        let n = centres.count
        var cuts: [(end: Int, resume: Int)] = []  // segment ends before `end`, next starts at `resume`
        for d in differences.sorted(by: { $0.cut.lowerBound < $1.cut.lowerBound }) {
            cuts.append((d.cut.lowerBound, d.cut.upperBound))
        }
        var out = [Double](repeating: 0, count: n)
        var shift = [Double](repeating: 0, count: n)
        var start = 0
        for cut in cuts + [(end: n, resume: n)] {
            let end = min(max(cut.end, start), n)
            if end > start {
                let timeline = GuideTimeline(
                    centres: Array(centres[start..<end]), voiced: Array(voiced[start..<end]),
                    smoothingFrames: smoothingFrames, slopeLimits: slopeLimits)
                for (k, t) in timeline.takeFrame.enumerated() { out[start + k] = t }
                for (k, d) in timeline.limitShift.enumerated() { shift[start + k] = d }
            }
            let resume = min(max(cut.resume, end), n)
            start = resume
            // Frames the take lacks sit where the take resumes (filled after the next segment).
            for i in end..<resume { out[i] = .nan }
        }
        // Gaps take the next defined value; then the whole is made non-decreasing.
        var next = out.last.flatMap { $0.isNaN ? nil : $0 } ?? centres.last ?? 0
        for i in stride(from: n - 1, through: 0, by: -1) {
            if out[i].isNaN { out[i] = next } else { next = out[i] }
        }
        for i in 1..<max(n, 1) where out[i] < out[i - 1] { out[i] = out[i - 1] }
        return (out, shift)
    }
}
