import DXAudio
import Foundation
import Testing
import TestSupport

/// Runs the built dx-denoise on generated files: exit statuses, messages naming the file,
/// no half-written output, batch mode, JSON report.
@Suite(.serialized) struct DenoiseCLITests {
    /// A RIFF/WAVE file written byte by byte (so tests can make 8-bit and truncated files).
    static func wavBytes(channels: Int, rate: Int, bits: Int, frames: Int, declaredFrames: Int? = nil,
                         sample: (Int, Int) -> Double) -> Data {
        var d = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { d.append(contentsOf: $0) } }
        let bytes = bits / 8
        let dataSize = (declaredFrames ?? frames) * channels * bytes
        d.append(contentsOf: Array("RIFF".utf8)); u32(36 + dataSize)
        d.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16); u16(1); u16(channels); u32(rate)
        u32(rate * channels * bytes); u16(channels * bytes); u16(bits)
        d.append(contentsOf: Array("data".utf8)); u32(dataSize)
        for i in 0..<frames {
            for c in 0..<channels {
                let v = max(-1, min(1, sample(i, c)))
                if bits == 8 {
                    d.append(UInt8(max(0, min(255, Int((v * 127).rounded()) + 128))))
                } else {
                    let s = Int16(max(-32768, min(32767, Int((v * 32767).rounded()))))
                    withUnsafeBytes(of: s.littleEndian) { d.append(contentsOf: $0) }
                }
            }
        }
        return d
    }

    static func noisyTone(_ i: Int, _ c: Int) -> Double {
        var x = UInt64(truncatingIfNeeded: i &* 2_654_435_761 &+ c &* 97)
        x ^= x >> 13; x = x &* 0x5bd1e995; x ^= x >> 15
        let noise = (Double(x % 10_000) / 10_000 - 0.5) * 0.02
        return noise + ((i / 8000) % 2 == 1 ? 0.2 * sin(Double(i) * 0.3 + Double(c)) : 0)
    }

    func files(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    @Test func denoisesAFileAndReportsJSON() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("take.wav")
        try Self.wavBytes(channels: 1, rate: 16000, bits: 16, frames: 48000, sample: Self.noisyTone).write(to: input)
        let output = dir.appendingPathComponent("out.wav")
        let r = try Repo.run("dx-denoise", [input.path, "-o", output.path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(doc?["schema"] as? Int == 1)
        #expect(doc?["frames"] as? Int == 48000)
        #expect(doc?["method"] as? String == "auto", "the fused mode is the default")
        let before = try #require(doc?["noise_floor_before_dbfs"] as? Double)
        let after = try #require(doc?["noise_floor_after_dbfs"] as? Double)
        #expect(after < before - 15)
        // Steady noise under tone bursts: not a crowd, so the full amount is applied.
        #expect(doc?["applied_amount_db"] as? Double == 25)
        #expect((doc?["background_modulation"] as? Double).map { $0 < 2 } == true)
        #expect((doc?["hum"] as? [String: Any])?["found"] as? Bool == false)
        let (buffer, format, _) = try AudioFile.read(output.path)
        #expect(buffer.frameCount == 48000 && format.sampleFormat == .pcm16)
        #expect(r.stderr.isEmpty, "no progress bar when stderr is not a terminal")
    }

    /// A crowd background: reduced by --crowd-amount (default 3 dB) with a note saying so;
    /// `--crowd-amount off` gives it the full --amount; a bad value is a usage error.
    @Test func crowdAmountOptionAndNote() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("crowd.wav")
        try Gen.write([SpeechLikeBackgroundTests().crowd(seconds: 4, seed: 11)], rate: 16000, to: input, format: .float32)
        let output = dir.appendingPathComponent("out.wav")
        func applied(_ extra: [String]) throws -> (Double?, String) {
            let r = try Repo.run("dx-denoise", [input.path, "-o", output.path, "--json"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            return (doc?["applied_amount_db"] as? Double, r.stderr)
        }
        let (byDefault, note) = try applied([])
        #expect(byDefault.map { abs($0 - 3) < 0.01 } == true)
        #expect(note.contains("crowd.wav: the background sounds like a crowd") && note.contains("reduced by 3 dB, not 25"))
        #expect(try applied(["--crowd-amount", "6"]).0.map { abs($0 - 6) < 0.01 } == true)
        let (off, quiet) = try applied(["--crowd-amount", "off"])
        #expect(off == 25 && !quiet.contains("crowd"))
        let bad = try Repo.run("dx-denoise", [input.path, "-o", output.path, "--crowd-amount", "loud"])
        #expect(bad.status == 64 && bad.stderr.contains("'loud' is invalid for '--crowd-amount"))
    }

    @Test func batchIntoADirectoryWithDeltas() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.wav"), b = dir.appendingPathComponent("b.wav")
        try Self.wavBytes(channels: 2, rate: 16000, bits: 16, frames: 20000, sample: Self.noisyTone).write(to: a)
        try Self.wavBytes(channels: 1, rate: 16000, bits: 16, frames: 30000, sample: Self.noisyTone).write(to: b)
        let out = dir.appendingPathComponent("clean"), deltas = dir.appendingPathComponent("removed")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: deltas, withIntermediateDirectories: true)
        let r = try Repo.run("dx-denoise", [a.path, b.path, "-d", out.path, "--delta-directory", deltas.path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(files(out) == ["a.wav", "b.wav"])
        #expect(files(deltas) == ["a.wav", "b.wav"])
        let docs = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        #expect(docs?.map { $0["channels"] as? Int } == [2, 1])
    }

    @Test func eightBitAndEightChannelsComeOutRight() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let eight = dir.appendingPathComponent("eight.wav"), poly = dir.appendingPathComponent("poly.wav")
        try Self.wavBytes(channels: 1, rate: 16000, bits: 8, frames: 16000, sample: Self.noisyTone).write(to: eight)
        try Self.wavBytes(channels: 8, rate: 16000, bits: 16, frames: 16000, sample: Self.noisyTone).write(to: poly)
        let o1 = dir.appendingPathComponent("o1.wav"), o2 = dir.appendingPathComponent("o2.wav")
        let r1 = try Repo.run("dx-denoise", [eight.path, "-o", o1.path])
        #expect(r1.status == 0)
        #expect(r1.stderr.contains("8-bit"))
        #expect(try AudioFile.read(o1.path).1.sampleFormat == .pcm16)
        let r2 = try Repo.run("dx-denoise", [poly.path, "-o", o2.path])
        #expect(r2.status == 0, "\(r2.stderr)")
        let (b2, f2, _) = try AudioFile.read(o2.path)
        #expect(f2.channels == 8 && b2.frameCount == 16000)
    }

    @Test func badInputsGetClearErrorsAndNoOutput() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("notes.wav")
        try Data("this is not audio\n".utf8).write(to: text)
        let empty = dir.appendingPathComponent("empty.wav")
        try Data().write(to: empty)
        let truncated = dir.appendingPathComponent("cut.wav")
        try Self.wavBytes(channels: 1, rate: 16000, bits: 16, frames: 8000, declaredFrames: 16000, sample: Self.noisyTone).write(to: truncated)
        let good = dir.appendingPathComponent("good.wav")
        try Self.wavBytes(channels: 1, rate: 16000, bits: 16, frames: 16000, sample: Self.noisyTone).write(to: good)
        let out = dir.appendingPathComponent("out.wav")
        let cases: [([String], Int32, String)] = [
            ([text.path, "-o", out.path], 65, "notes.wav"),
            ([empty.path, "-o", out.path], 65, "empty.wav"),
            ([truncated.path, "-o", out.path], 65, "truncated"),
            ([dir.appendingPathComponent("missing.wav").path, "-o", out.path], 66, "missing.wav"),
            ([good.path, "-o", out.path, "--learn", "0.5-3"], 64, "outside the file"),
            ([good.path, "-o", out.path, "--learn", "0.5-0.2"], 64, "not after the start"),
            ([good.path, "-o", good.path], 73, "never overwrites its input"),
            ([good.path, "-o", dir.appendingPathComponent("no/such/dir/out.wav").path], 73, "out.wav"),
            ([good.path], 64, "-o"),
        ]
        for (args, status, message) in cases {
            let r = try Repo.run("dx-denoise", args)
            #expect(r.status == status, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        #expect(files(dir) == ["cut.wav", "empty.wav", "good.wav", "notes.wav"])
    }

    @Test func learnSaveAndReuseAProfile() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("take.wav")
        try Self.wavBytes(channels: 1, rate: 16000, bits: 16, frames: 48000, sample: Self.noisyTone).write(to: input)
        let profile = dir.appendingPathComponent("room.profile")
        let r1 = try Repo.run("dx-denoise", [input.path, "--learn", "0:0.5", "--save-profile", profile.path])
        #expect(r1.status == 0, "\(r1.stderr)")
        let out = dir.appendingPathComponent("out.wav")
        let r2 = try Repo.run("dx-denoise", [input.path, "-o", out.path, "--profile", profile.path, "--json"])
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(r2.stdout.contains("\"noise_source\": \"profile\""))
        let bad = dir.appendingPathComponent("bad.profile")
        try Data("hello\n".utf8).write(to: bad)
        let r3 = try Repo.run("dx-denoise", [input.path, "-o", out.path, "--profile", bad.path])
        #expect(r3.status == 65 && r3.stderr.contains("bad.profile:1"))
    }
}
