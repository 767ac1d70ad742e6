import CVectorKernels
import DXAudio

extension PCMDecoding {
    /// Whether 24-bit samples are decoded by AVX2 code (`dx_decode24_avx2`: the same floats,
    /// eight samples in about seven instructions instead of about fifty).
    static let avx2 = dx_has_avx2() == 1

    /// `decode(_:frames:channel:channels:into:)`, 24-bit PCM by the AVX2 kernel where the
    /// processor has it (the readers' buffers keep the byte of slack both need).
    func decodeVector(_ bytes: UnsafeBufferPointer<UInt8>, frames: Int, channel: Int, channels: Int,
                      into out: UnsafeMutablePointer<Float>) {
        guard bytesPerSample == 3, Self.avx2, frames > 0 else {
            decode(bytes, frames: frames, channel: channel, channels: channels, into: out)
            return
        }
        let stride = bytesPerSample * channels
        precondition(bytes.count >= (frames - 1) * stride + channel * bytesPerSample + 4,
                     "24-bit decode needs one byte after the last sample")
        dx_decode24_avx2(bytes.baseAddress! + channel * bytesPerSample, stride, frames, out)
    }
}
