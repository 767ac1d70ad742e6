import DXCLI
#if canImport(Glibc)
import Glibc
#endif

/// The folder `batch --write` puts aligned takes in.
enum OutputFolder {
    /// Creates the folder if needed and checks it is writable before any work is done.
    static func prepare(_ path: String) throws {
        var st = stat()
        if stat(path, &st) != 0 {
            guard mkdir(path, 0o755) == 0 else {
                throw ToolError(.cannotCreate, "\(path): cannot create the output folder: \(String(cString: strerror(errno)))")
            }
            return
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw ToolError(.cannotCreate, "\(path): is not a folder; --write needs a folder for the aligned takes")
        }
        guard access(path, W_OK) == 0 else {
            throw ToolError(.cannotCreate, "\(path): the output folder is not writable: \(String(cString: strerror(errno)))")
        }
    }
}
