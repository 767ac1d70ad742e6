import Foundation

/// Where the DeepFilterNet3 weights directory (`weights.json` + `weights.bin`) is found, in order:
/// 1. `$DXKIT_DFN3_WEIGHTS` (a directory), for tests and unusual installs;
/// 2. `<prefix>/share/dxkit/dfn3` beside an installed tool (`<prefix>/bin/tool`), where
///    `make install` is to put `Resources/dfn3`;
/// 3. the source tree's `Resources/dfn3`, found by walking up from the executable (a tool or
///    test bundle run from `.build/<config>/` inside the package).
/// The weights are not a SwiftPM resource: a bundle would need Foundation's Bundle lookup at
/// run time and would copy 8.5 MB into every build configuration.
public enum DFN3WeightsLocator {
    public static let environmentVariable = "DXKIT_DFN3_WEIGHTS"

    /// The first candidate directory holding weights.json, or an error listing those tried.
    public static func directory(executable: URL? = nil) throws -> URL {
        let candidates = self.candidates(executable: executable)
        let fm = FileManager.default
        for c in candidates where fm.fileExists(atPath: c.appendingPathComponent("weights.json").path) {
            return c
        }
        throw NeuralError.weightsNotFound("looked in " + candidates.map(\.path).joined(separator: ", "))
    }

    static func candidates(executable: URL?) -> [URL] {
        var out: [URL] = []
        if let env = ProcessInfo.processInfo.environment[environmentVariable], !env.isEmpty {
            out.append(URL(fileURLWithPath: env))
        }
        let exe = (executable ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ".")).resolvingSymlinksInPath()
        let bin = exe.deletingLastPathComponent()
        out.append(bin.deletingLastPathComponent().appendingPathComponent("share/dxkit/dfn3"))
        var dir = bin
        for _ in 0..<8 {
            out.append(dir.appendingPathComponent("Resources/dfn3"))
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return out
    }
}
