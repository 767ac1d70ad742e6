import Foundation

/// Paths to the repository's Fixtures/ and built tools, found from this file's location
/// so tests run the same from any working directory.
public enum Repo {
    /// The repository root (the directory holding Package.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func fixture(_ relative: String) -> URL {
        root.appendingPathComponent("Fixtures").appendingPathComponent(relative)
    }

    public static func fixtureBytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixture(relative)))
    }

    /// Every file in a fixture folder, sorted by name.
    public static func fixtures(in folder: String) -> [URL] {
        let dir = fixture(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// A built tool: $DXKIT_BIN/<name>, else .build/debug/<name>.
    public static func tool(_ name: String) -> URL {
        if let bin = ProcessInfo.processInfo.environment["DXKIT_BIN"] {
            return URL(fileURLWithPath: bin).appendingPathComponent(name)
        }
        return root.appendingPathComponent(".build/debug").appendingPathComponent(name)
    }

    /// A fresh temporary directory, removed by the caller's `defer`.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dxkit-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The result of running a tool.
public struct ToolRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

extension Repo {
    /// Runs a built tool with arguments and optional standard input; waits for it.
    public static func run(_ tool: String, _ arguments: [String], stdin: Data? = nil) throws -> ToolRun {
        try run(executable: self.tool(tool), arguments, stdin: stdin)
    }

    /// Runs a script of the repository (scripts/NAME) with python3 from PATH.
    public static func runPython(script: String, _ arguments: [String]) throws -> ToolRun {
        try run(executable: URL(fileURLWithPath: "/usr/bin/env"),
                ["python3", root.appendingPathComponent("scripts").appendingPathComponent(script).path] + arguments)
    }

    /// Runs any program with arguments and optional standard input; waits for it.
    public static func run(executable: URL, _ arguments: [String], stdin: Data? = nil) throws -> ToolRun {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return ToolRun(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension Repo {
    /// The saved fuzz inputs of one target (Fixtures/fuzz-regressions/TARGET/), by name;
    /// each reader test replays them through the fuzz target's calls.
    public static func fuzzRegressions(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        try fixtures(in: "fuzz-regressions/" + target).map { ($0.lastPathComponent, [UInt8](try Data(contentsOf: $0))) }
    }
}
