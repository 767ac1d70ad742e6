import DXAudio
import DXDenoise
import Foundation
import Testing
import TestSupport

/// File-level behaviour: metadata and format kept, channels linked, delta, streaming, regions.
@Suite struct FileBehaviourTests {
    @Test func keepsFormatBextAndIXMLAndAppendsCodingHistory() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rate = 48000
        var rng = SeededNoise(seed: 11)
        let left = rng.white(rate, rms: 0.01), right = rng.white(rate, rms: 0.01)
        let input = dir.appendingPathComponent("take.wav"), output = dir.appendingPathComponent("clean.wav")
        try Gen.write([left, right], rate: rate, to: input, format: .pcm24, metadata: Gen.takeMetadata)
        _ = try FileDenoiser(settings: DenoiseSettings()).run(input: input.path, output: output.path)
        let (buffer, format, metadata) = try Gen.read(output)
        #expect(format == AudioFormat(sampleRate: rate, channels: 2, sampleFormat: .pcm24))
        #expect(buffer.frameCount == rate)
        let out = try #require(metadata.bext)
        #expect(out.description == "sc 12 tk 3")
        #expect(out.originatorReference == "REF123")
        #expect(out.timeReference == 172_800_000)
        #expect(out.codingHistory.hasPrefix("A=PCM,F=48000,W=24,M=stereo,T=Recorder\r\n"))
        #expect(out.codingHistory.hasSuffix("T=dx-denoise\r\n"))
        #expect(metadata.ixml?.scene == "12")
        #expect(metadata.ixml?.tracks.map(\.name) == ["BOOM", "LAV"])
    }

    @Test func linkedChannelsGetTheSameGain() throws {
        // Speech-like bursts only in channel 1; channel 2 is the same noise at the same level.
        // With linked gains, channel 2 is lowered exactly like channel 1 (same gain per bin),
        // so the difference between the channels' noise is scaled, never re-shaped.
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rate = 16000
        var rng = SeededNoise(seed: 12)
        let noise = rng.white(4 * rate, rms: 0.003)
        var a = noise
        let tone = Gen.sine(4 * rate, hz: 700, rate: rate, amplitude: 0.1)
        for i in (2 * rate)..<(3 * rate) { a[i] += tone[i] }
        let input = dir.appendingPathComponent("poly.wav"), output = dir.appendingPathComponent("out.wav")
        try Gen.write([a, noise], rate: rate, to: input, format: .float32)
        _ = try FileDenoiser(settings: DenoiseSettings()).run(input: input.path, output: output.path)
        let (buffer, _, _) = try Gen.read(output)
        let y0 = buffer.channels[0], y1 = buffer.channels[1]
        // In the burst, channel 2 keeps its 700 Hz bin open too: it stays near its input level there.
        let burst = (2 * rate + rate / 5)..<(3 * rate - rate / 5)
        let open = Gen.toneAmplitude(y1[burst], hz: 700, rate: rate) / Gen.toneAmplitude(noise[burst], hz: 700, rate: rate)
        #expect(open > 0.5, "linked gain at 700 Hz in channel 2: \(open)")
        // Before the burst, both channels are identical input and identical output.
        let quiet = (rate / 2)..<(3 * rate / 2)
        let diff = zip(y0[quiet], y1[quiet]).map { abs($0 - $1) }.max()!
        #expect(diff < 1e-6)
    }

    @Test func deltaIsInputMinusOutput() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rate = 16000
        var rng = SeededNoise(seed: 13)
        let x = Gen.add(rng.white(3 * rate, rms: 0.01), Gen.sine(3 * rate, hz: 300, rate: rate, amplitude: 0.1))
        let input = dir.appendingPathComponent("in.wav")
        try Gen.write([x], rate: rate, to: input, format: .float32)
        let out = dir.appendingPathComponent("out.wav"), delta = dir.appendingPathComponent("delta.wav")
        _ = try FileDenoiser(settings: DenoiseSettings()).run(input: input.path, output: out.path, delta: delta.path)
        let y = try Gen.read(out).0.channels[0], d = try Gen.read(delta).0.channels[0]
        #expect(d.count == x.count)
        let worst = (0..<x.count).map { abs(x[$0] - y[$0] - d[$0]) }.max()!
        #expect(worst < 1e-6)
    }

    @Test func streamsALongFileInBlocks() throws {
        // 100 s at 8 kHz: the file is processed block by block (the look-ahead is 20 s), the
        // output has exactly the input's frames, and the noise is reduced as much at the end
        // as after the start (the tracker does not drift).
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rate = 8000, n = 100 * rate
        var rng = SeededNoise(seed: 14)
        var x = rng.white(n, rms: 0.01)
        let tone = Gen.sine(n, hz: 500, rate: rate, amplitude: 0.2)
        for i in 0..<n where (i / rate) % 4 == 2 { x[i] += tone[i] }
        let input = dir.appendingPathComponent("long.wav"), output = dir.appendingPathComponent("out.wav")
        try Gen.write([x], rate: rate, to: input, format: .pcm16)
        let report = try FileDenoiser(settings: DenoiseSettings()).run(input: input.path, output: output.path)
        #expect(report.frames == Int64(n))
        let y = try Gen.read(output).0.channels[0]
        #expect(y.count == n)
        func reduction(at second: Int) -> Double {
            let r = (second * rate + rate / 5)..<((second + 1) * rate - rate / 5)
            return Gen.rmsDB(x[r]) - Gen.rmsDB(y[r])
        }
        #expect(reduction(at: 5) > 18)
        #expect(abs(reduction(at: 97) - reduction(at: 5)) < 2)
    }

    @Test func regionOutsideTheFileIsRefusedAndNothingIsWritten() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rate = 16000
        var rng = SeededNoise(seed: 15)
        let input = dir.appendingPathComponent("in.wav"), output = dir.appendingPathComponent("out.wav")
        try Gen.write([rng.white(rate, rms: 0.01)], rate: rate, to: input)
        var settings = DenoiseSettings()
        settings.noise = .region(Int64(rate / 2)..<Int64(2 * rate))
        #expect(throws: DenoiseError.self) {
            _ = try FileDenoiser(settings: settings).run(input: input.path, output: output.path)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(left == ["in.wav"])
    }

    @Test func profileRoundTripsAndMatchesTheRegion() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rate = 16000
        var rng = SeededNoise(seed: 16)
        let input = dir.appendingPathComponent("in.wav")
        try Gen.write([rng.white(2 * rate, rms: 0.01)], rate: rate, to: input, format: .float32)
        let denoiser = FileDenoiser(settings: DenoiseSettings())
        let profile = try denoiser.learnProfile(input: input.path, region: 0..<Int64(rate))
        let parsed = try NoiseProfile.parse(profile.serialized(), path: "p")
        #expect(parsed == profile)
        #expect(profile.channels.count == 1)
        #expect(profile.channels[0].count == profile.frameSize / 2 + 1)
        #expect(throws: DenoiseError.self) { _ = try NoiseProfile.parse("dxkit-noise-profile 1\nsample_rate 48000\n", path: "p") }
    }
}
