import ArgumentParser
import DXCLI
import DXMediaIndex
#if canImport(Glibc)
import Glibc
#endif

/// Options naming the media index.
struct IndexOption: ParsableArguments {
    @Option(name: [.customLong("index"), .customLong("db")], help: "The media index (SQLite) built by dx-conform index.")
    var index: String

    /// Opens an existing index (never creates one where a user mistyped a name).
    func open() throws -> MediaIndex {
        var st = stat()
        guard stat(index, &st) == 0 else {
            throw ToolError(.noInput, "\(index): no media index there; build one with: dx-conform index DIR --db \(index)")
        }
        return try MediaIndex(path: index, readOnly: true)
    }
}
