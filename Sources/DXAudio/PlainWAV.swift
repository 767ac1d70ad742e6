#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain 16- or 24-bit PCM WAV read by DXAudio itself, without libsndfile: the common
/// recorder and editor export (format tag 1, or extensible with the PCM subformat and every
/// bit valid; one `data` chunk holding every frame it declares). Opening libsndfile costs more than reading such a file: it brings eight shared
/// objects (its codecs) and ~20 system calls per open, ~0.5 ms of a 12 ms alignment. Any
/// other file, or anything unusual in this one (another format or `fmt ` chunk size, a second
/// data chunk, a size that is not whole frames, a byte rate that disagrees), is left to
/// libsndfile, so what is read here is what libsndfile reads.
struct PlainWAV {
    let format: AudioFormat
    let frameCount: Int64
    let frameBytes: Int
    /// Its samples' decoding (libsndfile's scaling), made once.
    let decoding: PCMDecoding
    private let fd: Int32
    private let dataOffset: Int64

    /// The file `scan` describes, opened; nil when it is not a plain 16/24-bit PCM WAV.
    init?(path: String, scan: RIFFScan) {
        guard !scan.isRF64, scan.dataChunks == 1, !scan.unfinalised, scan.warnings.isEmpty,
              let offset = scan.dataOffset, let declared = scan.declaredDataBytes, declared > 0,
              declared <= scan.fileSize - offset, let fmtAt = scan.fmtOffset, fmtAt < offset,
              [16, 18, 40].contains(scan.fmtSize) else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let size = Int(scan.fmtSize)
        var header = [UInt8](repeating: 0, count: size)
        let got = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, size, off_t(fmtAt)) }
        func le16(_ at: Int) -> Int { Int(header[at]) | Int(header[at + 1]) << 8 }
        func le32(_ at: Int) -> Int { le16(at) | le16(at + 2) << 16 }
        let (tag, channels, rate, byteRate, blockAlign, bits) = (le16(0), le16(2), le32(4), le32(8), le16(12), le16(14))
        // WAVE_FORMAT_EXTENSIBLE (dxkit's own writer, most recorders): PCM with every bit valid.
        let extensiblePCM = size == 40 && tag == 0xFFFE && le16(16) == 22 && le16(18) == bits
            && Array(header[24..<40]) == Self.pcmSubformat
        guard got == size, tag == 1 && size < 40 || extensiblePCM, bits == 16 || bits == 24, (1...256).contains(channels),
              (1...768_000).contains(rate), blockAlign == channels * bits / 8, byteRate == rate * blockAlign,
              declared % Int64(blockAlign) == 0 else {
            close(fd)
            return nil
        }
        let format = AudioFormat(sampleRate: rate, channels: channels, sampleFormat: bits == 16 ? .pcm16 : .pcm24,
                                 container: .wav)
        guard let decoding = PCMDecoding(format) else {
            close(fd)
            return nil
        }
        self.fd = fd
        dataOffset = offset
        frameBytes = blockAlign
        frameCount = declared / Int64(blockAlign)
        self.format = format
        self.decoding = decoding
    }

    func closeFile() { close(fd) }

    /// KSDATAFORMAT_SUBTYPE_PCM, 00000001-0000-0010-8000-00aa00389b71, as stored.
    private static let pcmSubformat: [UInt8] = [
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
    ]

    /// Reads frames `position ..<` (at most `frames`, never past the last) as the file's bytes
    /// into `buffer`; returns the frames read (fewer only if the file shrank since it was opened).
    func readRaw(into buffer: UnsafeMutableRawBufferPointer, frames: Int, at position: Int64) -> Int {
        let want = Int(min(Int64(frames), max(0, frameCount - position))) * frameBytes
        var done = 0
        while done < want {
            let n = pread(fd, buffer.baseAddress! + done, want - done, off_t(dataOffset + position * Int64(frameBytes) + Int64(done)))
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        return done / frameBytes
    }
}
