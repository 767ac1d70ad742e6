/// A stretch of one performance that the other lacks (a word left out or said twice), found
/// where the warp path stands still on one signal while the other runs through speech.
struct WordDifference {
    /// Guide frames `[lower, upper)` the take lacks (empty for a word in the take only).
    var guide: Range<Int>
    /// Take frames `[lower, upper)` the guide lacks (empty for a word in the guide only).
    var take: Range<Int>
    /// Guide frames whose timeline is cut out: the map jumps from the frame before them to
    /// the frame after.
    var cut: Range<Int>

    var reason: WarpMap.FlagReason { guide.isEmpty ? .wordInTakeOnly : .wordInGuideOnly }

    /// The same difference with guide frames counted `offset` later.
    func shifted(by offset: Int) -> WordDifference {
        WordDifference(
            guide: (guide.lowerBound + offset)..<(guide.upperBound + offset), take: take,
            cut: (cut.lowerBound + offset)..<(cut.upperBound + offset))
    }

    /// Least material one signal must have alone, frames (80 ms: a short word; pause-length
    /// differences between the performances sit in silence and are not counted).
    static let minimumFrames = 12
    /// Frames of ordinary progress allowed inside one difference (the search often spreads
    /// a missing word over a few runs).
    static let maximumGap = 12
    /// Take frames per guide frame below which the path "stands" on the take, and above which
    /// it "runs" through the take (the stretch limits are far inside these).
    static let standing = 0.3
    static let running = 3.0
    /// Half-width of the slope measurement, frames (20 ms).
    static let slopeSpan = 4
    /// Take frames between two guide rows that make a leap (30 ms: more than a row's own
    /// take steps at any stretch the limits allow).
    static let minimumLeap = 6.0
    /// Rows that show one take frame in a row before they count as skipped, not as a pause.
    static let minimumRun = 3
    /// Share of the lone material that must carry speech.
    static let minimumVoicedShare = 0.3

    /// The differences along `centres` (take frame of each guide frame).
    static func find(centres: [Double], guideVoiced: [Bool], takeVoiced: [Bool]) -> [WordDifference] {
        guard centres.count > 2 else { return [] }
        // Take frames per guide frame over ±`slopeSpan` frames: a path moves in stairs, so
        // single steps stand still or run all the time.
        let n = centres.count
        let steps = (0..<(n - 1)).map { i in
            let a = max(i - slopeSpan, 0)
            let b = min(i + 1 + slopeSpan, n - 1)
            return (centres[b] - centres[a]) / Double(b - a)
        }
        var out: [WordDifference] = []
        for cluster in clusters(steps.indices.filter { steps[$0] <= standing }) {
            let lone = cluster.count - cluster.indices.filter { steps[$0] > standing }.count
            let around = cluster.lowerBound..<min(cluster.upperBound + 1, n)
            guard lone >= minimumFrames, voicedShare(guideVoiced, around) >= minimumVoicedShare else { continue }
            let guide = skippedRows(centres, in: around)
            let t = Int(centres[min(guide.upperBound, n - 1)].rounded())
            out.append(WordDifference(guide: guide, take: t..<t, cut: guide))
        }
        for cluster in clusters(steps.indices.filter { steps[$0] >= running }) {
            let extra = cluster.reduce(0.0) { $0 + max(steps[$1] - 1, 0) }
            let cut = leapRows(centres, in: cluster.lowerBound..<min(cluster.upperBound + 1, n))
            let first = Int(centres[max(cut.lowerBound - 1, 0)].rounded()) + 1
            let take = first..<max(first, Int(centres[min(cut.upperBound, n - 1)].rounded()))
            guard extra >= Double(minimumFrames), voicedShare(takeVoiced, take) >= minimumVoicedShare else { continue }
            out.append(WordDifference(guide: cut.lowerBound..<cut.lowerBound, take: take, cut: cut))
        }
        return out.sorted { $0.cut.lowerBound < $1.cut.lowerBound }
    }

    /// The guide rows inside `around` the path jumped over: from the first to the last row of
    /// its runs of at least `minimumRun` rows that all show one take frame (a jump gives every
    /// skipped row the frame it lands on), without the landing row itself. The slope window
    /// blurs a cluster by `slopeSpan` rows either side; cutting there would move the words
    /// next to the gap onto the other side of it.
    static func skippedRows(_ centres: [Double], in around: Range<Int>) -> Range<Int> {
        var first: Int?
        var last = around.lowerBound
        var k = around.lowerBound
        while k < around.upperBound {
            var end = k + 1
            while end < min(around.upperBound + 1, centres.count), centres[end] == centres[k] { end += 1 }
            if end - k >= minimumRun {  // rows k..<end show one frame; end - 1 is the landing row
                if first == nil { first = k }
                last = end - 1
            }
            k = end
        }
        guard let first else { return around }
        return first..<max(first, last)
    }

    /// The guide rows inside `around` between the first and the last leap of the path through
    /// take frames (a row whose take frame is `minimumLeap` frames past the row before): empty
    /// at the leap when the path makes one, so the map jumps exactly where the path does.
    static func leapRows(_ centres: [Double], in around: Range<Int>) -> Range<Int> {
        let leaps = around.filter { $0 > 0 && centres[$0] - centres[$0 - 1] >= minimumLeap }
        guard let first = leaps.first, let last = leaps.last else {
            return (around.lowerBound + 1)..<around.upperBound
        }
        return first..<last
    }

    /// Sorted indices grouped into ranges whose members are at most `maximumGap` apart.
    static func clusters(_ indices: [Int]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for i in indices {
            if let last = out.last, i - last.upperBound <= maximumGap {
                out[out.count - 1] = last.lowerBound..<(i + 1)
            } else {
                out.append(i..<(i + 1))
            }
        }
        return out
    }

    static func voicedShare(_ voiced: [Bool], _ range: Range<Int>) -> Double {
        let r = range.clamped(to: 0..<voiced.count)
        guard !r.isEmpty else { return 0 }
        return Double(r.filter { voiced[$0] }.count) / Double(r.count)
    }
}
