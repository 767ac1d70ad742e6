@testable import DXDenoise
import DXAudio
import Foundation
import Testing
import TestSupport

/// The noise the adaptive tracker starts from, and never goes below, is measured on the
/// look-ahead exactly as the main pass will hear it once hum is removed — also when the
/// quietest stretch opens the file, where a remover that is still learning the hum leaves a
/// different residue than the main pass (which starts with the learned template) does.
@Suite struct HumLookAheadTests {
    @Test func startingNoiseIsWhatTheMainPassLeavesOfTheQuietStretch() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rate = 48000, n = 10 * rate, quiet = 6 * rate / 5
        var rng = SeededNoise(seed: 21)
        let hum = Gen.hum(n, f0: 50, rate: rate, rms: 0.05, drift: 0.02)
        let floor = rng.white(n, rms: 0.0005)
        // Louder broadband sound after the first 1.2 s: the quietest half second is at the start.
        var loud = rng.white(n, rms: 0.01)
        for i in 0..<quiet { loud[i] = 0 }
        let input = dir.appendingPathComponent("hum.wav"), dehummed = dir.appendingPathComponent("dehummed.wav")
        try Gen.write([Gen.add(Gen.add(hum, floor), loud)], rate: rate, to: input, format: .float32)

        let plan = try Plan(reader: AudioReader(path: input.path, acceptTruncated: false), settings: DenoiseSettings())
        let f0 = try #require(plan.humFundamental)
        let start = try plan.lookAhead(path: input.path, hum: f0).noise[0]

        // What the main pass hears: with no broadband reduction the output is the input with hum removed.
        var hearing = DenoiseSettings()
        hearing.amountDB = 0
        _ = try FileDenoiser(settings: hearing).run(input: input.path, output: dehummed.path)
        let heard = Array(try Gen.read(dehummed).0.channels[0].prefix(n))
        let expected = QuietestStretch.noise(of: [heard], frameSize: plan.frameSize, sampleRate: rate, rigor: .estimate)[0]

        let binHz = Double(rate) / Double(plan.frameSize)
        let bins = Int(80 / binHz)...Int(2000 / binHz)
        let sum = { (s: [Float]) in bins.reduce(0.0) { $0 + Double(s[$1]) } }
        let differenceDB = 10 * log10(sum(start) / sum(expected))
        print("starting noise 80 Hz–2 kHz against the main pass's quiet stretch: \(differenceDB) dB")
        #expect(abs(differenceDB) < 0.3)
    }
}
