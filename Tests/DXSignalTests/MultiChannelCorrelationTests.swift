import Foundation
import Testing
import TestSupport
@testable import DXSignal

@Suite("Multi-channel correlation")
struct MultiChannelCorrelationTests {
    @Test("channel-summed correlation equals the sum of the channels' direct correlations")
    func sumOfChannels() throws {
        let templates = (0..<3).map { TestSignals.noise(200, seed: 100 + UInt64($0)) }
        let signals = (0..<3).map { TestSignals.noise(3_000, seed: 200 + UInt64($0)) }
        let correlator = try CrossCorrelator(templates: templates, blockSize: 1_024)
        let curve = correlator.correlate(channels: signals)
        #expect(curve.lags == -199..<3_000)
        var worst = 0.0
        for lag in stride(from: -199, to: 3_000, by: 7) {
            let want = (0..<3).reduce(0.0) { $0 + CorrelationTests.direct(templates[$1], signals[$1], lag: lag) }
            worst = max(worst, abs(Double(curve[lag: lag]) - want))
        }
        #expect(worst < 2e-3)
        #expect(throws: SignalError.self) { try CrossCorrelator(templates: [[1, 2], [1]]) }
    }

    @Test("NCC of a slice against its source is 1 at the slice's lag and below elsewhere")
    func nccOfSlice() throws {
        let signals = (0..<4).map { TestSignals.noise(5_000, seed: 300 + UInt64($0)) }
        let lag = 1_717
        let templates = signals.map { Array($0[lag..<(lag + 400)]) }
        let ncc = try CrossCorrelator(templates: templates).normalizedCorrelate(channels: signals)
        let peak = try #require(ncc.peak())
        #expect(peak.lag == lag)
        #expect(abs(peak.value - 1) < 1e-4)
        #expect(ncc.values.allSatisfy { $0 <= 1 + 1e-4 })
    }

    @Test("log-mel features of a take correlate to its place in the guide at the 10 ms frame")
    func logMelAlignment() throws {
        // Speech-like guide at 16 kHz: noise bursts with random lengths, levels and colours.
        var rng = SplitMix64(state: 77)
        var guide: [Float] = []
        while guide.count < 160_000 {
            let length = Int.random(in: 1_600..<6_400, using: &rng)
            let level = Float.random(in: 0.02..<0.5, using: &rng)
            let smooth = Float.random(in: 0..<0.95, using: &rng)
            var last: Float = 0
            for _ in 0..<length {
                last = smooth * last + (1 - smooth) * Float.random(in: -1..<1, using: &rng)
                guide.append(level * last)
            }
            guide += [Float](repeating: 0, count: Int.random(in: 0..<1_600, using: &rng))
        }
        let offsetFrames = 320   // 3.2 s
        let take = Array(guide[(offsetFrames * 160)..<(offsetFrames * 160 + 32_000)])
        let extractor = try LogMelExtractor()
        func bands(_ x: [Float]) throws -> [[Float]] {
            let grouped = try extractor.compute(x).summingBandGroups(8)
            return (0..<8).map { b in
                let track = grouped.band(b)
                let mean = track.reduce(0, +) / Float(track.count)
                return track.map { $0 - mean }
            }
        }
        let g = try bands(guide), t = try bands(take)
        let ncc = try CrossCorrelator(templates: t).normalizedCorrelate(channels: g)
        let peak = try #require(ncc.peak())
        #expect(peak.lag == offsetFrames)
        #expect(peak.value > 0.9)
    }
}
