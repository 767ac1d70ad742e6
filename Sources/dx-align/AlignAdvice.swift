import DXAlign
import DXCLI

/// The alignment library's facts as dx-align prints them: a take range is named by the
/// option that gives it, and a take longer than its guide is told that option.
extension AlignError {
    public var reportMessage: String {
        switch self {
        case let .badRange(take, range, seconds, problem):
            return "\(take): --take-range \(AlignError.rangeText(range, problem: problem, takeSeconds: seconds))"
        case .takeLongerThanGuide:
            return description + " (use --take-range to align part of it)"
        case .emptyAudio, .silentTake, .guideChanged:
            return description
        }
    }
}
