/// Finds the time map from a take onto the guide region it was matched to.
///
/// Contract: `guide` is the guide region found by offset alignment (mono, with a
/// margin either side), `take` the whole take (mono), both at `sampleRate`. The
/// returned map's coordinates count from the start of these two arrays.
public enum WarpMapEstimator {
    public static func estimate(
        guide: [Float], take: [Float], sampleRate: Int, options: WarpOptions = WarpOptions()
    ) throws -> WarpMap {
        // Placeholder until the estimator lands (issue 17): refuses rather than guesses.
        throw WarpError.estimatorUnavailable
    }
}

/// Why a warp map could not be made.
public enum WarpError: Error, Equatable, Sendable {
    case estimatorUnavailable
}
