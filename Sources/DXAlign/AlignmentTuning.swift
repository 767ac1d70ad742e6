/// The constants of the alignment algorithm, in one place because they were chosen together
/// by measurement: a numpy prototype of this exact pipeline was run on the bench generator's
/// cases (`bench/align/make_cases.py`, seed 1 for tuning, seed 2 held out) until the issue's
/// targets held on both. Change one only with a re-run of `make bench`.
public struct AlignmentTuning: Sendable, Hashable {
    /// Feature rate: 16 kHz audio, 512-sample Hann windows, 10 ms hop.
    public var featureSampleRate = 16_000
    public var featureHop = 160
    /// 40 log-mel bands (80–7000 Hz) summed into 8 groups, floored 50 dB under the file's peak.
    public var melBands = 40
    public var bandGroups = 8
    public var floorBelowPeakDB: Float = 50
    /// Moving average over 5 frames (50 ms) so ±5 % tempo changes still overlap.
    public var smoothingFrames = 5

    /// Take activity: frames within 40 dB of the loudest; gaps longer than 1 s split the take
    /// into separate utterances (a slate, the line, a rustle); utterances shorter than 0.3 s
    /// are ignored; the 3 strongest are each tried as the template.
    public var activityRangeDB: Float = 40
    public var utteranceGapFrames = 100
    public var minimumUtteranceFrames = 30
    public var maximumUtterances = 3
    /// Frames of context kept on each side of an utterance.
    public var utterancePadFrames = 5

    /// Coarse search: the 3 best feature-correlation peaks per utterance and guide channel,
    /// at least 0.5 s apart.
    public var peaksPerSearch = 3
    public var peakSeparationFrames = 50
    /// Heavy noise (issue 14): when a search's best peak rises less than `crowdedMargin` above
    /// its null level (`FeatureSearch.nullPeak`), the noise's own peaks may outrank the line's
    /// (crowd babble 9 dB over a generated line: its place 3rd, or not in the top 3, in 3 of 4
    /// scenes). When none of the usual candidates matches, the further peaks of such searches
    /// (up to `crowdedPeaksPerSearch` in all) are refined, up to `crowdedRefinedCandidates` of
    /// them, and only a waveform-confirmed same performance among them counts: their votes are
    /// the noise's. Revoiced lines on the bench (seed 1) often peak under that margin too, which
    /// is why it only adds places, never changes how the usual ones are judged.
    public var crowdedMargin: Float = 0.1
    public var crowdedPeaksPerSearch = 12
    public var crowdedRefinedCandidates = 16

    /// Segment voting: 0.5 s chunks every 0.25 s, each searched within ±20 % of the template
    /// (at least ±0.3 s) around a candidate; a straight line (offset + tempo) fitted to the
    /// votes; votes within 4 frames of the line are inliers.
    public var chunkFrames = 50
    public var chunkStepFrames = 25
    public var voteSearchFraction = 0.2
    public var minimumVoteSearchFrames = 30
    public var inlierToleranceFrames = 4.0
    public var maximumTempoDeviation = 0.25
    /// With at least this fraction of inliers, the offset comes from the fitted line,
    /// evaluated a quarter into the template (between the onset- and centre-aligned offsets of
    /// a re-performance).
    public var fitInlierFraction = 0.6
    public var fitEvaluationFraction = 0.25

    /// Waveform refinement: band-limited GCC-PHAT (150–6000 Hz) within ±60 ms of a candidate;
    /// "clear" = peak ≥ 2× the largest value more than 2 ms away; the same performance is
    /// confirmed when each half of the take, searched ±10 ms around the whole-take lag, lands
    /// within 1 ms with its own peak ≥ 1.5× its runner-up.
    /// Only the best candidates by voting score + correlation above the null are refined.
    public var refinedCandidates = 4
    public var refineBand: ClosedRange<Double> = 150...6000
    public var refineWindowSeconds = 0.060
    public var refineExclusionSeconds = 0.002
    public var refinePeakRatio: Float = 2.0
    public var halfWindowSeconds = 0.010
    public var halfAgreementSeconds = 0.001
    public var halfPeakRatio: Float = 1.5

    /// Match when the voting score reaches 0.38 (absent lines scored ≤ 0.31, true matches
    /// ≥ 0.43 on seed 1) or the waveform refinement confirms the same performance.
    public var matchScore = 0.38
    /// Width of the logistic that maps the voting score to a 0–1 confidence (0.5 at
    /// `matchScore`).
    public var confidenceSlope = 0.06
    /// A second place is reported (ambiguous) when it matches by itself, its voting score is
    /// ≥ 75 % of the best's and its fitted tempo is within 0.015 of the best's (see
    /// `Aligner.sameLineTwice`), or, for a confirmed same performance, when it is confirmed too
    /// with half the peak ratio. Measured on the bench generator's seeds 1, 3 and 4: the other
    /// place of a line said twice scored ≥ 0.81 of the best with tempo ≤ 0.011 apart; other
    /// places that close in tempo scored ≤ 0.70, and other places scoring ≥ 0.75 (similar
    /// words of the same voice) were ≥ 0.019 apart in tempo. (The earlier test, score and
    /// feature correlation both ≥ 95 %, missed a quarter of the re-performed repeats of seeds 3
    /// and 4: a re-performance's whole-line correlation is low and noisy.)
    public var ambiguityScoreRatio = 0.75
    public var ambiguityTempoDifference = 0.015
    public var ambiguityPeakRatio: Float = 0.5
    /// Places closer than this (or half the template) are the same place.
    public var sameplaceSeconds = 0.5

    /// Warped takes (`AlignmentTuning.warp`, for `dx-align --warp`): a take whose local tempo
    /// swings by up to ±35 %, or that leaves out or repeats a word, puts its votes on a bent or
    /// broken line, which no single line holds within `inlierToleranceFrames` (the warp bench's
    /// seed 1 c014, a ±35 % ramp, scored 0.16). When a candidate's line scores under
    /// `matchScore`, its votes are taken again over ±`pieceVoteSearchFraction` of the template
    /// and fitted by two lines, split between any two votes (each side at least
    /// `minimumPieceVotes` votes, each slope within `maximumPieceTempoDeviation` (0.4: the take
    /// locally between 0.71 and 1.67 times the guide's speed), the lines at most
    /// `maximumPieceJumpFrames` apart at the split: a word's length); their score (the votes'
    /// weighted mean of the two sides' scores) counts once it reaches `pieceMatchScore`, by
    /// entering the usual score less the difference of the two thresholds. Measured on the warp
    /// bench's seeds 1–3 with and without `--edits` (144 takes) against 322 takes whose line
    /// is not in the guide (other cases' lines, and the align bench's absent cases): every take
    /// found, two-line scores ≥ 0.55 where the line failed; absent lines ≤ 0.42, none newly
    /// accepted. Plain alignment never fits two lines.
    public var tempoTolerant = false
    public var pieceVoteSearchFraction = 0.3
    public var minimumPieceVotes = 3
    public var maximumPieceTempoDeviation = 0.4
    public var maximumPieceJumpFrames = 60.0
    public var pieceMatchScore = 0.48

    /// The tuning for takes about to be time-warped: tempo-tolerant voting.
    public static var warp: AlignmentTuning {
        var t = AlignmentTuning()
        t.tempoTolerant = true
        return t
    }

    public init() {}
}
