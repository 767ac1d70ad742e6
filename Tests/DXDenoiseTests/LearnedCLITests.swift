import DXAudio
import Foundation
import Testing
import TestSupport

/// `dx-denoise --method learned` as built: per-channel processing with metadata kept and the
/// input untouched, the JSON report's method, and the errors of a missing model or misuse.
@Suite(.serialized) struct LearnedCLITests {
    @Test func stereoKeepsFramesMetadataAndInput() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rate = 48000
        let voice = LearnedModeTests.speechLike(seconds: 1, rate: rate, seed: 3)
        let left = Gen.add(voice, LearnedModeTests.noise(voice.count, pink: false, rms: 0.005, seed: 1))
        let right = LearnedModeTests.noise(voice.count, pink: true, rms: 0.005, seed: 2)
        let input = dir.appendingPathComponent("take.wav"), output = dir.appendingPathComponent("clean.wav")
        try Gen.write([left, right], rate: rate, to: input, format: .pcm24, metadata: Gen.takeMetadata)
        let before = try Data(contentsOf: input)
        let r = try Repo.run("dx-denoise", [input.path, "-o", output.path, "--method", "learned", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: input) == before, "the input is never modified")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(doc?["method"] as? String == "learned")
        #expect(doc?["channels"] as? Int == 2)
        let (buffer, format, metadata) = try Gen.read(output)
        #expect(format == AudioFormat(sampleRate: rate, channels: 2, sampleFormat: .pcm24))
        #expect(buffer.frameCount == voice.count)
        #expect(metadata.bext?.timeReference == 172_800_000)
        #expect(metadata.bext?.codingHistory.hasSuffix("T=dx-denoise\r\n") == true)
        #expect(metadata.ixml?.tracks.map(\.name) == ["BOOM", "LAV"])
        // Per channel: the noise-only right channel goes down on its own.
        #expect(Gen.rmsDB(buffer.channels[1][...]) < Gen.rmsDB(right[...]) - 10)
    }

    /// A tool installed without its weights (a copy outside the source tree): exit 69 (EX_UNAVAILABLE),
    /// naming where it looked, before any input is read.
    @Test func missingWeightsIsUnavailable() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let tool = bin.appendingPathComponent("dx-denoise")
        try FileManager.default.copyItem(at: Repo.tool("dx-denoise"), to: tool)
        let r = try Repo.run(executable: tool, ["in.wav", "-o", dir.appendingPathComponent("out.wav").path,
                                                "--method", "learned"])
        #expect(r.status == 69, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("weights not found") && r.stderr.contains(dir.appendingPathComponent("share/dxkit/dfn3").path),
                "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.wav").path))
    }

    /// `--method auto` on a stereo take: frames, format and metadata kept, input untouched,
    /// the report names the method and the learned share; `--learn` sets its classical part.
    @Test func autoKeepsTheFileAndReportsTheLearnedShare() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rate = 48000
        let voice = LearnedModeTests.speechLike(seconds: 1, rate: rate, seed: 4)
        let left = Gen.add(voice, LearnedModeTests.noise(voice.count, pink: false, rms: 0.01, seed: 5))
        let right = Gen.add(voice, LearnedModeTests.noise(voice.count, pink: true, rms: 0.01, seed: 6))
        let input = dir.appendingPathComponent("take.wav"), output = dir.appendingPathComponent("fused.wav")
        try Gen.write([left, right], rate: rate, to: input, format: .pcm24, metadata: Gen.takeMetadata)
        let before = try Data(contentsOf: input)
        let r = try Repo.run("dx-denoise", [input.path, "-o", output.path, "--method", "auto", "--learn", "0-0.2", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: input) == before, "the input is never modified")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(doc?["method"] as? String == "auto")
        #expect(doc?["noise_source"] as? String == "region")
        let share = try #require(doc?["learned_share"] as? Double)
        #expect(share > 0 && share <= 1, "learned share \(share)")
        let (buffer, format, metadata) = try Gen.read(output)
        #expect(format == AudioFormat(sampleRate: rate, channels: 2, sampleFormat: .pcm24))
        #expect(buffer.frameCount == voice.count)
        #expect(metadata.bext?.codingHistory.hasSuffix("T=dx-denoise\r\n") == true)
        #expect(metadata.ixml?.tracks.map(\.name) == ["BOOM", "LAV"])
        let lead = 2400..<9000  // noise only: the talker starts at 0.2 s
        let drop = Gen.rmsDB(right[lead]) - Gen.rmsDB(buffer.channels[1][lead])
        #expect(drop > 6, "noise before the voice lowered by \(drop) dB")
    }

    @Test func classicalOnlyOptionsAndBadMethodsAreUsageErrors() throws {
        let a = try Repo.run("dx-denoise", ["in.wav", "-o", "/tmp/x.wav", "--method", "learned", "--learn", "0-1"])
        #expect(a.status == 64 && a.stderr.contains("--method classical or auto"), "\(a.stderr)")
        let b = try Repo.run("dx-denoise", ["in.wav", "-o", "/tmp/x.wav", "--method", "fused"])
        #expect(b.status == 64, "\(b.stderr)")
    }
}
