@testable import DXAlign
import CVectorKernels
import DXAudio
import Testing
import TestSupport

/// The 24-bit PCM decoder's AVX2 kernel (`dx_decode24_avx2`, used by the alignment's readers
/// when the processor has AVX2) must give `PCMDecoding.decode`'s floats (libsndfile's) for
/// every channel layout: the offsets `dx-align` writes may not depend on the machine.
@Suite struct PCMDecodingKernelTests {
    @Test(.enabled(if: dx_has_avx2() == 1, "this processor has no AVX2"))
    func theAVX2DecoderGivesThePortableDecodersFloats() throws {
        let decoding = try #require(PCMDecoding(AudioFormat(sampleRate: 48_000, channels: 1, sampleFormat: .pcm24)))
        var rng = SplitMix64(24)
        // Mono (byte shuffles, stopping two samples early), several channels (gathers), and
        // every tail length; full scale and the extremes included.
        for channels in [1, 2, 3, 6] {
            for frames in [1, 2, 7, 8, 9, 10, 11, 17, 18, 19, 100, 1001] {
                let size = frames * 3 * channels
                var bytes = (0..<(size + 1)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                if frames >= 3 {
                    // Sample 0 of each channel −1 (0x800000), sample 1 the largest (0x7FFFFF), sample 2 zero.
                    for ch in 0..<channels {
                        let f0 = ch * 3, f1 = 3 * channels + ch * 3, f2 = 6 * channels + ch * 3
                        (bytes[f0], bytes[f0 + 1], bytes[f0 + 2]) = (0, 0, 0x80)
                        (bytes[f1], bytes[f1 + 1], bytes[f1 + 2]) = (0xFF, 0xFF, 0x7F)
                        (bytes[f2], bytes[f2 + 1], bytes[f2 + 2]) = (0, 0, 0)
                    }
                }
                bytes.withUnsafeBufferPointer { b in
                    for ch in 0..<channels {
                        var portable = [Float](repeating: .nan, count: frames)
                        var vector = [Float](repeating: .nan, count: frames)
                        decoding.decode(b, frames: frames, channel: ch, channels: channels, into: &portable)
                        decoding.decodeVector(b, frames: frames, channel: ch, channels: channels, into: &vector)
                        #expect(vector.map(\.bitPattern) == portable.map(\.bitPattern),
                                "\(channels) channels, \(frames) frames, channel \(ch)")
                        if frames >= 3 { #expect(Array(vector[0..<3]) == [-1, Float(8_388_607) / 8_388_608, 0]) }
                    }
                }
            }
        }
    }
}

/// The DC removal's AVX sum (`dx_sum_avx`) must give the Swift loop's Double, bit for bit, on
/// PCM-like samples and on arbitrary floats (where the order of additions matters).
@Suite struct SumKernelTests {
    @Test(.enabled(if: dx_has_avx() == 1, "this processor has no AVX"))
    func theAVXSumGivesTheSwiftLoopsDouble() {
        var rng = SplitMix64(31)
        for count in [0, 1, 7, 8, 9, 15, 16, 17, 1000, 48_001] {
            let pcm = (0..<count).map { _ in Float(Int32.random(in: -8_388_608...8_388_607, using: &rng)) / 8_388_608 }
            let wild = (0..<count).map { _ in Float(rng.gaussian()) * Float(1 << Int(rng.uniform(0, 40))) / 1_048_576 }
            for x in [pcm, wild] {
                let (want, got) = x.withUnsafeBufferPointer { p in (DCRemoval.portableSum(p), dx_sum_avx(p.baseAddress, p.count)) }
                #expect(got.bitPattern == want.bitPattern, "\(count) samples: \(got) against \(want)")
            }
        }
    }
}
