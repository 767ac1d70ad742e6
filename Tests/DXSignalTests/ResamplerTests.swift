import Foundation
import Testing
@testable import DXSignal

@Suite("Resampler")
struct ResamplerTests {
    @Test("exact output lengths")
    func lengths() {
        #expect(Resampler.outputCount(forInput: 44_100, from: 44_100, to: 48_000) == 48_000)
        #expect(Resampler.outputCount(forInput: 1, from: 44_100, to: 48_000) == 2)
        #expect(Resampler.outputCount(forInput: 441, from: 44_100, to: 48_000) == 480)
        #expect(Resampler.outputCount(forInput: 442, from: 44_100, to: 48_000) == 482)
        #expect(Resampler.outputCount(forInput: 3, from: 48_000, to: 16_000) == 1)
        #expect(Resampler.outputCount(forInput: 4, from: 48_000, to: 16_000) == 2)
        #expect(Resampler.outputCount(forInput: 0, from: 48_000, to: 16_000) == 0)
    }

    @Test("1 kHz at 44.1 kHz → 48 kHz: right length, and equal to the ideal 48 kHz sine in the middle")
    func sine44to48() throws {
        let input = TestSignals.sine(44_100 + 77, frequency: 1_000, rate: 44_100, phase: 0.3)
        let output = try Resampler.resample(input, from: 44_100, to: 48_000)
        #expect(output.count == Resampler.outputCount(forInput: input.count, from: 44_100, to: 48_000))
        #expect(output.count == 48_084)
        let ideal = TestSignals.sine(output.count, frequency: 1_000, rate: 48_000, phase: 0.3)
        // Away from the ends (filter edge effects), the conversion is the ideal sine: no delay.
        let worst = (2_000..<(output.count - 2_000)).map { abs(output[$0] - ideal[$0]) }.max()!
        #expect(worst < 1e-4, "worst deviation from the ideal sine \(worst)")
        // Frequency from zero crossings (rising), independently of the phase comparison.
        var rising: [Double] = []
        for i in 1..<output.count where output[i - 1] < 0 && output[i] >= 0 {
            rising.append(Double(i - 1) + Double(-output[i - 1] / (output[i] - output[i - 1])))
        }
        let periods = Double(rising.count - 1)
        let frequency = periods / ((rising.last! - rising.first!) / 48_000)
        #expect(abs(frequency - 1_000) < 0.01, "measured \(frequency) Hz")
    }

    @Test("48 kHz → 16 kHz keeps speech-band tones and removes what is above the new Nyquist")
    func downsampleAntiAlias() throws {
        let rate = 48_000
        let tone = TestSignals.sine(rate, frequency: 1_000, rate: Double(rate))
        let alias = TestSignals.sine(rate, frequency: 11_000, rate: Double(rate))
        let mixed = zip(tone, alias).map { $0 + $1 }
        let output = try Resampler.resample(mixed, from: rate, to: 16_000)
        #expect(output.count == 16_000)
        // 11 kHz would fold to 5 kHz; measure both in an FFT of the middle second's samples.
        let n = 8_000
        let fft = RealFFT(size: n)
        let window = Window.make(.hann, count: n)
        let spectrum = fft.forward(zip(output[4_000..<12_000], window).map { $0 * $1 })
        let k1 = 1_000 * n / 16_000, k5 = 5_000 * n / 16_000
        let ratioDB = 20 * log10(Double(spectrum[k5].magnitude / spectrum[k1].magnitude))
        #expect(ratioDB < -90, "alias at \(ratioDB) dB")
    }

    @Test("streaming in blocks equals one-shot, sample for sample, and has the exact length")
    func streamingEqualsOneShot() throws {
        let input = TestSignals.noise(100_001, seed: 3)  // more than one 65,536-frame soxr call
        let oneShot = try Resampler.resample(input, from: 44_100, to: 48_000)
        let resampler = try Resampler(from: 44_100, to: 48_000)
        var streamed: [Float] = []
        var offset = 0, block = 5
        while offset < input.count {
            let end = min(input.count, offset + block)
            streamed += try resampler.process(Array(input[offset..<end]))
            offset = end
            block = block * 2 + 1
        }
        streamed += try resampler.finish()
        #expect(streamed.count == oneShot.count)
        let worst = zip(streamed, oneShot).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-6)
    }

    @Test("stereo interleaved keeps channels apart")
    func stereo() throws {
        let left = TestSignals.sine(4_800, frequency: 440, rate: 48_000)
        let right = [Float](repeating: 0, count: 4_800)
        let interleaved = zip(left, right).flatMap { [$0, $1] }
        let output = try Resampler.resample(interleaved, from: 48_000, to: 44_100, channels: 2)
        #expect(output.count == 2 * 4_410)
        let rightOut = stride(from: 1, to: output.count, by: 2).map { abs(output[$0]) }.max()!
        let leftOut = stride(from: 0, to: output.count, by: 2).map { abs(output[$0]) }.max()!
        #expect(rightOut < 1e-6 && leftOut > 0.45)
    }

    @Test("bad parameters are refused with a clear error")
    func refusals() {
        #expect(throws: SignalError.self) { try Resampler(from: 0, to: 48_000) }
        #expect(throws: SignalError.self) { try Resampler(from: 48_000, to: 48_000, channels: 0) }
        #expect(throws: SignalError.self) { try Resampler(from: 48_000, to: 44_100, channels: 2).process([1, 2, 3]) }
    }
}
