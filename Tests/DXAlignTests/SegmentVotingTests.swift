@testable import DXAlign
import Testing

/// The line fitted to segment votes (offset + tempo), on vote sets as the aligner measures
/// them: a fast re-performance's votes fall on a steep line.
@Suite struct SegmentVotingTests {
    static let tuning = AlignmentTuning()

    /// Twelve votes on lag = 99 − 0.13·(x − 25), x = 25, 50, …
    static func steepVotes() -> (xs: [Double], ys: [Double], weights: [Double]) {
        let xs = (0..<12).map { 25.0 + 25.0 * Double($0) }
        let ys = xs.map { 99 - 0.13 * ($0 - 25) }
        return (xs, ys, [Double](repeating: 0.75, count: 12))
    }

    @Test func cleanVotesGiveTheirLine() throws {
        let v = Self.steepVotes()
        let fit = try #require(SegmentVoting.fitLine(xs: v.xs, ys: v.ys, weights: v.weights, start: 99, tuning: Self.tuning))
        #expect(abs(fit.slope + 0.13) < 1e-9)
        #expect(fit.inlierFraction == 1)
        #expect(abs(fit.score - 0.75) < 1e-9)
    }

    /// One stray vote at the end (a chunk that found a better-looking place 80 frames away) used
    /// to tilt the first least-squares line so far that only one vote stayed an inlier.
    @Test func aStrayEndVoteDoesNotSinkTheFit() throws {
        var v = Self.steepVotes()
        v.ys[11] = 146
        v.weights[11] = 0.6
        let fit = try #require(SegmentVoting.fitLine(xs: v.xs, ys: v.ys, weights: v.weights, start: 99, tuning: Self.tuning))
        #expect(abs(fit.slope + 0.13) < 1e-6)
        #expect(abs(fit.inlierFraction - 11.0 / 12.0) < 1e-9)
        #expect(fit.score > 0.68)
    }

    @Test func scatteredVotesScoreLow() throws {
        let xs = (0..<12).map { 25.0 + 25.0 * Double($0) }
        let ys: [Double] = [412, 377, 455, 390, 431, 365, 402, 448, 371, 420, 395, 460]
        let fit = try #require(SegmentVoting.fitLine(xs: xs, ys: ys, weights: [Double](repeating: 0.5, count: 12),
                                                     start: 400, tuning: Self.tuning))
        #expect(fit.inlierFraction <= 0.25)
        #expect(fit.score < Self.tuning.matchScore)
    }

    /// Fourteen votes of a take whose tempo ramps (the warp bench's seed 1 c014): the lag
    /// falls 0.22 frames a frame for eight votes, then rises 0.12 a frame.
    static func bentVotes() -> (xs: [Double], ys: [Double], weights: [Double]) {
        let xs = (0..<14).map { 25.0 + 25.0 * Double($0) }
        let ys = xs.map { $0 <= 200 ? 140 - 0.22 * ($0 - 25) : 101.5 + 0.12 * ($0 - 200) }
        return (xs, ys, [Double](repeating: 0.7, count: 14))
    }

    @Test func aBentLineIsTwoPiecesNotOne() throws {
        let v = Self.bentVotes()
        let line = try #require(SegmentVoting.fitLine(xs: v.xs, ys: v.ys, weights: v.weights, start: 140,
                                                      tuning: Self.tuning))
        #expect(line.score < Self.tuning.matchScore)
        let pieces = try #require(SegmentVoting.fitPieces(xs: v.xs, ys: v.ys, weights: v.weights, start: 140,
                                                          evaluateAt: 50, tuning: Self.tuning))
        #expect(pieces.inlierFraction == 1)
        #expect(abs(pieces.score - 0.7) < 1e-9)
        // The offset is read on the piece that holds `evaluateAt`.
        #expect(abs(pieces.slope + 0.22) < 1e-9)
        #expect(abs(pieces.lag(at: 50) - (140 - 0.22 * 25)) < 1e-6)
    }

    /// A word said twice in the take: the lag drops by the word's length halfway.
    @Test func aBrokenLineIsTwoPiecesUpToAWordsJump() throws {
        let xs = (0..<12).map { 25.0 + 25.0 * Double($0) }
        for (jump, fits) in [(35.0, true), (90.0, false)] {
            let ys = xs.map { 300 + 0.05 * $0 - ($0 > 160 ? jump : 0) }
            let w = [Double](repeating: 0.6, count: 12)
            let line = try #require(SegmentVoting.fitLine(xs: xs, ys: ys, weights: w, start: 300, tuning: Self.tuning))
            #expect(line.score < Self.tuning.matchScore)
            let pieces = SegmentVoting.fitPieces(xs: xs, ys: ys, weights: w, start: 300, evaluateAt: 75, tuning: Self.tuning)
            #expect((pieces.map { abs($0.score - 0.6) < 1e-9 } ?? false) == fits, "jump \(jump)")
        }
    }

    /// Two lines fit scattered votes better than one, but not well enough to pass the two-line
    /// threshold.
    @Test func scatteredVotesStayUnderTheTwoPieceThreshold() throws {
        let xs = (0..<12).map { 25.0 + 25.0 * Double($0) }
        let ys: [Double] = [412, 377, 455, 390, 431, 365, 402, 448, 371, 420, 395, 460]
        let pieces = SegmentVoting.fitPieces(xs: xs, ys: ys, weights: [Double](repeating: 0.5, count: 12), start: 400,
                                             evaluateAt: 75, tuning: Self.tuning)
        #expect((pieces?.score ?? 0) < Self.tuning.pieceMatchScore)
    }

    @Test func theilSenIgnoresOneOutlier() {
        let (c0, c1) = SegmentVoting.theilSen(xs: [0, 1, 2, 3, 4, 5, 6], ys: [10, 12, 14, 16, 18, 20, 90])
        #expect(c1 == 2)
        #expect(c0 == 10)
    }
}
