#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The frame count an AIFF/AIFC file's COMM chunk declares. libsndfile shortens a
/// truncated AIFF to the frames present without saying so; comparing against the
/// declaration is how a cut-off file is noticed.
enum AIFFScan {
    static func declaredFrames(path: String) -> Int64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let fileSize = Int64(st.st_size)
        func bytes(_ offset: Int64, _ count: Int) -> [UInt8]? {
            var buf = [UInt8](repeating: 0, count: count)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return n == count ? buf : nil
        }
        guard let head = bytes(0, 12), head[0..<4].elementsEqual("FORM".utf8),
              head[8..<12].elementsEqual("AIFF".utf8) || head[8..<12].elementsEqual("AIFC".utf8) else { return nil }
        var position: Int64 = 12
        var chunks = 0
        while position + 8 <= fileSize, chunks < 10_000 {
            chunks += 1
            guard let h = bytes(position, 8) else { return nil }
            let size = Int64(UInt32(h[4]) << 24 | UInt32(h[5]) << 16 | UInt32(h[6]) << 8 | UInt32(h[7]))
            if h[0..<4].elementsEqual("COMM".utf8) {
                guard let c = bytes(position + 8, 6) else { return nil }
                return Int64(UInt32(c[2]) << 24 | UInt32(c[3]) << 16 | UInt32(c[4]) << 8 | UInt32(c[5]))
            }
            position += 8 + size + (size & 1)
        }
        return nil
    }
}
