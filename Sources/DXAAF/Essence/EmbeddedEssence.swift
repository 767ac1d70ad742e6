/// One EssenceData object of an AAF file — audio stored inside the AAF rather than beside
/// it — described well enough to copy its samples out bit for bit: where the PCM lies in
/// the stream, how a sample is stored, how many frames the descriptor states, and where
/// the audio sits on its source's timecode.
///
/// Nothing here holds sample data; ``PCMSampleReader`` streams it.
public struct EmbeddedEssence: Sendable {
    /// How the stream holds its samples.
    public enum Format: String, Sendable {
        /// A whole WAVE (RIFF) file: PCM in its `data` chunk, little-endian.
        case wave = "WAVE"
        /// A whole AIFF or AIFC file: PCM in its `SSND` chunk, big-endian (little-endian
        /// for AIFC `sowt`).
        case aifc = "AIFC"
        /// Raw interleaved PCM, little-endian, described by a PCM (sound) descriptor.
        case pcm = "PCM"
    }

    /// The file SourceMob the EssenceData belongs to (EssenceData MobID).
    public var mobID: MobID?
    /// That mob's Name, nil when it has none (Premiere leaves embedded file mobs unnamed).
    public var mobName: String?
    /// Class of the mob's EssenceDescription (WAVEDescriptor, AIFCDescriptor, PCMDescriptor…).
    public var descriptorClass: String?
    /// Path of the essence stream inside the compound file, for messages.
    public var streamPath: String
    /// The stream's size in bytes.
    public var streamBytes: UInt64

    /// nil when the stream cannot be read as integer PCM; `warnings` then says why.
    public var format: Format?
    /// Samples per second per channel.
    public var sampleRate: Ratio?
    public var channels: Int
    /// Significant bits per sample as stated (a 20-bit WAVE still stores 3 bytes).
    public var bits: Int
    /// Bytes each sample takes in the stream: (bits + 7) / 8, 1 to 4.
    public var bytesPerSample: Int
    public var bigEndian: Bool
    /// 8-bit WAVE samples are unsigned (128 = silence), and so are raw 8-bit ones, taken
    /// to follow WAVE as AAF's PCM essence (BWF-style, SMPTE 382) does; AIFF's 8-bit
    /// samples and every wider sample are two's complement.
    public var unsigned8: Bool

    /// Byte offset of the first sample within the stream.
    public var pcmOffset: UInt64
    /// Bytes of sample data the stream really holds from `pcmOffset` (a chunk size that
    /// claims more than the stream holds is cut to what is there).
    public var pcmBytes: UInt64
    /// Whole frames in those bytes.
    public var streamFrames: Int64
    /// The descriptor's Length, in frames of `sampleRate` ("stated length"); nil when absent.
    public var statedFrames: Int64?
    /// Frames to copy: the stated length when the stream holds at least that many (extra
    /// bytes after it are padding, e.g. a raw stream rounded up to whole sectors), else what
    /// the stream holds (samples are never invented). The stream's count when nothing is stated.
    public var frames: Int64

    /// BWF TimeReference of the first sample: samples since 00:00:00:00 at `sampleRate`;
    /// 0 when the essence has no source timecode (a warning then says so).
    public var timeReference: UInt64
    /// Where `timeReference` came from ("import mob \"X\": timecode 00:00:00:00 + 41642/48000 s").
    public var timeReferenceSource: String?

    /// What a user should know: fewer frames than stated, no source timecode, why the
    /// stream cannot be read.
    public var warnings: [String]

    /// Directory entry of the stream, for ``PCMSampleReader``.
    let streamEntry: Int?

    /// Bytes per interleaved frame.
    public var blockAlign: Int { channels * bytesPerSample }
}
