import Foundation
import Testing
import TestSupport
@testable import DXNeural

/// The Swift networks against onnxruntime on the same feature frames (Fixtures/dfn3, made by
/// scripts/dfn3/reference.py from 0.64 s of synthetic noisy speech at 5 dB SNR).
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

    @Test("local SNR, ERB mask and DF taps match onnxruntime on 64 frames")
    func networksMatchReference() throws {
        let net = try DFN3Network(weights: DFN3Weights(directory: Self.weightsDirectory))
        let erb = try Self.floats("feat_erb"), spec = try Self.floats("feat_spec")
        let frames = erb.count / 32
        #expect(frames == 64)
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
