/// Errors raised by DXSignal. Each names the parameter or library call at fault.
public enum SignalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A size, rate or other parameter is outside what the operation supports.
    case invalidParameter(String)
    /// FFTW could not create a plan (it returns NULL for unsupported sizes or out of memory).
    case planFailed(size: Int, kind: String)
    /// libsoxr reported an error (its message is kept verbatim).
    case resampler(String)
    /// A library opened at its first use (libsoxr, see CSoxr) cannot be loaded: not
    /// installed, or not a usable version. The message names it.
    case unavailable(String)

    public var description: String {
        switch self {
        case .invalidParameter(let what): return "invalid parameter: \(what)"
        case .planFailed(let size, let kind): return "FFTW could not plan a \(kind) transform of size \(size)"
        case .resampler(let message): return "libsoxr: \(message)"
        case .unavailable(let message): return message
        }
    }
}
