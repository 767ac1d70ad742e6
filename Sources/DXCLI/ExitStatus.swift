import ArgumentParser

/// Exit statuses shared by every dxkit tool, from sysexits(3), so scripts can tell a
/// bad list from a missing file from a full disk.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    /// Ran, but something the user asked for did not hold (e.g. some events unmatched).
    case failure = 1
    /// EX_USAGE: bad command line.
    case usage = 64
    /// EX_DATAERR: input is not what it claims to be (malformed list, bad timecode).
    case dataError = 65
    /// EX_NOINPUT: an input file does not exist or cannot be opened.
    case noInput = 66
    /// EX_UNAVAILABLE: a library the job needs cannot be loaded (libxml2 not installed).
    case unavailable = 69
    /// EX_SOFTWARE: a bug in dxkit.
    case software = 70
    /// EX_CANTCREAT: an output file cannot be created.
    case cannotCreate = 73
    /// EX_IOERR: reading or writing failed part-way.
    case ioError = 74
    /// EX_TEMPFAIL: a shared resource is busy (e.g. another process writing the
    /// database); the same command may succeed when tried again.
    case temporaryFailure = 75

    public var code: ExitCode { ExitCode(rawValue) }
}

/// An error that carries its exit status and a message already naming the file.
public struct ToolError: Error, CustomStringConvertible {
    public var status: ExitStatus
    public var message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}
