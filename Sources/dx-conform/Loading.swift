import DXAudio
import DXAudioCLI
import DXCLI
import DXConformLists
import DXEditModel
import DXMediaIndex
import DXTimecode

extension ReadOptions {
    func listOptions() throws -> ConformListReader.Options {
        var o = ConformListReader.Options(recoverXML: recover)
        if let fps {
            do { o.edlRate = try FrameRate(parsing: fps) } catch {
                throw ToolError(.usage, "--fps: \(error)")
            }
        }
        return o
    }

    /// Reads one list file into its timelines, printing its warnings.
    func load(_ path: String) throws -> [Timeline] {
        let bytes = try FileIO.read(path)
        let timelines = try ConformListReader().read(bytes, fileName: path, options: listOptions())
        for t in timelines { Console.report(t.source.diagnostics, quiet: quiet) }
        return timelines
    }
}

/// Runs a command body, mapping every error to a message on stderr and a sysexits status.
func runReporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        let t = (error as? AudioError).map(ToolError.init) ?? (error as? MediaIndexError).map(ToolError.init)
            ?? ErrorMapping.toolError(error)
        Console.flush()
        Console.err("dx-conform: \(t.message)\n")
        throw t.status.code
    }
}
