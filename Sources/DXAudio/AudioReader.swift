import CSndFile
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open audio file, read sequentially or from any frame. Owns its libsndfile
/// handle (or, for a plain 16/24-bit PCM WAV, its own descriptor: `PlainWAV`, no libsndfile
/// loaded), so it is not `Sendable`: create it in the task that reads it (parallelise
/// across files, not across one reader).
///
/// Truncated files: when a WAV, RF64 or AIFF header declares more audio than the file
/// holds (a recorder that lost power, an interrupted copy), opening fails with
/// ``AudioError/Kind/truncated`` and says how much is there — a professional must not
/// conform or align against half a take without knowing. A FLAC stream that stops
/// early fails the same way at the read that reaches the break. Pass
/// `acceptTruncated: true` to read the frames that are present; the shortfall is then
/// in ``warnings``.
public final class AudioReader {
    public let path: String
    public let format: AudioFormat
    /// Frames in the file. For a WAV/RF64/AIFF truncated and read anyway: the frames
    /// present. For FLAC: the count its header declares (a break shows when read).
    public let frameCount: Int64
    public let metadata: AudioMetadata
    /// What was odd but readable: a truncated file read anyway, an unreadable iXML chunk.
    public private(set) var warnings: [String]
    /// The frame the next read starts at.
    public private(set) var position: Int64 = 0

    /// libsndfile's handle, or DXAudio's own reader of a plain PCM WAV (`PlainWAV`).
    private let handle: OpaquePointer?
    private let plain: PlainWAV?
    /// The plain reader's bytes, for `read` and `readInt32`.
    private var plainBytes: [UInt8] = []
    private var scratch: [Float] = []
    private let fileID: OpenInputs.FileID?
    private let acceptTruncated: Bool
    /// Where the audio really ended, when it ended before `frameCount` (read anyway).
    private var endedEarlyAt: Int64?

    public init(path: String, acceptTruncated: Bool = false) throws(AudioError) {
        self.path = path
        self.acceptTruncated = acceptTruncated
        try Self.checkInput(path)
        let scan = try RIFFScan.scan(path: path)
        let h: OpaquePointer?
        let plain = scan.flatMap { PlainWAV(path: path, scan: $0) }
        let fmt: AudioFormat
        let frames: Int64
        if let plain {
            (h, fmt, frames) = (nil, plain.format, plain.frameCount)
        } else {
            let opened = try Self.openWithLibsndfile(path)
            (h, fmt, frames) = (opened.handle, opened.format, opened.frames)
        }
        var ok = false
        defer {
            if !ok {
                if let h { dx_sf_close(h) }
                plain?.closeFile()
            }
        }
        let container = fmt.container
        var warnings: [String] = []
        var metadata = AudioMetadata()
        if let scan {
            warnings += scan.warnings
            let bytesPerFrame = Int64(fmt.channels * max(1, fmt.sampleFormat.bitsPerSample / 8))
            if scan.unfinalised, let offset = scan.dataOffset {
                throw AudioError(.truncated, path: path,
                                 "the header declares no audio (data size 0) but \(scan.fileSize - offset) bytes follow it: "
                                 + "a recording whose header was never finalised; recover it with the recorder's repair tool")
            }
            if let declared = scan.declaredDataBytes, let offset = scan.dataOffset, declared > scan.fileSize - offset {
                let present = max(0, scan.fileSize - offset) / bytesPerFrame
                let expected = declared / bytesPerFrame
                let text = "truncated: the header declares \(expected) frames (\(Self.duration(expected, fmt.sampleRate))) "
                    + "but the file holds \(present) (\(Self.duration(present, fmt.sampleRate))); "
                    + "\(declared - max(0, scan.fileSize - offset)) bytes of audio are missing"
                if !acceptTruncated { throw AudioError(.truncated, path: path, text) }
                warnings.append("\(path): \(text); reading the \(present) frames present")
            }
            if let b = scan.bext {
                if let bext = BroadcastExtension(chunk: b[...]) {
                    metadata.bext = bext
                } else {
                    warnings.append("\(path): the bext chunk is \(b.count) bytes, shorter than the 602 the standard requires; ignored")
                }
            }
            if let x = scan.ixml {
                metadata.ixml = IXMLMetadata.parse(chunk: x[...], path: path, warnings: &warnings)
                for t in metadata.ixml?.tracks ?? [] where t.interleaveIndex < 1 || t.interleaveIndex > fmt.channels {
                    warnings.append("\(path): iXML lists track '\(t.name)' at interleave position \(t.interleaveIndex), "
                                    + "but the file has \(fmt.channels) channel\(fmt.channels == 1 ? "" : "s")")
                }
            }
        }
        if container == .aiff, let declared = AIFFScan.declaredFrames(path: path), declared > frames {
            let text = "truncated: the header declares \(declared) frames (\(Self.duration(declared, fmt.sampleRate))) "
                + "but the file holds \(frames) (\(Self.duration(frames, fmt.sampleRate)))"
            if !acceptTruncated { throw AudioError(.truncated, path: path, text) }
            warnings.append("\(path): \(text); reading the \(frames) frames present")
        }
        self.handle = h
        self.plain = plain
        self.format = fmt
        self.frameCount = frames
        self.metadata = metadata
        self.warnings = warnings
        self.fileID = OpenInputs.id(of: path)
        if let fileID { OpenInputs.register(fileID, path: path) }
        ok = true
    }

    deinit {
        if let handle { dx_sf_close(handle) }
        plain?.closeFile()
        if let fileID { OpenInputs.unregister(fileID) }
    }

    /// Opens `path` with libsndfile: its handle, format and frame count, or the error saying
    /// why the file cannot be read.
    private static func openWithLibsndfile(_ path: String) throws(AudioError) -> (handle: OpaquePointer, format: AudioFormat, frames: Int64) {
        var info = SF_INFO()
        let h = try SndFile.open(path: path, doing: "not a readable audio file (expected WAV, RF64, AIFF or FLAC)",
                                 otherwise: .notAudio) { dx_sf_open(path, Int32(SFM_READ), &info) }.get()
        var ok = false
        defer { if !ok { dx_sf_close(h) } }
        let (container, sample) = SndFile.decode(info.format)
        guard let container else {
            throw AudioError(.unsupported, path: path,
                             "\(SndFile.formatName(info.format & Int32(SF_FORMAT_TYPEMASK))) file; expected WAV, RF64, AIFF or FLAC")
        }
        guard let sample else {
            throw AudioError(.unsupported, path: path,
                             "\(SndFile.subtypeName(info.format)) audio; expected PCM 8/16/24/32-bit or 32/64-bit float")
        }
        guard info.channels > 0, info.samplerate > 0 else {
            throw AudioError(.notAudio, path: path, "header gives \(info.channels) channels at \(info.samplerate) Hz")
        }
        ok = true
        return (h, AudioFormat(sampleRate: Int(info.samplerate), channels: Int(info.channels), sampleFormat: sample,
                               container: container), Int64(info.frames))
    }

    /// Reads up to `frames` interleaved frames as floats (PCM normalised to ±1.0;
    /// float files as stored). Returns the frames read, 0 at the end.
    public func read(into buffer: UnsafeMutableBufferPointer<Float>, frames: Int) throws(AudioError) -> Int {
        precondition(buffer.count >= frames * format.channels, "buffer holds fewer than frames × channels samples")
        guard frames > 0, endedEarlyAt == nil else { return 0 }
        guard let handle else {
            // The interleaved samples decoded as one channel: the same scaling, sample by sample.
            return try readPlain(frames) { decoding, bytes, count in
                decoding.decode(bytes, frames: count, channel: 0, channels: 1, into: buffer.baseAddress!)
            }
        }
        let n = dx_sf_readf_float(handle, buffer.baseAddress, sf_count_t(frames))
        return try account(Int(n), wanted: frames)
    }

    /// A read of the plain reader: up to `frames` frames' bytes, handed to `convert` with the
    /// file's decoding and their sample count. The buffer keeps the byte of slack
    /// `PCMDecoding.decode` needs after the last sample.
    private func readPlain(
        _ frames: Int, _ convert: (PCMDecoding, UnsafeBufferPointer<UInt8>, Int) -> Void
    ) throws(AudioError) -> Int {
        let plain = plain!
        let size = frames * plain.frameBytes + 1
        if plainBytes.count < size { plainBytes = [UInt8](repeating: 0, count: size) }
        let n = plainBytes.withUnsafeMutableBytes { plain.readRaw(into: $0, frames: frames, at: position) }
        plainBytes.withUnsafeBufferPointer { convert(plain.decoding, $0, n * format.channels) }
        return try account(n, wanted: frames)
    }

    /// Reads up to `frames` interleaved frames as 32-bit integers, left-justified
    /// (a 16-bit sample `s` reads as `s << 16`, 24-bit as `s << 8`). For PCM files this
    /// is bit-exact, and writing the values to a PCM file of the same depth reproduces
    /// the source. Float files are scaled by 2^31, rounded and clipped.
    public func readInt32(into buffer: UnsafeMutableBufferPointer<Int32>, frames: Int) throws(AudioError) -> Int {
        precondition(buffer.count >= frames * format.channels, "buffer holds fewer than frames × channels samples")
        guard frames > 0, endedEarlyAt == nil else { return 0 }
        if plain != nil {
            return try readPlain(frames) { decoding, bytes, count in
                decoding.decodeInterleavedInt32(bytes, samples: count, into: buffer.baseAddress!)
            }
        }
        if let handle, format.sampleFormat.isPCM {
            let n = dx_sf_readf_int(handle, buffer.baseAddress, sf_count_t(frames))
            return try account(Int(n), wanted: frames)
        }
        let count = frames * format.channels
        if scratch.count < count { scratch = [Float](repeating: 0, count: count) }
        let n = try scratch.withUnsafeMutableBufferPointer { (s) throws(AudioError) -> Int in
            try read(into: s, frames: frames)
        }
        scratch.withUnsafeBufferPointer { s in
            for i in 0..<(n * format.channels) { buffer[i] = SampleConversion.int32(s[i]) }
        }
        return n
    }

    /// Reads up to `frames` frames as the file's own bytes (for same-format copies, and for
    /// readers that convert PCM themselves): interleaved, `bitsPerSample / 8` bytes per sample,
    /// in the container's byte order (little-endian for WAV and RF64).
    public func readRaw(into buffer: UnsafeMutableRawBufferPointer, frames: Int) throws(AudioError) -> Int {
        let frameBytes = format.channels * (format.sampleFormat.bitsPerSample / 8)
        precondition(buffer.count >= frames * frameBytes)
        guard frames > 0, endedEarlyAt == nil else { return 0 }
        guard let handle else { return try account(plain!.readRaw(into: buffer, frames: frames, at: position), wanted: frames) }
        let n = dx_sf_read_raw(handle, buffer.baseAddress, sf_count_t(frames * frameBytes))
        return try account(max(0, Int(n)) / frameBytes, wanted: frames)
    }

    /// Advances the position after a read and judges a short one: at the end of the
    /// file it is normal; before the end the file is damaged or cut off (a FLAC stream
    /// that stops, a disk error), which is an error unless `acceptTruncated`.
    private func account(_ got: Int, wanted: Int) throws(AudioError) -> Int {
        let failed = handle.map { dx_sf_error($0) != Int32(SF_ERR_NO_ERROR) } ?? false
        position += Int64(max(0, got))
        guard got < wanted else { return got }
        if position < frameCount {
            let why = failed ? " (libsndfile: \(String(cString: dx_sf_strerror(handle))))" : ""
            let text = "truncated: the audio ends at frame \(position) of the \(frameCount) the header declares\(why)"
            guard acceptTruncated else { throw AudioError(.truncated, path: path, text) }
            warnings.append("\(path): \(text); the rest is missing")
            endedEarlyAt = position
            return max(0, got)
        }
        if failed { throw SndFile.error(handle, path: path, doing: "read failed at frame \(position)") }
        return got
    }

    /// Moves the read position to `frame` (0 ... frameCount).
    public func seek(toFrame frame: Int64) throws(AudioError) {
        guard frame >= 0, frame <= frameCount else {
            throw AudioError(.io, path: path, "cannot seek to frame \(frame): the file has \(frameCount) frames")
        }
        if let end = endedEarlyAt, frame > end {
            throw AudioError(.truncated, path: path, "cannot seek to frame \(frame): the audio ends at frame \(end)")
        }
        if let handle, dx_sf_seek(handle, sf_count_t(frame), SEEK_SET) < 0 {
            throw SndFile.error(handle, path: path, doing: "cannot seek to frame \(frame)")
        }
        position = frame
        endedEarlyAt = nil
    }

    /// Most samples ``readAll()`` will hold in memory (4 GiB of floats); longer files
    /// are streamed with ``read(into:frames:)``.
    public static let readAllLimit: Int64 = 1 << 30

    /// Reads everything from the current position to the end into planar channels.
    public func readAll() throws(AudioError) -> AudioBuffer {
        let channels = format.channels
        guard frameCount * Int64(channels) <= Self.readAllLimit else {
            throw AudioError(.unsupported, path: path,
                             "\(frameCount) frames × \(channels) channels is too long to hold in memory; stream it with AudioReader.read")
        }
        let total = Int(frameCount)
        var interleaved = [Float](repeating: 0, count: total * channels)
        var done = 0
        try interleaved.withUnsafeMutableBufferPointer { (all) throws(AudioError) in
            let chunk = 1 << 16
            while done < total {
                let want = min(chunk, total - done)
                let slice = UnsafeMutableBufferPointer(rebasing: all[(done * channels)..<((done + want) * channels)])
                let n = try read(into: slice, frames: want)
                if n == 0 { break }
                done += n
            }
        }
        return interleaved.withUnsafeBufferPointer {
            AudioBuffer(sampleRate: format.sampleRate, interleaved: UnsafeBufferPointer(rebasing: $0[0..<(done * channels)]),
                        channelCount: channels)
        }
    }

    /// Rejects what is obviously not an audio file before libsndfile sees it, with a
    /// message a user understands.
    private static func checkInput(_ path: String) throws(AudioError) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            let e = errno
            if e == ENOENT || e == ENOTDIR { throw AudioError(.notFound, path: path, "no such file") }
            throw AudioError(.notFound, path: path, "cannot open: \(String(cString: strerror(e)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw AudioError(.notAudio, path: path, "is a directory, expected an audio file")
        }
        if (st.st_mode & S_IFMT) == S_IFREG, st.st_size == 0 {
            throw AudioError(.notAudio, path: path, "empty file (0 bytes), expected a WAV, RF64, AIFF or FLAC file")
        }
        if access(path, R_OK) != 0 {
            throw AudioError(.notFound, path: path, "cannot open: \(String(cString: strerror(errno)))")
        }
    }

    static func duration(_ frames: Int64, _ rate: Int) -> String {
        let seconds = frames / Int64(rate)
        let ms = (frames % Int64(rate)) * 1000 / Int64(rate)
        let h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(h):\(two(m)):\(two(s)).\(msText)"
    }
}

/// Float ↔ integer sample conversion done by dxkit rather than libsndfile, so the
/// rounding is known: to nearest (ties to even), clipped, full scale = 2^(bits−1),
/// NaN as 0. Rounding adds and subtracts 1.5 × 2^52 in Double, which rounds to
/// nearest in hardware without a call to `rint` per sample.
enum SampleConversion {
    private static let roundingMagic = 6_755_399_441_055_744.0

    /// A float sample as a left-justified 32-bit integer.
    @inline(__always)
    static func int32(_ x: Float) -> Int32 { int32(x, bits: 32) }

    /// A float sample rounded to `bits` (8…32) and left-justified in 32 bits, so
    /// libsndfile's right shift to the file depth is exact.
    @inline(__always)
    static func int32(_ x: Float, bits: Int) -> Int32 {
        let scale = Double(1 << (bits - 1))
        var d = Double(x) * scale
        if d.isNaN { d = 0 }
        d = Swift.min(Swift.max(d, -scale), scale - 1)
        let r = (d + roundingMagic) - roundingMagic
        return Int32(r) << Int32(32 - bits)
    }
}
