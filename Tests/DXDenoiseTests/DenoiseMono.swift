import DXAudio
import DXDenoise
import Foundation
import TestSupport

/// Runs FileDenoiser on one channel of generated audio written as a float WAV, and reads
/// the output back.
func denoiseMono(_ input: [Float], rate: Int, settings: DenoiseSettings) throws -> (out: [Float], report: DenoiseReport) {
    let dir = try Repo.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let inURL = dir.appendingPathComponent("in.wav"), outURL = dir.appendingPathComponent("out.wav")
    try Gen.write([input], rate: rate, to: inURL, format: .float32)
    let report = try FileDenoiser(settings: settings).run(input: inURL.path, output: outURL.path)
    let (buffer, _, _) = try Gen.read(outURL)
    return (buffer.channels[0], report)
}
