/// Streams the samples of an ``EmbeddedEssence`` as interleaved `Int32`s, sign-extended
/// from their stored width (8-bit WAVE samples re-centred on 0): the integer each sample
/// holds, bit for bit, whatever its width and byte order.
///
/// It reads through ``StreamReader`` one block at a time (the caller's buffer, e.g. 64 KiB
/// of bytes' worth of frames) into one scratch buffer of that size: memory stays constant
/// whatever the essence's length. It stops after `essence.frames` frames — the stated
/// length, or what the stream holds when that is less.
public struct PCMSampleReader {
    public let essence: EmbeddedEssence
    /// Frames delivered so far.
    public private(set) var framesRead: Int64 = 0
    private var stream: StreamReader
    private var scratch: [UInt8] = []

    /// Opens the essence's stream and moves to its first sample. Throws when the essence
    /// has no usable format (see its warnings) or the stream is damaged.
    public init(file: AAFFile, essence: EmbeddedEssence) throws {
        guard essence.format != nil, let entry = essence.streamEntry else {
            throw AAFError(.malformed, "embedded essence cannot be read as PCM: " + essence.warnings.joined(separator: "; "),
                           path: essence.streamPath)
        }
        self.essence = essence
        stream = try StreamReader(file: file.store.cfb, index: entry)
        guard try stream.skip(essence.pcmOffset) == essence.pcmOffset else {
            throw AAFError(.malformed, "the essence stream ends before its samples at byte \(essence.pcmOffset) of the stream",
                           path: essence.streamPath)
        }
    }

    /// Frames still to come.
    public var framesLeft: Int64 { essence.frames - framesRead }

    /// Reads up to `frames` frames (fewer at the end; 0 when done) into `buffer`, which
    /// must hold `frames × channels` samples. Returns the frames read.
    public mutating func read(into buffer: UnsafeMutableBufferPointer<Int32>, frames: Int) throws -> Int {
        let n = Int(min(Int64(frames), framesLeft))
        guard n > 0 else { return 0 }
        let count = n * essence.channels
        precondition(buffer.count >= count, "buffer holds fewer than frames × channels samples")
        let bytes = n * essence.blockAlign
        if scratch.count < bytes { scratch = [UInt8](repeating: 0, count: bytes) }
        let got = try scratch.withUnsafeMutableBytes { try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<bytes])) }
        guard got == bytes else {
            throw AAFError(.malformed, "the essence stream ends \(got) bytes into a block of \(bytes), at stream byte \(stream.position)",
                           path: essence.streamPath)
        }
        scratch.withUnsafeBytes { PCMSampleReader.decode($0, count: count, into: buffer, essence: essence) }
        framesRead += Int64(n)
        return n
    }

    /// Stored bytes → sign-extended integers; one loop per layout, so the per-sample work
    /// is a few shifts.
    static func decode(_ b: UnsafeRawBufferPointer, count: Int, into out: UnsafeMutableBufferPointer<Int32>,
                       essence: EmbeddedEssence) {
        let p = b.assumingMemoryBound(to: UInt8.self)
        switch (essence.bytesPerSample, essence.bigEndian) {
        case (1, _) where essence.unsigned8:
            for i in 0..<count { out[i] = Int32(p[i]) - 128 }
        case (1, _):
            for i in 0..<count { out[i] = Int32(Int8(bitPattern: p[i])) }
        case (2, false):
            for i in 0..<count { out[i] = Int32(Int16(bitPattern: UInt16(p[2 * i]) | UInt16(p[2 * i + 1]) << 8)) }
        case (2, true):
            for i in 0..<count { out[i] = Int32(Int16(bitPattern: UInt16(p[2 * i]) << 8 | UInt16(p[2 * i + 1]))) }
        case (3, false):
            for i in 0..<count {
                let u = UInt32(p[3 * i]) << 8 | UInt32(p[3 * i + 1]) << 16 | UInt32(p[3 * i + 2]) << 24
                out[i] = Int32(bitPattern: u) >> 8
            }
        case (3, true):
            for i in 0..<count {
                let u = UInt32(p[3 * i]) << 24 | UInt32(p[3 * i + 1]) << 16 | UInt32(p[3 * i + 2]) << 8
                out[i] = Int32(bitPattern: u) >> 8
            }
        case (_, false):
            for i in 0..<count {
                out[i] = Int32(bitPattern: UInt32(p[4 * i]) | UInt32(p[4 * i + 1]) << 8 | UInt32(p[4 * i + 2]) << 16 | UInt32(p[4 * i + 3]) << 24)
            }
        case (_, true):
            for i in 0..<count {
                out[i] = Int32(bitPattern: UInt32(p[4 * i]) << 24 | UInt32(p[4 * i + 1]) << 16 | UInt32(p[4 * i + 2]) << 8 | UInt32(p[4 * i + 3]))
            }
        }
    }
}
