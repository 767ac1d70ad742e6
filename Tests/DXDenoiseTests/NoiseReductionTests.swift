import DXAudio
import DXDenoise
import Foundation
import Testing
import TestSupport

/// Broadband reduction measured on generated audio: the noise goes down by the amount asked,
/// a tone is left alone, silence stays silence, nothing clips.
@Suite struct NoiseReductionTests {
    let rate = 16000

    /// 1 s of noise, then a 1 kHz tone at −20 dBFS in bursts (1 s on, 1 s off) over noise at −50 dBFS.
    func toneInNoise() -> [Float] {
        var rng = SeededNoise(seed: 1)
        let n = 7 * rate
        let noise = rng.white(n, rms: pow(10, -50 / 20))
        let tone = Gen.sine(n, hz: 1000, rate: rate, amplitude: pow(10, -20 / 20) * 2.0.squareRoot())
        var x = noise
        for i in 0..<n {
            let second = i / rate
            if second >= 1, second % 2 == 1 { x[i] += tone[i] }
        }
        return x
    }

    func run(_ input: [Float], settings: DenoiseSettings) throws -> (out: [Float], report: DenoiseReport) {
        try denoiseMono(input, rate: rate, settings: settings)
    }

    @Test(arguments: [12.0, 20.0])
    func noiseGoesDownByTheAmountAndTheToneStays(amount: Double) throws {
        let x = toneInNoise()
        var settings = DenoiseSettings()
        settings.amountDB = amount
        settings.noise = .region(0..<Int64(rate))
        let (y, _) = try run(x, settings: settings)
        #expect(y.count == x.count)
        // Noise-only stretch: 4.2–4.8 s (tone off from 4 to 5 s), away from the tone's edges.
        let gap = Int(4.2 * Double(rate))..<Int(4.8 * Double(rate))
        let reduction = Gen.rmsDB(x[gap]) - Gen.rmsDB(y[gap])
        #expect(abs(reduction - amount) < 2.0, "noise reduced by \(reduction) dB, asked \(amount)")
        print("tone in noise: asked \(amount) dB, noise reduced by \(reduction) dB")
        // Tone: 3.2–3.8 s.
        let on = Int(3.2 * Double(rate))..<Int(3.8 * Double(rate))
        let before = Gen.toneAmplitude(x[on], hz: 1000, rate: rate)
        let after = Gen.toneAmplitude(y[on], hz: 1000, rate: rate)
        #expect(abs(20 * log10(after / before)) < 0.3, "tone changed by \(20 * log10(after / before)) dB")
        print("tone in noise: tone level changed by \(20 * log10(after / before)) dB")
    }

    @Test func adaptiveModeReducesNoiseBetweenBursts() throws {
        let x = toneInNoise()
        let (y, report) = try run(x, settings: DenoiseSettings())
        let gap = Int(6.2 * Double(rate))..<Int(6.8 * Double(rate))
        let reduction = Gen.rmsDB(x[gap]) - Gen.rmsDB(y[gap])
        #expect(reduction > 18 && reduction < 27, "adaptive: noise reduced by \(reduction) dB (amount 25)")
        let on = Int(5.2 * Double(rate))..<Int(5.8 * Double(rate))
        let change = 20 * log10(Gen.toneAmplitude(y[on], hz: 1000, rate: rate) / Gen.toneAmplitude(x[on], hz: 1000, rate: rate))
        #expect(abs(change) < 0.5, "tone changed by \(change) dB")
        #expect(report.noiseFloorAfterDBFS! < report.noiseFloorBeforeDBFS! - 18)
    }

    @Test func silenceInSilenceOut() throws {
        let (y, report) = try run([Float](repeating: 0, count: 3 * rate), settings: DenoiseSettings())
        #expect(y.count == 3 * rate)
        #expect(y.allSatisfy { $0 == 0 })
        #expect(report.noiseFloorBeforeDBFS == nil)
        #expect(report.hum.found == false)
    }

    @Test func loudInputDoesNotClip() throws {
        var rng = SeededNoise(seed: 5)
        let n = 3 * rate
        var x = Gen.add(Gen.sine(n, hz: 440, rate: rate, amplitude: 0.93), rng.white(n, rms: 0.02))
        for i in 0..<(rate / 2) { x[i] = Float(rng.gaussian() * 0.02) }
        let (y, report) = try run(x, settings: DenoiseSettings())
        let peakIn = x.map { abs($0) }.max()!, peakOut = y.map { abs($0) }.max()!
        #expect(peakOut < 1.0)
        #expect(peakOut <= peakIn * 1.02, "peak grew from \(peakIn) to \(peakOut)")
        #expect(report.peakAfterDBFS! < 0)
    }
}
