/// A stretch of one performance that the other lacks (a word left out or said twice), found
/// where the warp path jumps over frames that carry speech.
struct WordDifference {
    /// Guide frames `[lower, upper)` the take lacks (empty for a word in the take only).
    var guide: Range<Int>
    /// Take frames `[lower, upper)` the guide lacks (empty for a word in the guide only).
    var take: Range<Int>

    var reason: WarpMap.FlagReason { guide.isEmpty ? .wordInTakeOnly : .wordInGuideOnly }

    /// Shortest jump taken for a word, frames (60 ms): a syllable is longer, a pause-length
    /// difference between performances is no word.
    static let minimumFrames = 12
    /// Share of the skipped frames that must carry speech.
    static let minimumVoicedShare = 0.5

    /// The jumps of `path` over at least `minimumFrames` frames that are mostly speech.
    static func find(in path: WarpPath, guideVoiced: [Bool], takeVoiced: [Bool]) -> [WordDifference] {
        var out: [WordDifference] = []
        for (a, b) in zip(path.steps, path.steps.dropFirst()) {
            if b.guide - a.guide > minimumFrames,
                voicedShare(guideVoiced, (a.guide + 1)..<b.guide) >= minimumVoicedShare
            {
                out.append(WordDifference(guide: (a.guide + 1)..<b.guide, take: b.take..<b.take))
            } else if b.take - a.take > minimumFrames,
                voicedShare(takeVoiced, (a.take + 1)..<b.take) >= minimumVoicedShare
            {
                out.append(WordDifference(guide: b.guide..<b.guide, take: (a.take + 1)..<b.take))
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
