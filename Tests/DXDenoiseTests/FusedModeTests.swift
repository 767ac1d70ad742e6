import DXAudio
import DXDenoise
import Foundation
import Testing
import TestSupport

/// `--method auto` (the classical and learned gains mixed per band) on generated audio, and
/// clean voices in every method that claims to leave them alone: espeak-ng's whispered and
/// breathy variants (espeak-ng is in the Makefile's deps), which a learned model alone can
/// take for noise. Clips are short: the model is slow in debug builds.
@Suite struct FusedModeTests {
    static func settings(_ method: DenoiseMethod) -> DenoiseSettings {
        var s = DenoiseSettings()
        s.method = method
        return s
    }

    /// One espeak-ng line in `voice` at 48 kHz (linear interpolation from its 22.05 kHz; the
    /// exact resampler does not matter, the test compares output with input), with 0.5 s of
    /// silence either side.
    static func espeak(_ voice: String, _ text: String) throws -> [Float] {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wav = dir.appendingPathComponent("voice.wav")
        let run = try Repo.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["espeak-ng", "-v", voice, "-w", wav.path, text])
        guard run.status == 0 else { throw DenoiseError(.unsupported, "espeak-ng failed: \(run.stderr)") }
        let (buffer, _, _) = try Gen.read(wav)
        let x = buffer.channels[0], rate = buffer.sampleRate
        let n = x.count * 48000 / rate
        var out = [Float](repeating: 0, count: n + 48000)
        for i in 0..<n {
            let t = Double(i) * Double(rate) / 48000
            let j = Int(t), f = Float(t - Double(j))
            out[24000 + i] = j + 1 < x.count ? x[j] * (1 - f) + x[j + 1] * f : x[min(j, x.count - 1)]
        }
        return out
    }

    /// Whispered and breathy voices, clean: the output's SI-SDR against the input is at least
    /// 30 dB in the default mode and in auto (issue 16: no voice taken for noise). Before the
    /// look-ahead told a clean recording from a background, the quietest words were taken for
    /// the noise: measured 15.9 dB classical and −2.7 dB auto on the whisper variant.
    @Test(arguments: ["en+whisper", "en+whisperf", "en+f5"])
    func cleanVoicesComeOutUnchanged(voice: String) throws {
        let clean = try Self.espeak(voice, "Keep your voice down, she hears everything.")
        for method in [DenoiseSettings().method, .auto] {
            let (y, report) = try denoiseMono(clean, rate: 48000, settings: Self.settings(method))
            let s = LearnedModeTests.siSDR(clean, y)
            print("\(method) clean \(voice): SI-SDR \(s) dB, learned share \(report.learnedShare)")
            #expect(s >= 30, "\(method) \(voice): SI-SDR \(s) dB against the input")
        }
    }

    /// White noise at 0 dB SNR under the talker: auto reduces it at least as well as either
    /// method alone less 1 dB and reports its method and the learned share (0 classical,
    /// 1 learned; mostly learned at this SNR: measured 1.0).
    @Test func noiseGoesDownAndTheShareIsReported() throws {
        let rate = 48000
        let clean = LearnedModeTests.speechLike(seconds: 2, rate: rate, seed: 11)
        let rms = sqrt(clean.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(clean.count))
        let noisy = Gen.add(clean, LearnedModeTests.noise(clean.count, pink: false, rms: rms, seed: 12))
        let before = LearnedModeTests.siSDR(clean, noisy)
        var after: [DenoiseMethod: Double] = [:]
        for method in [DenoiseMethod.classical, .learned, .auto] {
            let (y, report) = try denoiseMono(noisy, rate: rate, settings: Self.settings(method))
            #expect(y.count == noisy.count)
            #expect(report.method == method.rawValue)
            after[method] = LearnedModeTests.siSDR(clean, y)
            print("\(method): SI-SDR \(before) -> \(after[method]!) dB, learned share \(report.learnedShare)")
            let share: ClosedRange<Double> = method == .classical ? 0...0 : method == .learned ? 1...1 : 0.5...1
            #expect(share.contains(report.learnedShare), "\(method): learned share \(report.learnedShare)")
        }
        #expect(after[.auto]! > before + 8)
        #expect(after[.auto]! >= min(after[.classical]!, after[.learned]!) - 1)
    }

    /// A voice 20 dB over a crowd (four other generated talkers, alone for the first second),
    /// where the model is trusted at higher SNRs and takes some of the voice's detail: the
    /// bands the voice fills keep the classical gain (`LearnedBandGuard`). Measured:
    /// input 19.0 dB SI-SDR, classical 20.6, auto 17.0 (14.0 with the frame weights alone;
    /// 16.1 once the learned bands took the learned phase, LearnedPhase.swift; 19.5 with
    /// the band guard from 150 Hz, not 300, and a crowd shift of 5 dB, not 10; 18.6 with
    /// the band ramp at 10…23 dB, 19.5 at 10…20). The model still costs this voice 1.1 dB
    /// against classical; the bound is 3.
    @Test func aVoiceFarAboveACrowdKeepsItsDetail() throws {
        let rate = 48000, n = 4 * rate
        var clean = LearnedModeTests.speechLike(seconds: 4, rate: rate, seed: 21)
        for i in 0..<rate { clean[i] = 0 }
        var crowd = [Float](repeating: 0, count: n)
        for seed in 31...34 {
            let talker = LearnedModeTests.speechLike(seconds: 4, rate: rate, seed: UInt64(seed))
            for i in 0..<n { crowd[i] += talker[i] }
        }
        func power(_ x: ArraySlice<Float>) -> Double { x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(x.count) }
        let scale = Float(sqrt(power(clean[rate...]) / power(crowd[rate...]) / 100))
        let noisy = Gen.add(clean, crowd.map { $0 * scale })
        var after: [DenoiseMethod: Double] = [:]
        for method in [DenoiseMethod.classical, .auto] {
            let (y, report) = try denoiseMono(noisy, rate: rate, settings: Self.settings(method))
            after[method] = LearnedModeTests.siSDR(clean, y)
            print("crowd 20 dB \(method): SI-SDR \(LearnedModeTests.siSDR(clean, noisy)) -> \(after[method]!) dB, share \(report.learnedShare), modulation \(report.backgroundModulation ?? -1)")
        }
        #expect(after[.auto]! >= after[.classical]! - 3, "auto \(after[.auto]!) dB, classical \(after[.classical]!) dB")
    }

    /// `--amount` holds in auto: a pause of steady noise is lowered by about the amount asked
    /// (the learned gain's floor is the amount; the classical floor follows it).
    @Test func amountLimitsTheReduction() throws {
        let rate = 48000
        let noise = LearnedModeTests.noise(rate * 3, pink: true, rms: 0.01, seed: 13)
        for amount in [6.0, 12.0] {
            var s = Self.settings(.auto)
            s.amountDB = amount
            let (y, _) = try denoiseMono(noise, rate: rate, settings: s)
            let tail = rate * 3 / 2..<rate * 3 - 4800
            let drop = Gen.rmsDB(noise[tail]) - Gen.rmsDB(y[tail])
            print("auto --amount \(amount): noise lowered \(drop) dB")
            #expect(drop > amount - 3 && drop < amount + 3, "--amount \(amount): lowered \(drop) dB")
        }
    }
}
