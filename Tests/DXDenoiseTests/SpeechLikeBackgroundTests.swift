import DXAudio
import DXDenoise
import Foundation
import Testing
import TestSupport

/// The crowd guard: when the background itself fluctuates like speech (a crowd of talkers),
/// the adaptive mode reduces by `speechLikeBackgroundAmountDB` instead of the full amount;
/// steady noise keeps the full amount.
@Suite struct SpeechLikeBackgroundTests {
    let rate = 16000

    /// Five "talkers": noise shaped like a voice (energy at 300 Hz–3 kHz) switched on and off
    /// in syllables of 80–300 ms with gaps of 50–350 ms, at levels 0 to −6 dB.
    func crowd(seconds: Int, seed: UInt64) -> [Float] {
        var rng = SeededNoise(seed: seed)
        let n = seconds * rate
        var out = [Float](repeating: 0, count: n)
        for _ in 0..<5 {
            let gain = pow(10, -6 * rng.uniform() / 20) * 0.02
            let raw = rng.white(n + 2, rms: 1)
            // Crude band shaping: first difference (tilts up) then a 3-tap average (cuts the top).
            var voice = [Float](repeating: 0, count: n)
            for i in 0..<n { voice[i] = (raw[i + 2] - raw[i]) * 0.5 }
            var i = Int(rng.uniform() * Double(rate) * 0.3)
            while i < n {
                let on = Int((0.08 + 0.22 * rng.uniform()) * Double(rate))
                let gap = Int((0.05 + 0.30 * rng.uniform()) * Double(rate))
                for j in 0..<on where i + j < n {
                    let env = sin(Double.pi * Double(j) / Double(on))
                    out[i + j] += Float(gain * env) * voice[i + j]
                }
                i += on + gap
            }
        }
        return out
    }

    func run(_ input: [Float], settings: DenoiseSettings) throws -> (out: [Float], report: DenoiseReport) {
        try denoiseMono(input, rate: rate, settings: settings)
    }

    @Test func aCrowdIsReducedByTheCrowdAmountOnly() throws {
        let x = crowd(seconds: 6, seed: 21)
        let (y, report) = try run(x, settings: DenoiseSettings())
        let modulation = try #require(report.backgroundModulation)
        #expect(modulation > 3, "crowd modulation \(modulation) dB")
        #expect(report.appliedAmountDB == 3, "applied \(report.appliedAmountDB) dB")
        #expect(report.amountDB == 25)
        let reduction = Gen.rmsDB(x[...]) - Gen.rmsDB(y[...])
        #expect(reduction < 4, "crowd reduced by \(reduction) dB")
        print("crowd: modulation \(modulation), reduced by \(reduction) dB")
    }

    @Test func theGuardCanBeTurnedOff() throws {
        let x = crowd(seconds: 6, seed: 22)
        var settings = DenoiseSettings()
        settings.speechLikeBackgroundAmountDB = nil
        let (y, report) = try run(x, settings: settings)
        #expect(report.appliedAmountDB == 25)
        let reduction = Gen.rmsDB(x[...]) - Gen.rmsDB(y[...])
        #expect(reduction > 6, "crowd reduced by \(reduction) dB with the guard off")
    }

    @Test func steadyNoiseGetsTheFullAmount() throws {
        var rng = SeededNoise(seed: 23)
        let n = 6 * rate
        var x = rng.white(n, rms: pow(10, -50 / 20))
        // Speech-band bursts on top (1 s on, 1 s off) must not be mistaken for the background.
        let tone = Gen.sine(n, hz: 700, rate: rate, amplitude: 0.1)
        for i in 0..<n where (i / rate) % 2 == 1 { x[i] += tone[i] }
        let (_, report) = try run(x, settings: DenoiseSettings())
        let modulation = try #require(report.backgroundModulation)
        #expect(modulation < 1.5, "white noise modulation \(modulation) dB")
        #expect(report.appliedAmountDB == 25)
    }

    @Test func aLearnedRegionKeepsTheAmount() throws {
        let x = crowd(seconds: 4, seed: 24)
        var settings = DenoiseSettings()
        settings.noise = .region(0..<Int64(rate))
        let (_, report) = try run(x, settings: settings)
        #expect(report.backgroundModulation == nil)
        #expect(report.appliedAmountDB == 25)
    }
}
