#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reading and writing for short files (takes, tests). Long files are
/// streamed with ``AudioReader`` and ``AudioWriter``.
public enum AudioFile {
    /// Reads a whole file: planar samples, format and metadata.
    public static func read(_ path: String) throws(AudioError) -> (AudioBuffer, AudioFormat, AudioMetadata) {
        let reader = try AudioReader(path: path)
        return (try reader.readAll(), reader.format, reader.metadata)
    }

    /// Writes `buffer` as a new file (temporary beside `path`, then renamed).
    public static func write(_ buffer: AudioBuffer, format: AudioFormat, metadata: AudioMetadata,
                             to path: String) throws(AudioError) {
        guard buffer.channelCount == format.channels else {
            throw AudioError(.unsupported, path: path,
                             "the buffer has \(buffer.channelCount) channels but the format says \(format.channels)")
        }
        guard buffer.sampleRate == format.sampleRate else {
            throw AudioError(.unsupported, path: path,
                             "the buffer is at \(buffer.sampleRate) Hz but the format says \(format.sampleRate) Hz; resample first")
        }
        guard buffer.channels.allSatisfy({ $0.count >= buffer.frameCount }) else {
            throw AudioError(.unsupported, path: path, "the buffer's channels are shorter than its frame count")
        }
        let writer = try AudioWriter(path: path, format: format, metadata: metadata)
        let samples = buffer.interleaved()
        try samples.withUnsafeBufferPointer { (p) throws(AudioError) in
            try writer.write(interleaved: p, frames: buffer.frameCount)
        }
        try writer.finish()
    }

    /// Whether two paths name the same existing file (so an output never replaces an input).
    public static func isSameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
