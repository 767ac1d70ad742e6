/// A monotone time map from an ADR take onto its guide, with the regions where the
/// two performances differ.
///
/// Positions are integer sample indices at one rate (`sampleRate`, normally the
/// guide's), counted from the start of each signal handed to the estimator; the
/// caller adds the guide region's offset. Between points the map is linear;
/// outside them its slope is 1. Both coordinates are non-decreasing; a repeated
/// `take` value is a jump over guide material the take lacks, a repeated `guide`
/// value one over take material the guide lacks.
public struct WarpMap: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        /// Take position, samples.
        public var take: Int
        /// Guide position the take sample lands on, samples.
        public var guide: Int

        public init(take: Int, guide: Int) {
            self.take = take
            self.guide = guide
        }
    }

    /// Why a region of the map is not a plain correspondence of the same words.
    public enum FlagReason: String, Sendable, Equatable, CaseIterable {
        case wordInTakeOnly = "word in take only"
        case wordInGuideOnly = "word in guide only"
        case stretchLimit = "stretch limit"
        case lowConfidence = "low confidence"
    }

    /// A region the estimator jumped over or could not align with confidence.
    public struct Flag: Sendable, Equatable {
        /// Take samples `[start, end)`.
        public var take: Range<Int>
        /// Guide samples `[start, end)`; empty when the guide lacks the material.
        public var guide: Range<Int>
        public var reason: FlagReason

        public init(take: Range<Int>, guide: Range<Int>, reason: FlagReason) {
            self.take = take
            self.guide = guide
            self.reason = reason
        }
    }

    /// Samples per second of both coordinates.
    public var sampleRate: Int
    public var points: [Point]
    public var flags: [Flag]
    /// 0...1: how well the take's features follow the guide's along the map.
    public var confidence: Double

    public init(sampleRate: Int, points: [Point], flags: [Flag] = [], confidence: Double) {
        self.sampleRate = sampleRate
        self.points = points
        self.flags = flags
        self.confidence = confidence
    }
}
