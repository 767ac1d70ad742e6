@testable import DXDenoise
import DXSignal
import Foundation
import Testing

/// `FusedGain.combine` band by band with `LearnedBandGuard`'s limits: which gain each band
/// gets, from its SNR over the tracker's noise estimate, and the learned share it reports.
@Suite struct FusedGainTests {
    /// Combines one frame of `snrDB.count` bands, each with the given band SNR, a classical
    /// gain `classical` and a learned gain `learned`; returns the fused gains and the share.
    static func fuse(snrDB: [Float], classical: Float, learned: Float, weight: Float,
                     crowd: Float = 0) -> (gains: [Float], share: Float) {
        var fusion = FusedGain()
        fusion.crowd = crowd
        let noise = [Float](repeating: 1e-4, count: snrDB.count)
        let input = snrDB.map { 1e-4 * powf(10, $0 / 10) }
        let learnedPower = input.map { $0 * learned * learned }
        var limit = [Float](repeating: 0, count: snrDB.count)
        limit.withUnsafeMutableBufferPointer { l in
            LearnedBandGuard().fill(l.baseAddress!, power: input, noise: noise, count: snrDB.count,
                                    shift: fusion.crowd * fusion.crowdShift)
        }
        var gain = [Float](repeating: classical, count: snrDB.count)
        let share = gain.withUnsafeMutableBufferPointer { g in
            fusion.combine(gain: g.baseAddress!, learnedPower: learnedPower, inputPower: input,
                           weight: weight, classicalFloor: 0.01, learnedFloor: 0.01, count: snrDB.count,
                           bandLimit: limit)
        }
        return (gain, share)
    }

    /// A band far above the noise floor is the voice: it keeps the classical gain even in a
    /// frame where the model has all the weight; a band at the floor takes the learned gain;
    /// between the two bounds the gains mix in the log domain. The share is the bands' mean.
    @Test func bandsFarAboveTheNoiseKeepTheClassicalGain() {
        let range = DenoiseTuning.learnedBandSNRRange
        let middle = (range.lowerBound + range.upperBound) / 2
        let (g, share) = Self.fuse(snrDB: [range.upperBound + 10, range.lowerBound - 10, middle],
                                   classical: 0.9, learned: 0.3, weight: 1)
        #expect(abs(g[0] - 0.9) < 1e-3, "voice band: \(g[0])")
        #expect(abs(g[1] - 0.3) < 1e-3, "noise band: \(g[1])")
        #expect(abs(g[2] - (0.9 * 0.3).squareRoot()) < 2e-3, "half way: \(g[2])")
        #expect(abs(share - 0.5) < 1e-3, "share \(share)")
    }

    /// The frame's weight from the model's local SNR: the model alone up to 5 dB, none from
    /// 25 dB, linear between (it was 0…20 dB before the band gate kept the voice's bands
    /// classical, and a frame rated 5 dB got three quarters).
    @Test func frameWeightFollowsTheModelsLocalSNR() {
        let fusion = FusedGain()
        #expect(fusion.frameWeight(localSNR: 5) == 1)
        #expect(abs(fusion.frameWeight(localSNR: 15) - 0.5) < 1e-6)
        #expect(fusion.frameWeight(localSNR: 25) == 0)
        #expect(fusion.frameWeight(localSNR: nil) == 0)
        var crowd = FusedGain()
        crowd.crowd = 1
        #expect(crowd.crowdShift > 0)
        #expect(abs(fusion.frameWeight(localSNR: 20) - 0.25) < 1e-6)
        #expect(abs(crowd.frameWeight(localSNR: 20 + crowd.crowdShift) - 0.25) < 1e-6, "a crowd moves the ramp up by crowdShift")
    }

    /// In a frame with speech the learned gain keeps its `--amount` floor (25 dB × 1.35),
    /// where the classical floor rises to 18 dB: bins at the noise floor outside the speech
    /// range, which the model empties, come out 33.75 dB down at the learned weight the
    /// frame gets (0.75: tracker frame SNR 25 dB) mixed with the classical gain; with the
    /// learned floor raised as the classical one is, −18.0 dB (measured; now −29.8).
    @Test func theLearnedFloorDoesNotRiseUnderSpeech() {
        let bins = 1025, rate = 48000, frameSize = 2048
        let binHz = Float(rate) / Float(frameSize)
        let processor = LinkedSpectralProcessor(initialNoise: [[Float](repeating: 1, count: bins)], adaptive: true,
                                                framesPerSecond: 93.75, amountDB: 25, sampleRate: rate, frameSize: frameSize)
        processor.learnedAmountFloorDB = 25 * 1.35
        // Speech bins 300 Hz–4 kHz 25 dB over the noise; test bins 5–6 kHz at the noise.
        let speech = Int(300 / binHz)..<Int(4000 / binHz), test = Int(5000 / binHz)..<Int(6000 / binHz)
        let voice = powf(10, 25 / 20)
        var gains: [Float] = []
        for _ in 0..<3 {
            var input = [ComplexFloat](repeating: ComplexFloat(1, 0), count: bins)
            for k in speech { input[k] = ComplexFloat(voice, 0) }
            var learned = input
            for k in test { learned[k] = ComplexFloat(0, 0) }
            input.withUnsafeMutableBufferPointer { x in
                learned.withUnsafeMutableBufferPointer { l in
                    processor.process([x], learned: [l], learnedWeights: [1])
                }
            }
            gains = test.map { 20 * log10f(max(abs(input[$0].re), 1e-12)) }
        }
        let mean = gains.reduce(0, +) / Float(gains.count)
        print("learned floor under speech: test bins \(mean) dB")
        #expect(mean < -28, "test bins \(mean) dB")
    }

    /// The frame weight still scales every band; a crowd moves the band ramp up with the
    /// frame ramps, so a band just above the upper bound over a crowd is still mostly the model's.
    @Test func frameWeightAndCrowdShiftTheBandRamp() {
        let range = DenoiseTuning.learnedBandSNRRange
        let half = Self.fuse(snrDB: [range.lowerBound - 10], classical: 0.9, learned: 0.3, weight: 0.5)
        #expect(abs(half.gains[0] - (0.9 * 0.3).squareRoot()) < 2e-3, "weight 0.5: \(half.gains[0])")
        // Above the band ramp: all classical for a steady background; over a crowd the ramp
        // ends crowdShift higher, so half a shift above it the band is still partly the model's.
        let shift = FusedGain().crowdShift, width = range.upperBound - range.lowerBound
        let above = range.upperBound + shift / 2, share = shift / 2 / width
        #expect(share > 0.1)
        let steady = Self.fuse(snrDB: [above], classical: 0.9, learned: 0.3, weight: 1)
        let crowd = Self.fuse(snrDB: [above], classical: 0.9, learned: 0.3, weight: 1, crowd: 1)
        #expect(abs(steady.gains[0] - 0.9) < 1e-3)
        let expected = powf(0.9, 1 - share) * powf(0.3, share)
        #expect(abs(crowd.gains[0] - expected) < 2e-3, "crowd: \(crowd.gains[0]), expected \(expected)")
        #expect(Self.fuse(snrDB: [0], classical: 0.9, learned: 0.3, weight: 0).share == 0)
    }
}

/// `HumResidueGuard`: bands the de-hum stage took much hum out of get the learned gain,
/// whatever the frame weight and the band guard say (the remover's residue there moves with
/// its phase, so the tracker cannot follow it).
@Suite struct HumResidueGuardTests {
    @Test func bandsMuchHumWasTakenOutOfGetTheLearnedGain() {
        let range = DenoiseTuning.humResidueRatioRange
        let middle = (range.lowerBound + range.upperBound) / 2
        // Band powers of the de-hummed frame 1, the removed hum above or below them.
        let ratios: [Float] = [range.upperBound + 5, range.lowerBound - 5, middle]
        let power = [Float](repeating: 1, count: 3)
        let removed = ratios.map { powf(10, $0 / 10) }
        var floor = [Float](repeating: -1, count: 3)
        let any = floor.withUnsafeMutableBufferPointer {
            HumResidueGuard().fill($0.baseAddress!, removed: removed, power: power, count: 3)
        }
        #expect(any)
        #expect(zip(floor, [1, 0, 0.5] as [Float]).allSatisfy { abs($0 - $1) < 1e-5 }, "floors \(floor)")
        // With no frame weight and every band a voice band (limit 0), the floor decides.
        let learnedPower = power.map { $0 * 0.3 * 0.3 }
        let limit = [Float](repeating: 0, count: 3)
        var gain = [Float](repeating: 0.9, count: 3)
        let share = gain.withUnsafeMutableBufferPointer { g in
            FusedGain().combine(gain: g.baseAddress!, learnedPower: learnedPower, inputPower: power, weight: 0,
                                classicalFloor: 0.01, learnedFloor: 0.01, count: 3, bandLimit: limit,
                                bandFloor: floor)
        }
        #expect(abs(gain[0] - 0.3) < 1e-3, "hum band: \(gain[0])")
        #expect(abs(gain[1] - 0.9) < 1e-3, "no hum: \(gain[1])")
        #expect(abs(gain[2] - (0.9 * 0.3).squareRoot()) < 2e-3, "half way: \(gain[2])")
        #expect(abs(share - 0.5) < 1e-3, "share \(share)")
    }

    /// Removed hum under the band's own power: no floor, and `fill` says so, so the fusion
    /// can skip the learned band powers.
    @Test func noFloorWhereLittleHumWasRemoved() {
        let power: [Float] = [1, 2, 4]
        let removed: [Float] = [0.5, 1, 0.1]
        var floor = [Float](repeating: -1, count: 3)
        let any = floor.withUnsafeMutableBufferPointer {
            HumResidueGuard().fill($0.baseAddress!, removed: removed, power: power, count: 3)
        }
        #expect(!any)
        #expect(floor == [0, 0, 0])
    }
}
