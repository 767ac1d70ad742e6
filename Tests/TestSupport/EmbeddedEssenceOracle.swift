/// The embedded essence of the four Fixtures/aaf files, as checked outside dxkit.
///
/// Sample counts, formats and SHA-256 digests are copied from the pyaaf2 oracle
/// (shared/corpus/aaf/expected/NAME.aaf.pyaaf2.json, `embedded_essence`: `sample_rate`,
/// `channels`, `bits`, `descriptor_length`, `sample_count`, and `pcm_sha256`, or
/// `pcm_sha256_descriptor_length` where the stream holds more than the descriptor states).
/// TimeReferences were worked out by hand from the file mobs' SourceClips and their source
/// mobs' timecode tracks as pyaaf2 1.7.1 prints them:
///
/// * PR_WAV_Internal: StartTime 41642 at 48000 into an import mob whose timecode starts at
///   frame 0 (30000/1001) → 41642.
/// * PR_AIFF_Internal: StartTime 66693827 at 48000, same timecode → 66693827.
/// * PT_PCM_Internal: StartTime 0 at 16000 into a tape mob, timecode start 0 (30) → 0.
/// * otio_marker-over-audio: StartTime 0 at 24 into a tape mob whose timecode starts at
///   frame 86400 of 24 (01:00:00:00) → 3600 s × 48000 = 172800000.
public struct EssenceOracle: Sendable, CustomStringConvertible {
    public var file: String
    public var format: String
    public var sampleRate: Int
    public var channels: Int
    public var bits: Int
    /// Descriptor Length.
    public var statedFrames: Int64
    /// Whole frames of PCM in the stream (`sample_count`).
    public var streamFrames: Int64
    /// Frames an extract writes: the stated length, or the stream's when that is fewer.
    public var frames: Int64
    /// SHA-256 of the stored bytes of those frames.
    public var sha256: String
    public var bigEndian: Bool
    public var timeReference: UInt64

    public var description: String { file }

    public static let all: [EssenceOracle] = [
        EssenceOracle(file: "PR_WAV_Internal.aaf", format: "WAVE", sampleRate: 48000, channels: 1, bits: 16,
                      statedFrames: 51252, streamFrames: 51252, frames: 51252,
                      sha256: "4c387efb1f022c3c36734a1e9c7bb945854260d8008e984917a7312a5754e325",
                      bigEndian: false, timeReference: 41642),
        // The descriptor states 51 260 frames; the AIFC holds 51 256: all 51 256 written.
        EssenceOracle(file: "PR_AIFF_Internal.aaf", format: "AIFC", sampleRate: 48000, channels: 1, bits: 16,
                      statedFrames: 51260, streamFrames: 51256, frames: 51256,
                      sha256: "e96d556f4561f890e8fbbc67033e9a7b2c900b6fdf4fe5631f499b565a6e110a",
                      bigEndian: true, timeReference: 66_693_827),
        EssenceOracle(file: "PT_PCM_Internal.aaf", format: "PCM", sampleRate: 16000, channels: 1, bits: 16,
                      statedFrames: 32000, streamFrames: 32000, frames: 32000,
                      sha256: "49e5f69061cf3655d08a4104fcc9a838496a10d92912954a5f0a6161583e4fdd",
                      bigEndian: false, timeReference: 0),
        // A raw 24-bit stream of 1 441 792 bytes (480 597 frames and a byte); the descriptor
        // states 480 000 frames, and the digest is of those (pcm_sha256_descriptor_length).
        EssenceOracle(file: "otio_marker-over-audio.aaf", format: "PCM", sampleRate: 48000, channels: 1, bits: 24,
                      statedFrames: 480_000, streamFrames: 480_597, frames: 480_000,
                      sha256: "8211d9c04a97300b39e88591d48df2bae0f145e5d0a79b66fea92702a709eded",
                      bigEndian: false, timeReference: 172_800_000),
    ]

    /// Integer samples back to their stored bytes (`width` bytes each, two's complement),
    /// so a digest of what was read or written can be compared with the stored one.
    public static func storedBytes(_ samples: some Sequence<Int32>, width: Int, bigEndian: Bool) -> [UInt8] {
        var out: [UInt8] = []
        for s in samples {
            let u = UInt32(bitPattern: s)
            for k in 0..<width {
                let shift = bigEndian ? 8 * (width - 1 - k) : 8 * k
                out.append(UInt8(truncatingIfNeeded: u >> UInt32(shift)))
            }
        }
        return out
    }
}
