import DXAudio
import Foundation
import TestSupport

/// Generated production audio: polyphonic BWFs whose every sample is a known function
/// of (file, frame, channel), so a rendered file can be checked sample for sample
/// without reading the source again.
enum PolyFiles {
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Interleaved left-justified samples of `bits` depth, different for every file:
    /// a 64-bit LCG stream (cheap enough for seconds of 8-channel audio in a debug build).
    static func samples(file: Int, frames: Int64, channels: Int, bits: Int) -> [Int32] {
        var state = mix(UInt64(file) &+ 1)
        let shift = UInt64(32 + (32 - bits)), keep = Int32(32 - bits)
        var out = [Int32](repeating: 0, count: Int(frames) * channels)
        out.withUnsafeMutableBufferPointer { b in
            for i in 0..<b.count {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                b[i] = Int32(truncatingIfNeeded: Int64(bitPattern: state) >> Int64(shift)) << keep
            }
        }
        return out
    }

    static let trackNames = ["Mix", "Boom", "Lav1", "Lav2", "Lav3", "Plant", "X", "Y"]

    /// Writes one poly file of `samples` (interleaved) and returns the samples.
    @discardableResult
    static func write(_ path: String, file: Int, sampleRate: Int = 48000, channels: Int = 8, format: SampleFormat = .pcm24,
                      frames: Int64, timeReference: UInt64?, scene: String?, take: String?, tape: String?) throws -> [Int32] {
        let fmt = AudioFormat(sampleRate: sampleRate, channels: channels, sampleFormat: format)
        let tracks = (0..<channels).map { IXMLTrack(channelIndex: $0 + 1, interleaveIndex: $0 + 1, name: trackNames[$0 % trackNames.count]) }
        let meta = AudioMetadata(
            bext: timeReference.map { BroadcastExtension(description: "test", originator: "dxkit tests", timeReference: $0) },
            ixml: IXMLMetadata(project: "DEMO", scene: scene, take: take, tape: tape, circled: true, tracks: tracks))
        let data = samples(file: file, frames: frames, channels: channels, bits: format.bitsPerSample)
        let w = try AudioWriter(path: path, format: fmt, metadata: meta)
        try data.withUnsafeBufferPointer { try w.write(int32: $0, frames: Int(frames)) }
        try w.finish()
        return data
    }

    static func readAll(_ path: String) throws -> (AudioReader, [Int32]) {
        let r = try AudioReader(path: path)
        var out = [Int32](repeating: 0, count: Int(r.frameCount) * r.format.channels)
        _ = try out.withUnsafeMutableBufferPointer { try r.readInt32(into: $0, frames: Int(r.frameCount)) }
        return (r, out)
    }
}

/// A temporary directory removed at the end of a test.
final class TempDir {
    let path: String
    init() throws { path = try Repo.temporaryDirectory().path }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}
