import Foundation
import Testing
import TestSupport
@testable import DXAudio

/// A temporary directory for one test, removed at the end.
final class TempDir {
    let url: URL
    init() throws { url = try Repo.temporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
}


/// Left-justified integer samples of `bits` depth: random, plus both extremes and zero.
func pcmSamples(bits: Int, count: Int, seed: UInt64) -> [Int32] {
    var rng = SplitMix64(state: seed)
    let shift = Int32(32 - bits)
    var out = (0..<count).map { _ in (Int32(truncatingIfNeeded: rng.next()) >> shift) << shift }
    if count >= 3 {
        out[0] = Int32.min
        out[1] = (Int32.max >> shift) << shift
        out[2] = 0
    }
    return out
}

func writeInt32File(_ path: String, _ format: AudioFormat, _ samples: [Int32], metadata: AudioMetadata = .none) throws {
    let w = try AudioWriter(path: path, format: format, metadata: metadata)
    try samples.withUnsafeBufferPointer { try w.write(int32: $0, frames: samples.count / format.channels) }
    try w.finish()
}

func readInt32File(_ path: String) throws -> (AudioReader, [Int32]) {
    let r = try AudioReader(path: path)
    var out = [Int32](repeating: 0, count: Int(r.frameCount) * r.format.channels)
    let n = try out.withUnsafeMutableBufferPointer { try r.readInt32(into: $0, frames: Int(r.frameCount)) }
    #expect(n == Int(r.frameCount))
    var more = [Int32](repeating: 0, count: 16 * r.format.channels)
    #expect(try more.withUnsafeMutableBufferPointer { try r.readInt32(into: $0, frames: 16) } == 0)
    return (r, out)
}

func fileHead(_ path: String, _ count: Int = 16) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(count))
}

func fourCC(_ bytes: [UInt8], at: Int) -> String { String(decoding: bytes[at..<(at + 4)], as: UTF8.self) }

/// Runs a program found on PATH; returns its exit status.
@discardableResult
func runProgram(_ name: String, _ args: [String]) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [name] + args
    p.standardError = FileHandle.nullDevice
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus
}

/// The first index where two sample arrays differ (nil when equal), so a failure
/// prints one place, not two million samples.
func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> String? {
    if a.count != b.count { return "counts differ: \(a.count) vs \(b.count)" }
    guard let i = a.indices.first(where: { a[$0] != b[$0] }) else { return nil }
    return "sample \(i): \(a[i]) vs \(b[i])"
}

/// A WAV file built byte by byte, for headers dxkit's writer would never produce.
struct HandMadeWAV {
    var chunks: [(String, [UInt8])] = []
    var riffSizeOverride: UInt32?

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }

    /// PCM 16-bit `fmt ` payload.
    static func fmt16(channels: Int, rate: Int) -> [UInt8] {
        le16(1) + le16(UInt16(channels)) + le32(UInt32(rate)) + le32(UInt32(rate * channels * 2))
            + le16(UInt16(channels * 2)) + le16(16)
    }

    /// Chunks in order; `declaredSize` overrides a chunk's size field.
    func bytes(declaredSizes: [String: UInt32] = [:]) -> [UInt8] {
        var body = Array("WAVE".utf8)
        for (id, payload) in chunks {
            body += Array(id.utf8) + Self.le32(declaredSizes[id] ?? UInt32(payload.count)) + payload
            if payload.count % 2 == 1 { body.append(0) }
        }
        return Array("RIFF".utf8) + Self.le32(riffSizeOverride ?? UInt32(body.count)) + body
    }

    func write(to path: String, declaredSizes: [String: UInt32] = [:]) throws {
        try Data(bytes(declaredSizes: declaredSizes)).write(to: URL(fileURLWithPath: path))
    }
}

/// 16-bit little-endian bytes of samples.
func pcm16Bytes(_ samples: [Int16]) -> [UInt8] {
    samples.flatMap { HandMadeWAV.le16(UInt16(bitPattern: $0)) }
}
