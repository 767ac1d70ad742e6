import Foundation
import Testing
import TestSupport
@testable import DXSignal

@Suite("Correlation")
struct CorrelationTests {
    /// Σ template[i]·signal[lag + i] in Double, by definition.
    static func direct(_ template: [Float], _ signal: [Float], lag: Int) -> Double {
        var sum = 0.0
        for (i, t) in template.enumerated() where lag + i >= 0 && lag + i < signal.count {
            sum += Double(t) * Double(signal[lag + i])
        }
        return sum
    }

    @Test("overlap-save equals the direct sum at every lag, across many blocks")
    func overlapSaveMatchesDefinition() throws {
        let template = TestSignals.noise(300, seed: 11)
        let signal = TestSignals.noise(5_000, seed: 12)
        let correlator = try CrossCorrelator(template: template, blockSize: 512)  // 213 lags per block
        let curve = correlator.correlate(signal)
        #expect(curve.lags == -299..<5_000)
        var worst = 0.0
        for lag in curve.lags {
            worst = max(worst, abs(Double(curve[lag: lag]) - Self.direct(template, signal, lag: lag)))
        }
        #expect(worst < 1e-3, "worst absolute error \(worst) (values ~ ±10)")
        // A sub-range gives the same numbers.
        let part = correlator.correlate(signal, lags: 1_000..<1_100)
        #expect(part.lags == 1_000..<1_100)
        #expect((1_000..<1_100).allSatisfy { abs(part[lag: $0] - curve[lag: $0]) < 1e-4 })
    }

    @Test("a noise burst inside long noise is found at its exact integer lag")
    func integerLag() throws {
        let lag = 123_457
        let burst = TestSignals.noise(4_800, seed: 21)
        var signal = TestSignals.noise(240_000, seed: 22).map { $0 * 0.5 }
        for (i, v) in burst.enumerated() { signal[lag + i] += v }
        let correlator = try CrossCorrelator(template: burst)
        let peak = try #require(correlator.correlate(signal).peak())
        #expect(peak.lag == lag)
        let ncc = correlator.normalizedCorrelate(signal)
        let nccPeak = try #require(ncc.peak())
        #expect(nccPeak.lag == lag)
        // Burst energy / (burst + noise energy) ≈ 1 / 1.25 → NCC ≈ 0.89.
        #expect(nccPeak.value > 0.85 && nccPeak.value < 0.93, "NCC \(nccPeak.value)")
        let runnerUp = ncc.peaks(count: 2, minimumSeparation: 100)
        #expect(runnerUp.count == 2 && runnerUp[0].lag == lag && runnerUp[1].value < 0.1)
    }

    @Test("a fractional lag is recovered within 0.05 samples by parabolic interpolation",
          arguments: [0.0, 0.25, -0.3, 0.45])
    func fractionalLag(fraction: Double) throws {
        // A band-limited signal defined at every real time: a sum of sinusoids below rate/8.
        var rng = SplitMix64(state: 31)
        let partials = (0..<120).map { _ in
            (Double.random(in: 0.002..<0.125, using: &rng) * 2 * Double.pi, Double.random(in: 0..<(2 * Double.pi), using: &rng))
        }
        func g(_ t: Double) -> Float { Float(partials.reduce(0.0) { $0 + sin($1.0 * t + $1.1) } / 10) }
        let lag = 3_210
        let signal = (0..<12_000).map { g(Double($0)) }
        let template = (0..<2_000).map { g(Double($0 + lag) + fraction) }
        let curve = try CrossCorrelator(template: template).correlate(signal)
        let peak = try #require(curve.peak())
        let truth = Double(lag) + fraction
        #expect(abs(peak.refinedLag - truth) < 0.05, "found \(peak.refinedLag), truth \(truth)")
    }

    @Test("GCC-PHAT finds a polarity-inverted, band-limited match by |R|")
    func gccPhatInverted() throws {
        let rate = 48_000.0, lag = 1_234
        let source = TestSignals.noise(14_400, seed: 41)
        let template = Array(source[lag..<(lag + 4_800)]).map { -$0 }
        let hum = TestSignals.sine(source.count, frequency: 50, rate: rate, amplitude: 5)
        let extra = TestSignals.noise(source.count, seed: 42)
        let signal = (0..<source.count).map { source[$0] + hum[$0] + 0.5 * extra[$0] }
        let curve = try GCCPHAT.correlate(template: template, signal: signal, sampleRate: rate, band: 150...6_000)
        #expect(curve.lags == -4_799..<14_400)
        let peak = try #require(curve.peak(magnitude: true))
        #expect(peak.lag == lag)
        #expect(peak.isInverted)
        #expect(abs(peak.fraction) < 0.1)
        // Whitening makes the peak sharp: nothing else within a factor of 3.
        let second = curve.peaks(count: 2, minimumSeparation: 2, magnitude: true)[1]
        #expect(abs(second.value) * 3 < abs(peak.value))
        // A restricted lag window holds the same values.
        let window = try GCCPHAT.correlate(template: template, signal: signal, sampleRate: rate, band: 150...6_000,
                                           lags: (lag - 2_880)..<(lag + 2_880))
        #expect(window.lags == (lag - 2_880)..<(lag + 2_880))
        #expect(window.peak(magnitude: true)?.lag == lag)
        #expect(abs(window[lag: lag] - curve[lag: lag]) < 1e-6)
        // PHAT-β = 0.7 finds it too.
        let partial = try GCCPHAT.correlate(template: template, signal: signal, sampleRate: rate, band: 150...6_000, beta: 0.7)
        #expect(partial.peak(magnitude: true)?.lag == lag)
    }

    @Test("parabolic offset of samples of a parabola is its vertex")
    func parabola() {
        for vertex in [-0.4, -0.1, 0.0, 0.2, 0.49] {
            func y(_ x: Double) -> Float { Float(2 - 3 * (x - vertex) * (x - vertex)) }
            #expect(abs(Peak.parabolicOffset(y(-1), y(0), y(1)) - vertex) < 1e-6)
        }
        #expect(Peak.parabolicOffset(1, 1, 1) == 0)
        #expect(Peak.parabolicOffset(0, -1, 0) == 0)
    }

    @Test("empty templates and too-small blocks are refused")
    func refusals() {
        #expect(throws: SignalError.self) { try CrossCorrelator(template: []) }
        #expect(throws: SignalError.self) { try CrossCorrelator(template: [1, 2, 3, 4], blockSize: 4) }
        #expect(throws: SignalError.self) { try GCCPHAT.correlate(template: [], signal: [1]) }
    }
}
