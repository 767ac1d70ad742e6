import DXAudio
import DXConformMedia
#if canImport(Glibc)
import Glibc
#endif

/// What one scan did.
public struct ScanReport: Sendable {
    public var added: [String] = []
    public var updated: [String] = []
    public var unchanged = 0
    /// Files found under a new path by their fingerprint: (old path, new path).
    public var moved: [(from: String, to: String)] = []
    /// Indexed files under the scanned folders that are gone.
    public var missing: [String] = []
    /// Files that look like audio but could not be read, with why.
    public var failed: [(path: String, reason: String)] = []
    /// Files without a bext TimeReference (they cannot be matched by timecode).
    public var withoutTimeReference: [String] = []
}

extension MediaIndex {
    /// Audio file extensions scanned.
    public static let extensions: Set<String> = ["wav", "bwf", "rf64", "w64"]

    /// Scans folders (recursively) into the index. A file whose size and modification
    /// time are unchanged is not opened again; a new path whose fingerprint belongs to
    /// an indexed file that is gone is that file, moved.
    public func scan(_ roots: [String], progress: ((Int, Int) -> Void)? = nil) throws -> ScanReport {
        var report = ScanReport()
        var files: [String] = []
        for root in roots {
            let r = Self.absolute(root)
            var st = stat()
            guard stat(r, &st) == 0 else { throw MediaIndexError("\(root): cannot scan: \(String(cString: strerror(errno)))") }
            if (st.st_mode & S_IFMT) == S_IFDIR { Self.walk(r, into: &files) } else { files.append(r) }
        }
        files.sort()
        let present = Set(files)
        let known = try records(includeMissing: true)
        var byPath: [String: MediaRecord] = [:]
        for r in known { byPath[r.path] = r }
        // Indexed files that are gone from disk: candidates for a move.
        var gone: [String: MediaRecord] = [:]
        for r in known where !present.contains(r.path) && access(r.path, F_OK) != 0 { gone[r.path] = r }
        for (i, path) in files.enumerated() {
            progress?(i, files.count)
            if let old = byPath[path], let st = try? MediaProbe.fileStat(path), st.size == old.size, st.modified == old.modified {
                report.unchanged += 1
                if old.timeReference == nil { report.withoutTimeReference.append(path) }
                try markPresent(path)
                continue
            }
            let rec: MediaRecord
            do { rec = try MediaProbe.record(path: path) } catch {
                report.failed.append((path, error.message))
                continue
            }
            if rec.timeReference == nil { report.withoutTimeReference.append(path) }
            if byPath[path] != nil {
                try store(rec)
                report.updated.append(path)
            } else if let was = gone.values.first(where: { $0.fingerprint == rec.fingerprint }), let id = was.id {
                try store(rec, replacing: id)
                gone[was.path] = nil
                report.moved.append((was.path, path))
            } else {
                try store(rec)
                report.added.append(path)
            }
        }
        let stillMissing = gone.keys.sorted()
        try markMissing(stillMissing)
        report.missing = stillMissing
        return report
    }

    static func walk(_ dir: String, into files: inout [String]) {
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                walk(path, into: &files)
            } else if (st.st_mode & S_IFMT) == S_IFREG, let dot = name.lastIndex(of: "."),
                      extensions.contains(name[name.index(after: dot)...].lowercased()) {
                files.append(path)
            }
        }
    }

    /// An absolute, `.`-free path (the index keys files by absolute path).
    public static func absolute(_ p: String) -> String { absolutePath(p) }
}
