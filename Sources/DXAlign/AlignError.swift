/// Why an alignment could not be attempted (as opposed to "no match", which is a result).
public enum AlignError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file holds no samples.
    case emptyAudio(String)
    /// The take is longer than the guide it should lie inside.
    case takeLongerThanGuide(take: String, takeSeconds: Double, guide: String, guideSeconds: Double)
    /// The part of the take asked for (seconds) is not inside it, or holds too little.
    case badRange(take: String, range: ClosedRange<Double>, takeSeconds: Double, problem: RangeProblem)
    /// The take holds no sound above its noise (digital silence).
    case silentTake(String)
    /// The guide file changed (length, channels or content) while takes were aligned on it.
    case guideChanged(String)

    public var description: String {
        switch self {
        case .emptyAudio(let name):
            return "\(name): holds no audio samples"
        case let .takeLongerThanGuide(take, ts, guide, gs):
            return "\(take): the take's line (\(Self.seconds(ts))) is longer than the guide \(guide) (\(Self.seconds(gs))); a take must lie inside its guide"
        case let .badRange(take, range, seconds, problem):
            return "\(take): take range \(Self.rangeText(range, problem: problem, takeSeconds: seconds))"
        case .silentTake(let name):
            return "\(name): the take is silent; nothing to align"
        case .guideChanged(let name):
            return "\(name): the guide changed while it was in use (its length or channels differ from when it was analysed)"
        }
    }

    /// Why a take range cannot be used.
    public enum RangeProblem: Sendable, Equatable {
        /// It starts after the take ends, before 0, or is empty.
        case outside
        /// It holds less than 0.1 s of the take (too little to align).
        case tooShort
    }

    /// `1.0-2.0 s is not inside the 3.000 s take`: the range and why, after its name.
    public static func rangeText(_ range: ClosedRange<Double>, problem: RangeProblem, takeSeconds: Double) -> String {
        let why = problem == .outside ? "is not inside" : "holds less than 0.1 s of"
        return "\(range.lowerBound)-\(range.upperBound) s \(why) the \(seconds(takeSeconds)) take"
    }

    static func seconds(_ s: Double) -> String {
        let ms = Int((s * 1000).rounded())
        return "\(ms / 1000).\(String(ms % 1000 + 1000).dropFirst()) s"
    }
}
