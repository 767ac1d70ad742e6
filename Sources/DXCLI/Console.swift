#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DXEditModel

/// stdout for results, stderr for diagnostics and progress.
public enum Console {
    /// Writes to stdout without buffering surprises between stdout and stderr.
    public static func out(_ s: String) { write(s, to: STDOUT_FILENO) }

    public static func err(_ s: String) { write(s, to: STDERR_FILENO) }

    /// Writes all bytes to a file descriptor (unbuffered, so stdout and stderr interleave in order).
    public static func write(_ s: String, to fd: Int32) {
        var s = s
        s.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: fd) }
    }

    public static func writeAll(_ buf: UnsafeRawBufferPointer, to fd: Int32) {
        var offset = 0
        while offset < buf.count {
            #if canImport(Glibc)
            let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
            #else
            let n = Darwin.write(fd, buf.baseAddress! + offset, buf.count - offset)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
    }

    /// Prints diagnostics as `file:line: severity: message` (and the flag that would help,
    /// where the reader names a remedy), one per line.
    public static func report(_ diagnostics: [Diagnostic], quiet: Bool = false) {
        for d in diagnostics where !(quiet && d.severity == .warning) {
            err(d.descriptionWithAdvice + "\n")
        }
    }

    /// True when stderr is an interactive terminal (progress bars only then).
    public static var stderrIsTerminal: Bool {
        guard isatty(STDERR_FILENO) != 0 else { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return true
    }

    /// Output is unbuffered; kept so callers can mark where ordering matters.
    public static func flush() {}
}
