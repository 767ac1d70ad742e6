#if canImport(Glibc)
import Glibc
#endif

/// Phase timings on standard error when DXCUES_PROFILE is set: wall clock and this
/// thread's CPU time, so a slow phase shows even on a loaded machine.
public struct Profile {
    public static let enabled = getenv("DXCUES_PROFILE") != nil
    let label: String
    var wall: Double
    var cpu: Double

    public init(_ label: String) {
        self.label = label
        wall = Profile.clock(CLOCK_MONOTONIC)
        cpu = Profile.clock(CLOCK_THREAD_CPUTIME_ID)
    }

    /// One line to standard error (a single write, so parallel reports do not interleave).
    public static func print(_ line: String) {
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    public static func clock(_ id: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(id, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Prints the time since the last mark (or the start) under `phase`.
    public mutating func mark(_ phase: String) {
        guard Profile.enabled else { return }
        let w = Profile.clock(CLOCK_MONOTONIC), c = Profile.clock(CLOCK_THREAD_CPUTIME_ID)
        func ms(_ v: Double) -> String { String(Int((v * 1000).rounded())) }
        let line = "[profile] \(label) \(phase): \(ms(w - wall)) ms wall, \(ms(c - cpu)) ms cpu\n"
        Profile.print(line)
        wall = w
        cpu = c
    }
}
