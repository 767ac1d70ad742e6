@testable import DXDenoise
import DXSignal
import Foundation
import Testing

/// `GainBands.apply(_:weights:to:learned:)` (LearnedPhase.swift): the fused gain sets each
/// bin's magnitude; its phase moves from the input's to the learned estimate's with the
/// band's learned weight.
@Suite struct LearnedPhaseTests {
    /// Input bins at phase 0, learned bins at +90°, magnitudes 2 and 0.5; gain 0.5 everywhere.
    /// A band with no learned weight keeps the input's phase; one with full weight (or a third
    /// of it: `phaseWeightScale`) takes the learned phase; between, the phase lies between.
    /// The magnitude is the gain times the input's in every case.
    @Test func phaseFollowsTheLearnedWeight() {
        let bands = GainBands(binCount: 1025, sampleRate: 48000, frameSize: 2048)
        let bins = bands.binCount
        var input = [Float](repeating: 0, count: 2 * bins), learned = input
        for k in 0..<bins {
            input[2 * k] = 2
            learned[2 * k + 1] = 0.5
        }
        let gains = [Float](repeating: 0.5, count: bands.count)
        // Bands 0–9 weight 0, 10–19 a sixth (half the scale's full turn), the rest 1.
        let weights = (0..<bands.count).map { k -> Float in k < 10 ? 0 : k < 20 ? 1 / (2 * GainBands.phaseWeightScale) : 1 }
        input.withUnsafeMutableBufferPointer { x in
            bands.apply(gains, weights: weights, to: x.baseAddress!, learned: learned)
        }
        for k in [0, 5, 9, 10, 15, 19, 20, 300, 600, 1024] {
            let re = input[2 * k], im = input[2 * k + 1]
            let magnitude = (re * re + im * im).squareRoot()
            let degrees = atan2f(im, re) * 180 / .pi
            #expect(abs(magnitude - 1) < 1e-5, "bin \(k): magnitude \(magnitude)")
            let expected: Float = k < 10 ? 0 : k < 20 ? 45 : 90
            #expect(abs(degrees - expected) < 1e-3, "bin \(k): phase \(degrees)°, expected \(expected)°")
        }
    }

    /// A learned bin the model emptied has no phase to give: the input's is kept.
    @Test func anEmptyLearnedBinKeepsTheInputPhase() {
        let bands = GainBands(binCount: 1025, sampleRate: 48000, frameSize: 2048)
        var input = [Float](repeating: 0, count: 2 * bands.binCount)
        for k in 0..<bands.binCount { input[2 * k + 1] = -1 }
        let learned = [Float](repeating: 0, count: 2 * bands.binCount)
        let gains = [Float](repeating: 0.25, count: bands.count), weights = [Float](repeating: 1, count: bands.count)
        input.withUnsafeMutableBufferPointer { x in
            bands.apply(gains, weights: weights, to: x.baseAddress!, learned: learned)
        }
        #expect(input.enumerated().allSatisfy { $0.offset % 2 == 0 ? $0.element == 0 : $0.element == -0.25 })
    }
}
