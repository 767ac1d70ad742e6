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

    @Test func theilSenIgnoresOneOutlier() {
        let (c0, c1) = SegmentVoting.theilSen(xs: [0, 1, 2, 3, 4, 5, 6], ys: [10, 12, 14, 16, 18, 20, 90])
        #expect(c1 == 2)
        #expect(c0 == 10)
    }
}
