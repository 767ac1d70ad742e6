import DXAudio

/// A take file read whole into planar channels; 16/24-bit WAV PCM decoded by dxkit (bit for bit
/// what libsndfile's float conversion gives, at a fraction of its cost), anything else by
/// `AudioFile.read`.
enum TakeReading {
    static func read(_ path: String) throws -> AudioBuffer {
        let reader = try AudioReader(path: path)
        guard let raw = PCMDecoding(reader.format), reader.warnings.isEmpty,
              reader.frameCount * Int64(reader.format.channels) <= AudioReader.readAllLimit else {
            return try reader.readAll()
        }
        let total = Int(reader.frameCount), channels = reader.format.channels
        var bytes: [UInt8] = []
        let done = try raw.read(total, channels: channels, from: reader, into: &bytes)
        let planar = bytes.withUnsafeBufferPointer { b in
            (0..<channels).map { ch in
                [Float](unsafeUninitializedCapacity: done) { out, count in
                    raw.decodeVector(b, frames: done, channel: ch, channels: channels, into: out.baseAddress!)
                    count = done
                }
            }
        }
        return AudioBuffer(sampleRate: reader.format.sampleRate, channels: planar)
    }
}
