import CSndFile
import Synchronization

/// libsndfile keeps the error of a failed open in one process-wide variable; opens
/// are serialised so the message read after a failure is that open's own.
private let openLock = Mutex(())

/// The one place libsndfile results become ``AudioError``s. Every libsndfile call that
/// can fail goes through here, so each error names the file and what was being done.
enum SndFile {
    /// Runs an `sf_open*` call; a failure is turned into an error under the same
    /// lock, so it carries this open's message.
    static func open(path: String, doing: String, otherwise kind: AudioError.Kind,
                     _ call: () -> OpaquePointer?) -> Result<OpaquePointer, AudioError> {
        openLock.withLock { _ in
            if let h = call() { return .success(h) }
            return .failure(error(nil, path: path, doing: doing, otherwise: kind))
        }
    }

    /// The error libsndfile reports for `handle` (or for the last failed open when nil).
    static func error(_ handle: OpaquePointer?, path: String, doing: String,
                      otherwise kind: AudioError.Kind = .io) -> AudioError {
        let code = dx_sf_error(handle)
        let text = dx_sf_strerror(handle).map { String(cString: $0) } ?? "unknown libsndfile error \(code)"
        let mapped: AudioError.Kind
        switch code {
        case Int32(SF_ERR_UNRECOGNISED_FORMAT), Int32(SF_ERR_MALFORMED_FILE): mapped = .notAudio
        case Int32(SF_ERR_UNSUPPORTED_ENCODING): mapped = .unsupported
        case Int32(SF_ERR_SYSTEM): mapped = .io
        default: mapped = kind
        }
        return AudioError(mapped, path: path, "\(doing): \(text)")
    }

    /// Runs an `sf_command` that returns SF_TRUE on success.
    static func command(_ handle: OpaquePointer, _ cmd: Int32, flag: Bool, path: String, doing: String) throws(AudioError) {
        if dx_sf_command(handle, cmd, nil, flag ? Int32(SF_TRUE) : Int32(SF_FALSE)) != Int32(SF_TRUE) {
            throw error(handle, path: path, doing: doing)
        }
    }

    /// Adds a chunk to a file opened for writing (before any sample is written).
    static func setChunk(_ handle: OpaquePointer, id: String, payload: [UInt8], path: String) throws(AudioError) {
        var info = SF_CHUNK_INFO()
        let idBytes = Array(id.utf8)
        withUnsafeMutableBytes(of: &info.id) { raw in
            for (i, b) in idBytes.prefix(63).enumerated() { raw[i] = b }
        }
        info.id_size = UInt32(idBytes.count)
        info.datalen = UInt32(payload.count)
        var data = payload
        let rc = data.withUnsafeMutableBytes { raw -> Int32 in
            info.data = raw.baseAddress
            return dx_sf_set_chunk(handle, &info)
        }
        guard rc == Int32(SF_ERR_NO_ERROR) else {
            throw error(handle, path: path, doing: "cannot add the \(id) chunk", otherwise: .cannotCreate)
        }
    }

    /// libsndfile's major-format name for a format code, for messages.
    static func formatName(_ format: Int32) -> String {
        var info = SF_FORMAT_INFO()
        info.format = format
        if dx_sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &info, Int32(MemoryLayout<SF_FORMAT_INFO>.size)) == 0,
           let name = info.name {
            return String(cString: name)
        }
        return "format 0x" + String(format, radix: 16)
    }

    static func subtypeName(_ format: Int32) -> String {
        var info = SF_FORMAT_INFO()
        info.format = format & Int32(SF_FORMAT_SUBMASK)
        let count = MemoryLayout<SF_FORMAT_INFO>.size
        var n: Int32 = 0
        dx_sf_command(nil, Int32(SFC_GET_FORMAT_SUBTYPE_COUNT), &n, Int32(MemoryLayout<Int32>.size))
        for i in 0..<n {
            var s = SF_FORMAT_INFO()
            s.format = i
            if dx_sf_command(nil, Int32(SFC_GET_FORMAT_SUBTYPE), &s, Int32(count)) == 0, s.format == info.format,
               let name = s.name {
                return String(cString: name)
            }
        }
        return "encoding 0x" + String(info.format, radix: 16)
    }

    /// The container and sample format of a libsndfile format code, nil when dxkit does
    /// not handle it.
    static func decode(_ format: Int32) -> (AudioContainer?, SampleFormat?) {
        let container: AudioContainer?
        switch format & Int32(SF_FORMAT_TYPEMASK) {
        case Int32(SF_FORMAT_WAV), Int32(SF_FORMAT_WAVEX): container = .wav
        case Int32(SF_FORMAT_RF64): container = .rf64
        case Int32(SF_FORMAT_AIFF): container = .aiff
        case Int32(SF_FORMAT_FLAC): container = .flac
        default: container = nil
        }
        let sample: SampleFormat?
        switch format & Int32(SF_FORMAT_SUBMASK) {
        case Int32(SF_FORMAT_PCM_S8), Int32(SF_FORMAT_PCM_U8): sample = .pcm8
        case Int32(SF_FORMAT_PCM_16): sample = .pcm16
        case Int32(SF_FORMAT_PCM_24): sample = .pcm24
        case Int32(SF_FORMAT_PCM_32): sample = .pcm32
        case Int32(SF_FORMAT_FLOAT): sample = .float32
        case Int32(SF_FORMAT_DOUBLE): sample = .float64
        default: sample = nil
        }
        return (container, sample)
    }

    /// The libsndfile format code to write `format`. `.wav` is written as RF64 with
    /// auto-downgrade, so it becomes plain WAV unless it outgrows 4 GB.
    static func encode(_ format: AudioFormat) -> Int32? {
        let major: Int32
        switch format.container {
        case .wav, .rf64: major = Int32(SF_FORMAT_RF64)
        case .aiff: major = Int32(SF_FORMAT_AIFF)
        case .flac: major = Int32(SF_FORMAT_FLAC)
        }
        let sub: Int32
        switch format.sampleFormat {
        case .pcm8: return nil
        case .pcm16: sub = Int32(SF_FORMAT_PCM_16)
        case .pcm24: sub = Int32(SF_FORMAT_PCM_24)
        case .pcm32: sub = Int32(SF_FORMAT_PCM_32)
        case .float32: sub = Int32(SF_FORMAT_FLOAT)
        case .float64: sub = Int32(SF_FORMAT_DOUBLE)
        }
        return major | sub
    }
}
