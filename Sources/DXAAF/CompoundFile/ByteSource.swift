#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a compound file: a read-only memory map of the file (pages are read by
/// the kernel only when touched, so structure reads cost nothing for large embedded
/// essence) or an array held in memory (tests, fuzzing).
///
/// Every read is bounds-checked against `count`; callers ask for `(offset, length)`
/// pairs computed from untrusted header fields, so nothing here trusts them.
public final class ByteSource: @unchecked Sendable {
    // @unchecked: the mapping is read-only and never changes after init.
    private let base: UnsafeRawPointer?
    private let storage: [UInt8]?
    private let mappedLength: Int
    /// The open file (mapped files only), for reading essence with pread: pages copied out
    /// of the map would stay resident and count against the process.
    private let fd: Int32
    /// Size in bytes.
    public let count: Int

    /// Holds `bytes` in memory.
    public init(bytes: [UInt8]) {
        storage = bytes
        base = nil
        mappedLength = 0
        fd = -1
        count = bytes.count
    }

    /// Maps the file at `path` read-only. Throws `.io` when it cannot be opened or mapped.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AAFError(.io, "cannot open: \(String(cString: strerror(errno)))") }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            let message = (st.st_mode & S_IFMT) == S_IFREG ? "cannot stat: \(String(cString: strerror(errno)))" : "not a regular file"
            close(fd)
            throw AAFError(.io, message)
        }
        self.fd = fd
        let size = Int(st.st_size)
        count = size
        storage = nil
        mappedLength = size
        if size == 0 {
            base = nil
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            close(fd)
            throw AAFError(.io, "cannot map: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(p)
    }

    deinit {
        if let base, mappedLength > 0 { munmap(UnsafeMutableRawPointer(mutating: base), mappedLength) }
        if fd >= 0 { close(fd) }
    }

    /// True when `length` bytes at `offset` lie inside the file.
    @inline(__always)
    public func contains(offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    /// Calls `body` with the bytes `offset ..< offset + length`, which must lie inside the file.
    @inline(__always)
    public func withBytes<R>(offset: Int, length: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        precondition(contains(offset: offset, length: length))
        if let storage {
            return try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + length)])) }
        }
        guard let base else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base + offset, count: length))
    }

    /// Little-endian UInt32 at `offset` (must be inside the file).
    @inline(__always)
    public func u32(_ offset: Int) -> UInt32 {
        withBytes(offset: offset, length: 4) { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
    }

    /// Copies `length` bytes at `offset` into `into` starting at `at` (must be inside the file).
    @inline(__always)
    public func copy(offset: Int, length: Int, into buffer: UnsafeMutableRawPointer) {
        withBytes(offset: offset, length: length) { src in
            if let s = src.baseAddress, length > 0 { buffer.copyMemory(from: s, byteCount: length) }
        }
    }

    /// Reads `length` bytes at `offset` (inside the file) into `buffer` with pread when the
    /// file is open, so that bulk reads (essence) do not leave the file's pages mapped into
    /// the process; from memory otherwise.
    public func read(offset: Int, length: Int, into buffer: UnsafeMutableRawPointer) throws {
        precondition(contains(offset: offset, length: length))
        guard fd >= 0 else { return copy(offset: offset, length: length, into: buffer) }
        var done = 0
        while done < length {
            let n = pread(fd, buffer + done, length - done, off_t(offset + done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw AAFError(.io, "read failed at byte \(offset + done): \(n < 0 ? String(cString: strerror(errno)) : "end of file")",
                               offset: UInt64(offset + done))
            }
            done += n
        }
    }
}
