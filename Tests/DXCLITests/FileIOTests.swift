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
    /// fsync through FileIO's seam: records each descriptor (whether it is a folder, and
    /// whether the target existed then) and fails with EIO those `fails` picks.
    final class SyncRecorder: @unchecked Sendable {
        var synced: [(fd: Int32, isDirectory: Bool, targetExists: Bool)] = []
        let dir: URL
        var target: String { dir.appendingPathComponent("out.txt").path }

        init() throws { dir = try Repo.temporaryDirectory() }
        deinit { try? FileManager.default.removeItem(at: dir) }

        func calls(failing fails: @escaping (_ isDirectory: Bool) -> Bool) -> FileIO.SyncCalls {
            var calls = FileIO.SyncCalls()
            calls.fsync = { [self] fd in
                var st = stat()
                fstat(fd, &st)
                let isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
                synced.append((fd, isDirectory, access(target, F_OK) == 0))
                if fails(isDirectory) { errno = EIO; return -1 }
                return Glibc.fsync(fd)
            }
            return calls
        }

        func write(_ calls: FileIO.SyncCalls) throws { try FileIO.writeAtomically(Array("hello".utf8), to: target, calls: calls) }

        /// Whether a descriptor fsync was given is still open on a path containing `needle`.
        /// (Counting the open descriptors is racy while other suites run; a number closed
        /// and reused by another test names another file.)
        func leftOpen(on needle: String) -> Bool {
            synced.contains { s in
                let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(s.fd)")
                return target?.contains(needle) == true
            }
        }
    }

    @Test func failingFsyncClosesTheDescriptorAndLeavesNoFile() throws {
        let r = try SyncRecorder()
        let calls = r.calls { _ in true }
        for _ in 0..<5 {
            #expect(throws: ToolError.self) { try r.write(calls) }
        }
        #expect(r.synced.count == 5)
        #expect(!r.leftOpen(on: ".out.txt.dxkit-"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: r.dir.path).isEmpty)
    }

    @Test func theFolderIsSyncedAfterTheRename() throws {
        let r = try SyncRecorder()
        try r.write(r.calls { _ in false })
        #expect(r.synced.count == 2)
        #expect(r.synced.first.map { !$0.isDirectory && !$0.targetExists } == true)
        #expect(r.synced.last.map { $0.isDirectory && $0.targetExists } == true)
        #expect(try String(contentsOfFile: r.target, encoding: .utf8) == "hello")
    }

    @Test func failingFolderSyncIsAnIOError() throws {
        let r = try SyncRecorder()
        do {
            try r.write(r.calls { isDirectory in isDirectory })
            Issue.record("a failed folder sync was not reported")
        } catch let e as ToolError {
            #expect(e.status == .ioError)
            #expect(e.message.contains(r.target))
        }
        #expect(r.synced.count == 2)
        #expect(!r.leftOpen(on: r.dir.lastPathComponent))
    }
}
