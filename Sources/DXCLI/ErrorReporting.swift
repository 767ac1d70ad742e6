import ArgumentParser

/// The one place an error becomes a message on stderr and an exit status, for every tool.
public enum ErrorReporting {
    /// The error as the tool reports it: a `ReportableError` as it says, anything else a
    /// bug in dxkit (70).
    public static func toolError(_ error: Error) -> ToolError {
        if let e = error as? ToolError { return e }
        if let e = error as? ReportableError { return ToolError(e.exitStatus, e.reportMessage) }
        return ToolError(.software, "internal error: \(error)")
    }

    /// Prints `tool: message` on stderr and returns the error's status, for a tool that
    /// goes on after an error (a batch reports each failed file, then exits with the worst).
    @discardableResult
    public static func report(_ error: Error, tool: String) -> ExitStatus {
        let t = toolError(error)
        Console.err("\(tool): \(t.message)\n")
        return t.status
    }

    /// Runs a command body; an error is reported and the command exits with its status.
    /// ArgumentParser's `ExitCode` (a status already decided, e.g. 1 for "cuts differ")
    /// passes through unreported.
    public static func run(tool: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as ExitCode {
            throw e
        } catch {
            throw report(error, tool: tool).code
        }
    }
}
