import Foundation
import Testing
import TestSupport
import DXNeural

/// The Swift port against the references in Fixtures/dfn3 (made by scripts/dfn3/reference.py
/// from 1 s of synthetic noisy speech at 5 dB SNR): the networks against onnxruntime on the same
/// feature frames, the feature front end against the script's libDF-style features, and the
/// whole pipeline against the wheel's libdeepfilter.so.
@Suite("DeepFilterNet3 parity")
struct DFN3ParityTests {
    static func floats(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: Repo.fixture("dfn3/\(name).f32"))
        var out = [Float](repeating: 0, count: data.count / 4)
        _ = out.withUnsafeMutableBytes { data.copyBytes(to: $0) }
        return out
    }

    /// Residual energy relative to the reference energy, dB (−∞ when identical).
    static func residualDB(_ got: [Float], _ want: [Float]) -> Double {
        var e = 0.0, s = 0.0
        for (g, w) in zip(got, want) {
            e += Double(g - w) * Double(g - w)
            s += Double(w) * Double(w)
        }
        return 10 * log10(e / s)
    }

    static func maxAbs(_ got: [Float], _ want: [Float]) -> Float {
        zip(got, want).map { abs($0 - $1) }.max() ?? 0
    }

    static let weightsDirectory = Repo.root.appendingPathComponent("Resources/dfn3")

    static func pcm16(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: Repo.fixture("dfn3/\(name).s16"))
        var out = [Int16](repeating: 0, count: data.count / 2)
        _ = out.withUnsafeMutableBytes { data.copyBytes(to: $0) }
        return out.map { Float(Int16(littleEndian: $0)) / 32767 }
    }

    @Test("local SNR, ERB mask and DF taps match onnxruntime on 48 frames")
    func networksMatchReference() throws {
        let net = try DFN3Network(weights: DFN3Weights(directory: Self.weightsDirectory))
        let erb = try Self.floats("feat_erb"), spec = try Self.floats("feat_spec")
        let frames = erb.count / 32
        #expect(frames == 48)
        let start = Date()
        let out = try net.run(featErb: erb, featSpec: spec, frames: frames)
        let seconds = Date().timeIntervalSince(start)
        let lsnr = try Self.floats("lsnr"), mask = try Self.floats("mask"), coefs = try Self.floats("coefs")
        #expect(out.lsnr.count == lsnr.count && out.mask.count == mask.count && out.coefs.count == coefs.count)
        let report = [
            ("lsnr", Self.maxAbs(out.lsnr, lsnr), Self.residualDB(out.lsnr, lsnr)),
            ("mask", Self.maxAbs(out.mask, mask), Self.residualDB(out.mask, mask)),
            ("coefs", Self.maxAbs(out.coefs, coefs), Self.residualDB(out.coefs, coefs)),
        ]
        for (name, worst, db) in report {
            print("dfn3 parity \(name): max |error| \(worst), residual \(String(format: "%.1f", db)) dB")
        }
        print("dfn3 networks: \(String(format: "%.4f", seconds / (Double(frames) * 0.01))) s per audio second (\(frames) frames)")
        // Float32 with a different summation order: errors stay near 1e-5 of values ~1;
        // the local SNR spans −15…35 dB, so its bound is in dB.
        #expect(Self.maxAbs(out.lsnr, lsnr) < 2e-3)
        #expect(Self.maxAbs(out.mask, mask) < 1e-4)
        #expect(Self.maxAbs(out.coefs, coefs) < 1e-4)
        for (_, _, db) in report { #expect(db < -80) }
        // The reference is not trivial: speech is detected and the mask varies.
        #expect(lsnr.max()! > 10 && mask.max()! > 0.3 && mask.min()! < 0.01)
    }
}

@Suite("DeepFilterNet3 blocks")
struct DFN3BlockTests {
    @Test("blocks of 1, 3, 17 and 27 frames with carried state give the one-pass outputs")
    func blocksEqualOnePass() throws {
        let net = try DFN3Network(weights: DFN3Weights(directory: DFN3ParityTests.weightsDirectory))
        let erb = try DFN3ParityTests.floats("feat_erb"), spec = try DFN3ParityTests.floats("feat_spec")
        let frames = erb.count / 32
        let whole = try net.run(featErb: erb, featSpec: spec, frames: frames)
        var state = DFN3StreamState(net)
        var lsnr: [Float] = [], mask: [Float] = [], coefs: [Float] = []
        var start = 0
        for n in [1, 3, 17, 27] {
            let re = Array(spec[start * 96..<(start + n) * 96])
            let im = Array(spec[(frames + start) * 96..<(frames + start + n) * 96])
            let out = try net.run(featErb: Array(erb[start * 32..<(start + n) * 32]), featSpec: re + im, frames: n, state: &state)
            lsnr += out.lsnr
            mask += out.mask
            coefs += out.coefs
            start += n
        }
        #expect(start == frames)
        #expect(DFN3ParityTests.maxAbs(lsnr, whole.lsnr) < 1e-5)
        #expect(DFN3ParityTests.maxAbs(mask, whole.mask) < 1e-6)
        #expect(DFN3ParityTests.maxAbs(coefs, whole.coefs) < 1e-6)
    }
}

@Suite("DeepFilterNet3 pipeline")
struct DFN3PipelineTests {
    static let weights = Result { try DFN3Weights(directory: DFN3ParityTests.weightsDirectory) }

    @Test("ERB bands follow libDF: 32 bands over 481 bins, at least 2 bins each")
    func erbBands() {
        let bands = ERBBands(sampleRate: 48000, fftSize: 960, bands: 32, minBins: 2)
        #expect(bands.widths == [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 5, 5, 7, 7, 8, 10, 12, 13, 15, 18, 20, 24, 28, 31, 37, 42, 50, 56, 67])
        #expect(DFN3FeatureExtractor.normAlpha(sampleRate: 48000, hop: 480, tau: 1) == 0.99)
    }

    @Test("the feature front end matches the reference features")
    func features() throws {
        let enhancer = try DFN3Enhancer(weights: Self.weights.get())
        let noisy = try DFN3ParityTests.pcm16("noisy")
        let erbRef = try DFN3ParityTests.floats("feat_erb"), specRef = try DFN3ParityTests.floats("feat_spec")
        let frames = erbRef.count / 32
        let got = enhancer.features(noisy, frames: frames)
        let spec = got.re + got.im
        print("dfn3 features: feat_erb max |error| \(DFN3ParityTests.maxAbs(got.erb, erbRef)), feat_spec residual \(String(format: "%.1f", DFN3ParityTests.residualDB(spec, specRef))) dB")
        #expect(DFN3ParityTests.maxAbs(got.erb, erbRef) < 1e-4)
        #expect(DFN3ParityTests.residualDB(spec, specRef) < -80)
    }

    @Test("the whole pipeline matches libdeepfilter.so at least 40 dB down")
    func pipelineMatchesLibDF() throws {
        let enhancer = try DFN3Enhancer(weights: Self.weights.get())
        let noisy = try DFN3ParityTests.pcm16("noisy")
        let reference = try DFN3ParityTests.pcm16("enhanced")
        let start = Date()
        let out = try enhancer.process(noisy)
        let seconds = Date().timeIntervalSince(start)
        #expect(out.samples.count == noisy.count)
        let residual = DFN3ParityTests.residualDB(out.samples, reference)
        let change = DFN3ParityTests.residualDB(noisy, reference)
        print("dfn3 pipeline: residual against libdeepfilter.so \(String(format: "%.1f", residual)) dB (noisy input: \(String(format: "%.1f", change)) dB); \(String(format: "%.4f", seconds / (Double(noisy.count) / 48000))) s per audio second")
        // The issue's bar is 40 dB; measured about 65 dB (the reference is 16-bit and its engine float32).
        #expect(residual < -55)
        // The reference differs from its input (the check above is not trivially met).
        #expect(change > -10)
    }

    @Test("a stream fed in uneven pieces, in small network blocks, gives the whole-signal output")
    func streamEqualsWhole() throws {
        let enhancer = try DFN3Enhancer(weights: Self.weights.get())
        let noisy = Array(try DFN3ParityTests.pcm16("noisy")[0..<30000])
        let whole = try enhancer.process(noisy).samples
        let stream = DFN3EnhancerStream(enhancer, maxBlockFrames: 7)
        var out: [Float] = []
        var start = 0
        for n in [100, 479, 1, 5000, 13_333, 11_087] {
            out += try stream.process(Array(noisy[start..<start + n])).samples
            start += n
            #expect(out.count <= start)  // never ahead of the input
        }
        #expect(start == noisy.count)
        out += try stream.finish().samples
        #expect(out.count == noisy.count)
        #expect(DFN3ParityTests.maxAbs(out, whole) < 1e-6)
    }

    @Test("the attenuation limit mixes back exactly that much of the input")
    func attenuationLimit() throws {
        let enhancer = try DFN3Enhancer(weights: Self.weights.get())
        let noisy = Array(try DFN3ParityTests.pcm16("noisy")[0..<24000])
        let full = try enhancer.process(noisy).samples
        let limited = try enhancer.process(noisy, attenuationLimitDB: 6).samples
        let g = powf(10, -6 / 20)
        // Linear after the networks, and the STFT reconstructs its input exactly, so the output is
        // (1 − g)·enhanced + g·input.
        let expected = zip(full, noisy).map { (1 - g) * $0 + g * $1 }
        #expect(DFN3ParityTests.residualDB(limited, expected) < -90)
        #expect(DFN3ParityTests.residualDB(limited, full) > -20)
    }
}

@Suite("DeepFilterNet3 weights")
struct DFN3WeightsTests {
    @Test("a tool in the build tree finds Resources/dfn3 by walking up from its directory")
    func locatorFindsBuildTree() throws {
        guard ProcessInfo.processInfo.environment[DFN3WeightsLocator.environmentVariable] == nil else { return }
        let tool = Repo.root.appendingPathComponent(".build/x86_64-unknown-linux-gnu/release/dx-denoise")
        let found = try DFN3WeightsLocator.directory(executable: tool)
        #expect(found.standardizedFileURL.path == Repo.root.appendingPathComponent("Resources/dfn3").standardizedFileURL.path)
        // Outside any tree holding the weights, the error lists where it looked.
        #expect(throws: NeuralError.self) { try DFN3WeightsLocator.directory(executable: URL(fileURLWithPath: "/nonexistent/bin/tool")) }
    }

    @Test("the weights file holds DeepFilterNet3's 2,134,641 parameters and its config")
    func weightsComplete() throws {
        let w = try DFN3Weights(directory: DFN3ParityTests.weightsDirectory)
        #expect(w.entries.values.reduce(0) { $0 + $1.count } == 2_134_641)
        #expect(try w.config("hop_size") == 480 && w.config("nb_erb") == 32 && w.config("df_order") == 5)
        #expect(try w.tensor("enc.emb_gru.gru0.W").shape == [1, 768, 256])
        #expect(throws: NeuralError.self) { try w.tensor("enc.no_such_layer.weight") }
    }
}
