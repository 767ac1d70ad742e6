import DXAudio
#if canImport(Glibc)
import Glibc
#endif

/// Reads one production-audio file's facts for the index: format, length, bext
/// TimeReference, iXML production fields and track names, and a fingerprint of the
/// samples themselves.
public enum MediaProbe {
    /// Frames hashed at the start, middle and end of the audio.
    static let window = 4096

    public static func record(path: String) throws(AudioError) -> MediaRecord {
        let st = try fileStat(path)
        let r = try AudioReader(path: path)
        let ixml = r.metadata.ixml
        let names: [String] = ixml.map { x in (1...max(1, r.format.channels)).map { x.trackName(interleaveIndex: $0) ?? "" } } ?? []
        return MediaRecord(
            path: path, size: st.size, modified: st.modified, sampleRate: r.format.sampleRate, channels: r.format.channels,
            frames: r.frameCount, sampleFormat: r.format.sampleFormat.rawValue,
            timeReference: r.metadata.bext.map { Int64(clamping: $0.timeReference) },
            project: ixml?.project.nonEmpty, scene: ixml?.scene.nonEmpty, take: ixml?.take.nonEmpty, tape: ixml?.tape.nonEmpty,
            circled: ixml?.circled, note: ixml?.note.nonEmpty, trackNames: names.allSatisfy(\.isEmpty) ? [] : names,
            fingerprint: try fingerprint(r))
    }

    /// FNV-1a (64-bit) over the format, the length and three windows of samples: the
    /// same audio gives the same print wherever the file lives and whatever its tags say.
    public static func fingerprint(_ r: AudioReader) throws(AudioError) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) {
            var v = v
            for _ in 0..<8 {
                h ^= v & 0xff
                h = h &* 0x100_0000_01b3
                v >>= 8
            }
        }
        mix(UInt64(r.format.sampleRate)); mix(UInt64(r.format.channels)); mix(UInt64(bitPattern: r.frameCount))
        let n = Int64(window)
        let starts = r.frameCount <= 3 * n ? [Int64(0)] : [0, r.frameCount / 2 - n / 2, r.frameCount - n]
        let length = r.frameCount <= 3 * n ? Int(r.frameCount) : window
        var buffer = [Int32](repeating: 0, count: max(1, length * r.format.channels))
        for s in starts {
            try r.seek(toFrame: s)
            let got = try buffer.withUnsafeMutableBufferPointer { (b) throws(AudioError) -> Int in
                try r.readInt32(into: b, frames: length)
            }
            for i in 0..<(got * r.format.channels) { mix(UInt64(UInt32(bitPattern: buffer[i]))) }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public struct FileStat: Sendable, Equatable {
        public var size: Int64
        public var modified: Int64
        public var device: UInt64
        public var inode: UInt64
    }

    public static func fileStat(_ path: String) throws(AudioError) -> FileStat {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw AudioError(.notFound, path: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        return FileStat(size: Int64(st.st_size), modified: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
                        device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }
}

extension Optional where Wrapped == String {
    var nonEmpty: String? {
        guard let s = self?.trimmingCharacters(" "), !s.isEmpty else { return nil }
        return s
    }
}
