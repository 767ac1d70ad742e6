import CSndFile
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a new audio file safely: samples go to a temporary file beside `path`;
/// ``finish()`` closes it, flushes it to disk and renames it into place. A writer
/// dropped without `finish()` (an error, a cancelled task) removes the temporary, so
/// no half-written file ever appears under the real name and an existing file there
/// is untouched until the rename.
///
/// `bext` and `iXML` are placed before the audio data, as libsndfile requires (it
/// cannot change chunks once samples are written, and editing a file in place
/// corrupts audio — dxkit never does). `.wav` output is RF64 with auto-downgrade:
/// plain WAV unless it grows past 4 GB.
public final class AudioWriter {
    public let path: String
    public let format: AudioFormat
    public let metadata: AudioMetadata
    /// Frames written so far.
    public private(set) var framesWritten: Int64 = 0

    private let temporaryPath: String
    private var fd: Int32
    private var handle: OpaquePointer?
    private var scratch: [Int32] = []
    private var floatScratch: [Float] = []

    public init(path: String, format: AudioFormat, metadata: AudioMetadata) throws(AudioError) {
        self.path = path
        self.format = format
        self.metadata = metadata
        try Self.validate(format, metadata: metadata, path: path)
        guard let code = SndFile.encode(format) else {
            throw AudioError(.unsupported, path: path, "cannot write \(format.sampleFormat.rawValue) audio")
        }
        var st = stat()
        if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            throw AudioError(.cannotCreate, path: path, "is a directory; expected a path for the new audio file")
        }
        if let input = OpenInputs.readerPath(for: path) {
            throw AudioError(.cannotCreate, path: path, "is the input file \(input), open for reading; inputs are never overwritten")
        }
        let (dir, base) = Self.split(path)
        var template = Array("\(dir)/.\(base).dxkit-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw AudioError(.cannotCreate, path: path, "cannot create a file in \(dir): \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.temporaryPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var info = SF_INFO()
        info.samplerate = Int32(format.sampleRate)
        info.channels = Int32(format.channels)
        info.format = code
        // The descriptor is closed here, and marked closed, whether or not Swift runs
        // deinit for an initializer that throws.
        guard dx_sf_format_check(&info) == Int32(SF_TRUE) else {
            close(fd)
            unlink(temporaryPath)
            self.fd = -1
            throw AudioError(.unsupported, path: path, "libsndfile cannot write \(format)")
        }
        let h: OpaquePointer
        switch SndFile.open(path: path, doing: "cannot start writing \(format)", otherwise: .cannotCreate, {
            dx_sf_open_fd(fd, Int32(SFM_WRITE), &info, Int32(SF_FALSE))
        }) {
        case .success(let opened):
            h = opened
        case .failure(let e):
            close(fd)
            unlink(temporaryPath)
            self.fd = -1
            throw e
        }
        self.handle = h
        // From here on deinit cleans up on any error.
        if format.container == .wav {
            try SndFile.command(h, Int32(SFC_RF64_AUTO_DOWNGRADE), flag: true, path: path,
                                doing: "cannot enable RF64 auto-downgrade")
        }
        if let bext = metadata.bext {
            try SndFile.setChunk(h, id: "bext", payload: bext.chunkBytes, path: path)
        }
        if let ixml = metadata.ixml {
            try SndFile.setChunk(h, id: "iXML", payload: ixml.chunkBytes(bext: metadata.bext, sampleRate: format.sampleRate),
                                path: path)
        }
    }

    deinit {
        if let handle { dx_sf_close(handle) }
        if fd >= 0 {
            close(fd)
            unlink(temporaryPath)
        }
    }

    /// Writes `frames` interleaved frames of float samples (±1.0 full scale). For PCM
    /// output each sample is rounded to the nearest step and clipped; no dither.
    public func write(interleaved samples: UnsafeBufferPointer<Float>, frames: Int) throws(AudioError) {
        let handle = try openHandle()
        let count = frames * format.channels
        precondition(samples.count >= count, "buffer holds fewer than frames × channels samples")
        guard frames > 0 else { return }
        let written: sf_count_t
        switch format.sampleFormat {
        case .float32, .float64:
            written = dx_sf_writef_float(handle, samples.baseAddress, sf_count_t(frames))
        case .pcm8, .pcm16, .pcm24, .pcm32:
            if scratch.count < count { scratch = [Int32](repeating: 0, count: count) }
            let bits = format.sampleFormat.bitsPerSample
            written = scratch.withUnsafeMutableBufferPointer { s in
                for i in 0..<count { s[i] = SampleConversion.int32(samples[i], bits: bits) }
                return dx_sf_writef_int(handle, s.baseAddress, sf_count_t(frames))
            }
        }
        try check(written, frames)
    }

    /// Writes `frames` interleaved frames of left-justified 32-bit samples (as
    /// ``AudioReader/readInt32(into:frames:)`` returns them): bit-exact into PCM of the
    /// source's depth; for float output scaled by 2^-31.
    public func write(int32 samples: UnsafeBufferPointer<Int32>, frames: Int) throws(AudioError) {
        let handle = try openHandle()
        let count = frames * format.channels
        precondition(samples.count >= count, "buffer holds fewer than frames × channels samples")
        guard frames > 0 else { return }
        let written: sf_count_t
        if format.sampleFormat.isPCM {
            written = dx_sf_writef_int(handle, samples.baseAddress, sf_count_t(frames))
        } else {
            if floatScratch.count < count { floatScratch = [Float](repeating: 0, count: count) }
            written = floatScratch.withUnsafeMutableBufferPointer { s in
                for i in 0..<count { s[i] = Float(samples[i]) * (1.0 / 2_147_483_648.0) }
                return dx_sf_writef_float(handle, s.baseAddress, sf_count_t(frames))
            }
        }
        try check(written, frames)
    }

    /// Writes `frames` frames of bytes already in the file's sample format.
    func writeRaw(_ bytes: UnsafeRawBufferPointer, frames: Int) throws(AudioError) {
        let handle = try openHandle()
        let frameBytes = format.channels * (format.sampleFormat.bitsPerSample / 8)
        precondition(bytes.count >= frames * frameBytes)
        guard frames > 0 else { return }
        let n = dx_sf_write_raw(handle, bytes.baseAddress, sf_count_t(frames * frameBytes))
        try check(n / sf_count_t(frameBytes), frames)
    }

    /// Completes the file: closes it (libsndfile writes the final header), flushes it
    /// to disk, and renames it over `path`. After an error nothing is at `path` that
    /// was not there before.
    public func finish() throws(AudioError) {
        let handle = try openHandle()
        if let input = OpenInputs.readerPath(for: path) {
            throw AudioError(.cannotCreate, path: path, "is the input file \(input), open for reading; inputs are never overwritten")
        }
        self.handle = nil
        let rc = dx_sf_close(handle)
        guard rc == 0 else {
            throw AudioError(.io, path: path, "cannot complete the file: \(String(cString: dx_sf_error_number(rc)))")
        }
        try clearSpeakerMask()
        fchmod(fd, 0o644)
        guard fsync(fd) == 0 || errno == EINVAL else {
            throw AudioError(.io, path: path, "cannot flush to disk: \(String(cString: strerror(errno)))")
        }
        guard close(fd) == 0 else {
            fd = -1
            unlink(temporaryPath)
            throw AudioError(.io, path: path, "cannot complete the file: \(String(cString: strerror(errno)))")
        }
        fd = -1
        guard rename(temporaryPath, path) == 0 else {
            let e = errno
            unlink(temporaryPath)
            throw AudioError(.cannotCreate, path: path, "cannot rename the finished file into place: \(String(cString: strerror(e)))")
        }
        let (dir, _) = Self.split(path)
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    /// libsndfile labels 4-, 6- and 8-channel WAVE_FORMAT_EXTENSIBLE files as quad,
    /// 5.1 and 7.1. The channels of a production poly file are microphones, not
    /// speakers (the iXML track list names them), so for more than two channels the
    /// mask is set to 0, "no speaker positions". This patches 4 bytes of dxkit's own
    /// temporary file, after libsndfile has closed it and before anyone can see it.
    private func clearSpeakerMask() throws(AudioError) {
        guard format.channels > 2, format.container.carriesBroadcastChunks,
              let scan = try? RIFFScan.scan(path: temporaryPath), let fmtAt = scan.fmtOffset, scan.fmtSize >= 40
        else { return }
        var head = [UInt8](repeating: 0, count: 24)
        guard head.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, 24, off_t(fmtAt)) }) == 24,
              head[0] == 0xFE, head[1] == 0xFF, head[16] == 22, head[17] == 0 else { return }
        var zero = [UInt8](repeating: 0, count: 4)
        guard zero.withUnsafeMutableBytes({ pwrite(fd, $0.baseAddress, 4, off_t(fmtAt + 20)) }) == 4 else {
            throw AudioError(.io, path: path, "cannot complete the file header: \(String(cString: strerror(errno)))")
        }
    }

    private func openHandle() throws(AudioError) -> OpaquePointer {
        guard let handle else {
            throw AudioError(.io, path: path, "the writer is already finished")
        }
        return handle
    }

    private func check(_ written: sf_count_t, _ frames: Int) throws(AudioError) {
        framesWritten += Int64(max(0, written))
        if written != frames {
            throw SndFile.error(handle, path: path, doing: "write failed after \(framesWritten) frames")
        }
    }

    private static func validate(_ format: AudioFormat, metadata: AudioMetadata, path: String) throws(AudioError) {
        if format.sampleFormat == .pcm8 {
            throw AudioError(.unsupported, path: path, "8-bit output is not written; use pcm16, pcm24, pcm32 or float32")
        }
        guard format.sampleRate > 0, format.sampleRate <= 1_536_000 else {
            throw AudioError(.unsupported, path: path, "sample rate \(format.sampleRate) Hz; expected 1 to 1536000")
        }
        guard format.channels >= 1, format.channels <= 1024 else {
            throw AudioError(.unsupported, path: path, "\(format.channels) channels; expected 1 to 1024")
        }
        if format.container == .flac, !(format.sampleFormat == .pcm16 || format.sampleFormat == .pcm24) {
            throw AudioError(.unsupported, path: path, "FLAC holds 16- or 24-bit PCM, not \(format.sampleFormat.rawValue)")
        }
        if !format.container.carriesBroadcastChunks, metadata.bext != nil || metadata.ixml != nil {
            throw AudioError(.unsupported, path: path,
                             "\(format.container.rawValue) files cannot carry bext or iXML; write WAV to keep the metadata")
        }
    }

    /// Directory and file name of a path ("." for a bare name).
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }
}

extension AudioWriter {
    /// A writer for a new file with the same format and metadata as `reader` (the
    /// usual case for a processing tool), optionally changed by `adjust`. The
    /// container is `.wav`; 8-bit input is written as 16-bit. Refuses `reader`'s own file.
    public convenience init(path: String, like reader: AudioReader,
                            adjust: (inout AudioFormat, inout AudioMetadata) -> Void = { _, _ in }) throws(AudioError) {
        if AudioFile.isSameFile(path, reader.path) {
            throw AudioError(.cannotCreate, path: path, "is the input file \(reader.path); inputs are never overwritten")
        }
        var format = reader.format
        var metadata = reader.metadata
        if format.sampleFormat == .pcm8 { format.sampleFormat = .pcm16 }
        // AIFF and FLAC cannot carry bext/iXML; RF64 input becomes .wav, which is
        // still RF64 if it passes 4 GB and plain WAV (readable everywhere) if not.
        if format.container != .wav { format.container = .wav }
        adjust(&format, &metadata)
        try self.init(path: path, format: format, metadata: metadata)
    }
}
