/// One place in the guide where the take may belong.
public struct AlignmentCandidate: Sendable, Equatable {
    /// Guide sample where take sample 0 lands (at the guide's rate; negative = before the
    /// guide's first sample).
    public var offsetSamples: Int64
    /// The same in seconds, with the sub-sample part of the estimate.
    public var offsetSeconds: Double
    public var confidence: Double
    /// Guide channel (0-based).
    public var channel: Int
}

/// How the offset was measured.
public enum AlignmentMethod: String, Sendable {
    /// GCC-PHAT on the samples confirmed the same performance: sample-accurate.
    case waveform
    /// Feature correlation with segment voting (a re-performance): frame-accurate.
    case features
}

/// The answer for one take: where it lands, how sure, and whether it is there at all.
public struct AlignmentResult: Sendable {
    /// False when the take's line is not in the guide (then `offset*` are nil).
    public var match: Bool
    public var offsetSamples: Int64?
    public var offsetSeconds: Double?
    /// 0–1; 0.5 sits at the match threshold.
    public var confidence: Double
    /// More than one plausible place (a line said twice); `candidates` lists them, best first.
    public var ambiguous: Bool
    public var candidates: [AlignmentCandidate]
    public var channel: Int?
    /// Known only for a waveform match (a re-performance has no shared polarity).
    public var polarityInverted: Bool?
    public var method: AlignmentMethod?
    /// Guide seconds per take second over the line (1 = same tempo), from segment voting.
    public var tempoRatio: Double?
    /// The take region (seconds) used as the pattern.
    public var takeRegion: ClosedRange<Double>
    /// The best place found even when it was rejected (for diagnostics only).
    public var bestGuess: AlignmentCandidate?
    public var guideSampleRate: Int
    public var takeSampleRate: Int
}
