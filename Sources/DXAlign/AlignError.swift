/// Why an alignment could not be attempted (as opposed to "no match", which is a result).
public enum AlignError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file holds no samples.
    case emptyAudio(String)
    /// The take is longer than the guide it should lie inside.
    case takeLongerThanGuide(take: String, takeSeconds: Double, guide: String, guideSeconds: Double)
    /// `--take-range` or a search window outside the file or empty.
    case badRange(String)
    /// The take holds no sound above its noise (digital silence).
    case silentTake(String)
    /// The guide file changed (length, channels or content) while takes were aligned on it.
    case guideChanged(String)

    public var description: String {
        switch self {
        case .emptyAudio(let name):
            return "\(name): holds no audio samples"
        case let .takeLongerThanGuide(take, ts, guide, gs):
            return "\(take): the take's line (\(Self.seconds(ts))) is longer than the guide \(guide) (\(Self.seconds(gs))); a take must lie inside its guide (use --take-range to align part of it)"
        case .badRange(let message):
            return message
        case .silentTake(let name):
            return "\(name): the take is silent; nothing to align"
        case .guideChanged(let name):
            return "\(name): the guide changed while it was in use (its length or channels differ from when it was analysed)"
        }
    }

    static func seconds(_ s: Double) -> String {
        let ms = Int((s * 1000).rounded())
        return "\(ms / 1000).\(String(ms % 1000 + 1000).dropFirst()) s"
    }
}
