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
    ///
    /// The data is fsynced before the rename and the directory after it, so once this
    /// returns the new file survives a power cut under its real name (without the second
    /// fsync the rename itself may be lost). The temporary file's descriptor is closed on
    /// every path, and the temporary file removed on every failure.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        try writeAtomically(bytes, to: path, calls: SyncCalls())
    }

    /// The calls a test makes fail on purpose (a full disk or a dying drive is not
    /// something a test can arrange).
    struct SyncCalls {
        var fsync: (Int32) -> Int32 = { Glibc.fsync($0) }
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String, calls: SyncCalls) throws {
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
        do {
            // Closed exactly once, whichever way this block leaves.
            var isOpen = true
            defer { if isOpen { close(fd) } }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ToolError(.ioError, "\(path): write failed: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
            fchmod(fd, 0o644)
            if calls.fsync(fd) != 0, errno != EINVAL {
                throw ToolError(.ioError, "\(path): write failed: \(String(cString: strerror(errno)))")
            }
            isOpen = false
            if close(fd) != 0 {
                throw ToolError(.ioError, "\(path): write failed: \(String(cString: strerror(errno)))")
            }
        }
        guard rename(tmp, path) == 0 else {
            throw ToolError(.cannotCreate, "\(path): cannot replace: \(String(cString: strerror(errno)))")
        }
        ok = true
        try syncDirectory(dir.isEmpty ? "/" : dir, of: path, calls: calls)
    }

    /// fsyncs a directory so a rename in it is durable. A file system that cannot sync
    /// a directory (EINVAL) is not an error.
    static func syncDirectory(_ dir: String, of path: String, calls: SyncCalls) throws {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else {
            throw ToolError(.ioError, "\(path): written, but its folder cannot be opened to sync: \(String(cString: strerror(errno)))")
        }
        defer { close(dfd) }
        if calls.fsync(dfd) != 0, errno != EINVAL {
            throw ToolError(.ioError, "\(path): written, but its folder could not be synced: \(String(cString: strerror(errno)))")
        }
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
