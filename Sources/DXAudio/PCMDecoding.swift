/// PCM decoding done without libsndfile's per-sample conversion (which cost DXAlign more than
/// its whole feature analysis): 16- and 24-bit little-endian PCM (WAV, RF64) to floats, with
/// libsndfile's own scaling (full scale 2^(bits−1); every value exact in a Float), so the
/// samples are bit for bit what `AudioReader.read` returns.
public struct PCMDecoding: Sendable {
    public let bytesPerSample: Int

    public init?(_ format: AudioFormat) {
        guard format.container == .wav || format.container == .rf64 else { return nil }
        switch format.sampleFormat {
        case .pcm16: bytesPerSample = 2
        case .pcm24: bytesPerSample = 3
        default: return nil
        }
    }

    /// Reads up to `count` frames from `reader`'s position into `bytes` (grown as needed, with
    /// the byte of slack `decode` needs); returns how many it got (fewer only at the file's end).
    public func read(_ count: Int, channels: Int, from reader: AudioReader, into bytes: inout [UInt8]) throws -> Int {
        let frameBytes = bytesPerSample * channels
        if bytes.count < count * frameBytes + 1 {
            // Not zero-filled first: every byte `decode` uses is read into it (the slack byte,
            // loaded with the last sample and shifted out, is set once).
            let size = count * frameBytes + 1
            bytes = [UInt8](unsafeUninitializedCapacity: size) { b, initialized in
                b[size - 1] = 0
                initialized = size
            }
        }
        var done = 0
        while done < count {
            let got = try bytes.withUnsafeMutableBytes { b in
                try reader.readRaw(into: UnsafeMutableRawBufferPointer(rebasing: b[(done * frameBytes)...]),
                                   frames: count - done)
            }
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// `samples` samples of `bytes` into `out` as left-justified 32-bit integers, as
    /// `AudioReader.readInt32` gives them.
    func decodeInterleavedInt32(_ bytes: UnsafeBufferPointer<UInt8>, samples: Int, into out: UnsafeMutablePointer<Int32>) {
        let b = bytes.baseAddress!
        if bytesPerSample == 3 {
            for i in 0..<samples {
                out[i] = Int32(bitPattern: UInt32(b[3 * i]) << 8 | UInt32(b[3 * i + 1]) << 16 | UInt32(b[3 * i + 2]) << 24)
            }
        } else {
            for i in 0..<samples { out[i] = Int32(Int16(bitPattern: UInt16(b[2 * i]) | UInt16(b[2 * i + 1]) << 8)) << 16 }
        }
    }

    /// Channel `channel` of `frames` interleaved frames in `bytes` into `out`.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>, frames: Int, channel: Int, channels: Int,
                into out: UnsafeMutablePointer<Float>) {
        let stride = bytesPerSample * channels
        let b = bytes.baseAddress! + channel * bytesPerSample
        if bytesPerSample == 3 {
            // Four bytes loaded at once (the buffer has one byte of slack), the fourth shifted
            // out: the sample left-justified in 32 bits, scaled by 2^−31 (exact). Four frames a
            // round in vector lanes: a third of the instructions of one at a time.
            let scale: Float = 1 / 2_147_483_648
            let raw = UnsafeRawPointer(b)
            var i = 0
            while i + 4 <= frames {
                let p = raw + i &* stride
                let u = SIMD4<UInt32>(
                    UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)),
                    UInt32(littleEndian: p.loadUnaligned(fromByteOffset: stride, as: UInt32.self)),
                    UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 2 &* stride, as: UInt32.self)),
                    UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 3 &* stride, as: UInt32.self)))
                let v = SIMD4<Float>(SIMD4<Int32>(truncatingIfNeeded: u &<< 8))
                UnsafeMutableRawPointer(out + i).storeBytes(of: v * scale, as: SIMD4<Float>.self)
                i += 4
            }
            while i < frames {
                let u = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * stride, as: UInt32.self))
                out[i] = Float(Int32(bitPattern: u << 8)) * scale
                i += 1
            }
        } else {
            let scale: Float = 1 / 32_768
            for i in 0..<frames {
                let p = b + i * stride
                out[i] = Float(Int16(bitPattern: UInt16(p[0]) | UInt16(p[1]) << 8)) * scale
            }
        }
    }
}
