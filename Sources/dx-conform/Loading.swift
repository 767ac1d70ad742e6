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
        o.edlRate = fps
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

/// Runs a command body, reporting an error as "dx-conform: message" with its status.
func runReporting(_ body: () throws -> Void) throws { try ErrorReporting.run(tool: "dx-conform", body) }
