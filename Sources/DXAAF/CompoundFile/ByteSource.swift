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
    /// Size in bytes.
    public let count: Int

    /// Holds `bytes` in memory.
    public init(bytes: [UInt8]) {
        storage = bytes
        base = nil
        mappedLength = 0
        count = bytes.count
    }

    /// Maps the file at `path` read-only. Throws `.io` when it cannot be opened or mapped.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AAFError(.io, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw AAFError(.io, "cannot stat: \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw AAFError(.io, "not a regular file") }
        let size = Int(st.st_size)
        count = size
        storage = nil
        mappedLength = size
        if size == 0 {
            base = nil
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw AAFError(.io, "cannot map: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(p)
    }

    deinit {
        if let base, mappedLength > 0 { munmap(UnsafeMutableRawPointer(mutating: base), mappedLength) }
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
}
