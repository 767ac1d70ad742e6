import CFFTW
import Glibc

/// The per-user FFTW wisdom file: measured plans remembered between runs.
///
/// Location: `$XDG_CACHE_HOME/dxkit/fftw-wisdom`, else `~/.cache/dxkit/fftw-wisdom`. A missing
/// or unreadable file is ignored (FFTW simply measures again); a corrupt one is rejected by
/// FFTW's own parser. The file is always written to a temporary file beside it and renamed,
/// so concurrent dxkit processes never see half a file.
public enum FFTWisdom {
    /// The wisdom path for an environment (`XDG_CACHE_HOME`, `HOME`); `nil` when neither is set.
    public static func defaultPath(environment: [String: String]? = nil) -> String? {
        func value(_ name: String) -> String? {
            if let environment { return environment[name] }
            guard let raw = getenv(name) else { return nil }
            return String(cString: raw)
        }
        if let xdg = value("XDG_CACHE_HOME"), xdg.hasPrefix("/") {
            return xdg + "/dxkit/fftw-wisdom"
        }
        if let home = value("HOME"), !home.isEmpty {
            return home + "/.cache/dxkit/fftw-wisdom"
        }
        return nil
    }

    /// The per-user file of remembered `.estimate` plans (see `FFTPlanner.estimateWisdomPath`):
    /// `fftw-wisdom-estimate` beside the measured wisdom file.
    public static func defaultEstimatePath(environment: [String: String]? = nil) -> String? {
        defaultPath(environment: environment).map { $0 + "-estimate" }
    }

    /// Merges the wisdom in `path` into FFTW's process-global wisdom. Returns false when the file
    /// is missing or FFTW rejects it.
    static func importFile(_ path: String) -> Bool {
        fftwf_import_wisdom_from_filename(path) != 0
    }

    /// Writes FFTW's wisdom to `path` through a temporary file and `rename(2)`, creating the
    /// directory if needed. Returns false (and leaves any old file intact) on failure.
    static func exportFile(_ path: String) -> Bool {
        guard let slash = path.lastIndex(of: "/") else { return false }
        let directory = String(path[..<slash])
        if !directory.isEmpty && !makeDirectories(directory) { return false }
        let temporary = "\(path).tmp.\(getpid())"
        guard fftwf_export_wisdom_to_filename(temporary) != 0 else {
            unlink(temporary)
            return false
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// `mkdir -p` (mode 0700: the cache is the user's own).
    private static func makeDirectories(_ path: String) -> Bool {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST { return false }
        }
        return true
    }
}
