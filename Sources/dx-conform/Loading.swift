import DXAudio
import DXAudioCLI
import DXCLI
import DXAAF
import DXConformLists
import DXEditModel
import DXMediaIndex
import DXTimecode

extension ReadOptions {
    func listOptions() throws -> ConformListReader.Options {
        var o = ConformListReader.Options(recoverXML: recover, aafComposition: composition,
                                          foldProToolsFades: foldProToolsFades)
        if let fps {
            do { o.edlRate = try FrameRate(parsing: fps) } catch {
                throw ToolError(.usage, "--fps: \(error)")
            }
        }
        return o
    }

    /// Reads one list file into its timelines, printing its warnings.
    func load(_ path: String) throws -> [Timeline] {
        let timelines: [Timeline]
        if path != "-", FileIO.startsWith(path, AAFListReader.signature) {
            timelines = try ConformListReader().readAAF(path: path, options: listOptions())
        } else {
            timelines = try ConformListReader().read(try FileIO.read(path), fileName: path, options: listOptions())
        }
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
