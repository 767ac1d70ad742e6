import Foundation
import Testing
@testable import DXCLI
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// FileIO.writeAtomically on its failure paths: a failing fsync must not leak the
/// temporary file's descriptor, and a successful write syncs the folder after the rename.
@Suite(.serialized) struct FileIOTests {
    /// Whether descriptor `fd` is still open on a path containing `needle`. (Counting the
    /// open descriptors is racy while other suites run; a number closed and reused by
    /// another test names another file.)
    static func isOpen(_ fd: Int32, on needle: String) -> Bool {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)") else { return false }
        return target.contains(needle)
    }

    @Test func failingFsyncClosesTheDescriptorAndLeavesNoFile() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out.txt").path
        nonisolated(unsafe) var synced: [Int32] = []
        var calls = FileIO.SyncCalls()
        calls.fsync = { fd in synced.append(fd); errno = EIO; return -1 }
        for _ in 0..<5 {
            #expect(throws: ToolError.self) { try FileIO.writeAtomically(Array("hello".utf8), to: target, calls: calls) }
        }
        #expect(synced.count == 5)
        #expect(!synced.contains { Self.isOpen($0, on: ".out.txt.dxkit-") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func theFolderIsSyncedAfterTheRename() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out.txt").path
        // Each fsync'd descriptor: whether it was a directory, and whether the target existed then.
        nonisolated(unsafe) var synced: [(isDirectory: Bool, targetExists: Bool)] = []
        var calls = FileIO.SyncCalls()
        calls.fsync = { fd in
            var st = stat()
            fstat(fd, &st)
            synced.append(((st.st_mode & S_IFMT) == S_IFDIR, access(target, F_OK) == 0))
            return Glibc.fsync(fd)
        }
        try FileIO.writeAtomically(Array("hello".utf8), to: target, calls: calls)
        #expect(synced.count == 2)
        #expect(synced.first.map { !$0.isDirectory && !$0.targetExists } == true)
        #expect(synced.last.map { $0.isDirectory && $0.targetExists } == true)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "hello")
    }

    @Test func failingFolderSyncIsAnIOError() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out.txt").path
        nonisolated(unsafe) var synced: [Int32] = []
        var calls = FileIO.SyncCalls()
        calls.fsync = { fd in
            synced.append(fd)
            var st = stat()
            fstat(fd, &st)
            if (st.st_mode & S_IFMT) == S_IFDIR { errno = EIO; return -1 }
            return Glibc.fsync(fd)
        }
        do {
            try FileIO.writeAtomically(Array("hello".utf8), to: target, calls: calls)
            Issue.record("a failed folder sync was not reported")
        } catch let e as ToolError {
            #expect(e.status == .ioError)
            #expect(e.message.contains(target))
        }
        #expect(synced.count == 2)
        #expect(!synced.contains { Self.isOpen($0, on: dir.lastPathComponent) })
    }
}
