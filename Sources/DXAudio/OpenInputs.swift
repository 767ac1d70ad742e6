import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files this process has open for reading, by device and inode, so a writer can
/// refuse to replace a file that is being read, whatever path spells it. Tools still
/// check their own inputs; this catches the case they miss.
enum OpenInputs {
    struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static let open = Mutex([FileID: (count: Int, path: String)]())

    static func id(of path: String) -> FileID? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    static func register(_ id: FileID, path: String) {
        open.withLock { table in
            let count = table[id]?.count ?? 0
            table[id] = (count + 1, table[id]?.path ?? path)
        }
    }

    static func unregister(_ id: FileID) {
        open.withLock { table in
            guard let entry = table[id] else { return }
            if entry.count <= 1 { table[id] = nil } else { table[id] = (entry.count - 1, entry.path) }
        }
    }

    /// The path under which `path`'s file is open for reading, if it is.
    static func readerPath(for path: String) -> String? {
        guard let id = id(of: path) else { return nil }
        return open.withLock { $0[id]?.path }
    }
}
