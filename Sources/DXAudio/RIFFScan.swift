#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a WAV or RF64 file's chunk headers say, read directly from the file (libsndfile
/// does not report the declared data size, so it cannot tell a truncated file from a
/// short one, and its chunk iterator does not see chunks after the audio data).
struct RIFFScan {
    var isRF64 = false
    /// Byte offset of the first audio byte.
    var dataOffset: Int64?
    /// `data` chunks seen (`PlainWAV` reads only a file with one).
    var dataChunks = 0
    /// The data size the header declares (from `ds64` for RF64); nil when the header
    /// leaves it open (0xFFFFFFFF in plain RIFF: a stream or an unfinished recording).
    var declaredDataBytes: Int64?
    var fileSize: Int64 = 0
    /// Byte offset of the `fmt ` chunk's payload.
    var fmtOffset: Int64?
    var fmtSize: Int64 = 0
    /// The data chunk declares 0 bytes yet audio-like bytes follow: a recording whose
    /// header was never finalised (the recorder lost power or the card was pulled).
    var unfinalised = false
    var bext: [UInt8]?
    var ixml: [UInt8]?
    var warnings: [String] = []

    /// Audio bytes actually present after the data offset.
    var presentDataBytes: Int64? {
        guard let d = dataOffset else { return nil }
        let available = max(0, fileSize - d)
        return declaredDataBytes.map { min($0, available) } ?? available
    }

    /// Chunks larger than this are skipped for metadata (iXML is a few kilobytes).
    static let metadataLimit = 16 << 20

    /// Scans `path` if it begins with a RIFF/RF64/BW64 WAVE header; nil otherwise.
    static func scan(path: String) throws(AudioError) -> RIFFScan? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        var scan = RIFFScan()
        scan.fileSize = Int64(st.st_size)

        func bytes(_ offset: Int64, _ count: Int) -> [UInt8]? {
            var buf = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            return done == count ? buf : nil
        }
        guard let head = bytes(0, 12) else { return nil }
        let magic = fourCC(head, 0)
        guard magic == "RIFF" || magic == "RF64" || magic == "BW64", fourCC(head, 8) == "WAVE" else { return nil }
        scan.isRF64 = magic != "RIFF"
        var ds64Data: Int64?
        var position: Int64 = 12
        var chunks = 0
        while position + 8 <= scan.fileSize, chunks < 100_000 {
            chunks += 1
            guard let h = bytes(position, 8) else { break }
            let id = fourCC(h, 0)
            var size = Int64(le32(h, 4))
            let body = position + 8
            if id == "ds64", scan.isRF64, let d = bytes(body, 28) {
                ds64Data = Int64(bitPattern: le64(d, 8))
            }
            if id == "fmt " {
                scan.fmtOffset = body
                scan.fmtSize = size
            }
            if id == "data" {
                scan.dataOffset = body
                scan.dataChunks += 1
                if size == 0, scan.fileSize - body >= 8, let next = bytes(body, 4), !next.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
                    scan.unfinalised = true
                }
                if scan.isRF64, size == 0xFFFF_FFFF {
                    size = ds64Data ?? -1
                } else if !scan.isRF64, size == 0xFFFF_FFFF {
                    size = -1
                }
                if size < 0 {
                    scan.declaredDataBytes = nil
                    break
                }
                scan.declaredDataBytes = size
            } else if id == "bext" || id == "iXML" {
                if size > Self.metadataLimit {
                    scan.warnings.append("\(path): the \(id) chunk at byte \(position) is \(size) bytes; ignored")
                } else if body + size > scan.fileSize {
                    scan.warnings.append("\(path): the \(id) chunk at byte \(position) runs past the end of the file; ignored")
                } else if let payload = bytes(body, Int(size)) {
                    if id == "bext" { scan.bext = payload } else { scan.ixml = payload }
                }
            }
            position = body + size + (size & 1)
        }
        if scan.dataOffset == nil, position > scan.fileSize {
            throw AudioError(.truncated, path: path,
                             "file ends at byte \(scan.fileSize), inside the WAV header (a chunk runs to byte \(position)); "
                             + "no audio data found")
        }
        return scan
    }
}

private func fourCC(_ b: [UInt8], _ at: Int) -> String {
    String(decoding: b[at..<(at + 4)], as: UTF8.self)
}

private func le32(_ b: [UInt8], _ at: Int) -> UInt32 {
    UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
}

private func le64(_ b: [UInt8], _ at: Int) -> UInt64 {
    UInt64(le32(b, at)) | UInt64(le32(b, at + 4)) << 32
}
