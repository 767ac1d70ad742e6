#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading inputs and writing outputs safely: inputs are never modified; outputs are
/// written to a temporary file beside the target and renamed into place, so a failure
/// never leaves a half-written file under the real name.
public enum FileIO {
    /// Reads a whole file ("-" = standard input). Errors name the file.
    public static func read(_ path: String) throws -> [UInt8] {
        let fd: Int32 = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            let status: ExitStatus = (e == ENOENT || e == EACCES || e == ENOTDIR) ? .noInput : .ioError
            throw ToolError(status, "\(path): cannot open: \(String(cString: strerror(e)))")
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            throw ToolError(.noInput, "\(path): is a directory, expected a file")
        }
        var data: [UInt8] = []
        if (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 { data.reserveCapacity(Int(st.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ToolError(.ioError, "\(path): read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
        }
        return data
    }

    /// Whether the file at `path` begins with `prefix` (false when it cannot be read), to
    /// choose a reader that maps the file instead of reading it whole.
    public static func startsWith(_ path: String, _ prefix: [UInt8]) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: prefix.count)
        let n = head.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        return n == prefix.count && head == prefix
    }

    /// The size in bytes of the file at `path`, nil when it cannot be read.
    public static func size(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int(st.st_size)
    }

    /// Writes `bytes` to `path` atomically ("-" = standard output).
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        if path == "-" {
            bytes.withUnsafeBytes { Console.writeAll($0, to: STDOUT_FILENO) }
            return
        }
        let dir = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let base = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array("\(dir.isEmpty ? "/" : dir)/.\(base).dxkit-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw ToolError(.cannotCreate, "\(path): cannot create a file in \(dir): \(String(cString: strerror(errno)))")
        }
        let tmp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer { if !ok { unlink(tmp) } }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                throw ToolError(.ioError, "\(path): write failed: \(String(cString: strerror(e)))")
            }
            offset += n
        }
        fchmod(fd, 0o644)
        guard fsync(fd) == 0 || errno == EINVAL, close(fd) == 0 else {
            throw ToolError(.ioError, "\(path): write failed: \(String(cString: strerror(errno)))")
        }
        guard rename(tmp, path) == 0 else {
            throw ToolError(.cannotCreate, "\(path): cannot replace: \(String(cString: strerror(errno)))")
        }
        ok = true
    }

    /// Makes the output directory `path` when missing (its parent must exist); an existing
    /// directory is used as it is.
    public static func makeDirectory(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw ToolError(.cannotCreate, "\(path): exists and is not a directory") }
            return
        }
        guard mkdir(path, 0o755) == 0 else {
            throw ToolError(.cannotCreate, "\(path): cannot create the output directory: \(String(cString: strerror(errno)))")
        }
    }

    /// Whether two paths name the same existing file (so an output never overwrites an input).
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}
