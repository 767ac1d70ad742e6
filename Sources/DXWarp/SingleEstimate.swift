/// One estimate of a warp map and what it was made from (the estimator combines several).
struct SingleEstimate {
    /// Take frame (fractional) of every guide frame.
    var takeFrames: [Double]
    var limitShift: [Double]
    var differences: [WordDifference]
    var path: WarpPath
    var voiced: [Bool]
    var guideFeatures: WarpFeatures
    var room: RoomModel

    /// The frame-by-frame median of the estimates' take frames, or nil when they disagree on
    /// the word differences (their timelines are then cut in different places). A median of
    /// non-decreasing curves is non-decreasing, so the map stays monotone.
    static func median(_ estimates: [SingleEstimate]) -> [Double]? {
        guard let first = estimates.first, estimates.count > 1 else { return nil }
        for e in estimates.dropFirst() {
            guard e.takeFrames.count == first.takeFrames.count,
                e.differences.map(\.cut) == first.differences.map(\.cut)
            else { return nil }
        }
        return first.takeFrames.indices.map { i in
            let v = estimates.map { $0.takeFrames[i] }.sorted()
            return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
        }
    }
}
