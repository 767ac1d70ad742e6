import TestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A room for generated test material: the direct sound plus a tail of sparse random
/// reflections (velvet noise) that starts after `predelay` s and decays exponentially, scaled
/// to a direct-to-reverberant ratio. Deterministic for a seed.
struct SyntheticRoom {
    var rt60: Double
    var directToReverberantDB: Double
    var predelay = 0.003
    /// Mean spacing of the reflections, seconds.
    var spacing = 0.002
    var seed: UInt64 = 1

    /// `signal` heard in the room (the same length; the tail past the end is cut).
    func apply(_ signal: [Float], rate: Int) -> [Float] {
        var rng = SplitMix64(state: seed)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        var taps: [(lag: Int, gain: Double)] = []
        var t = predelay
        while t < rt60 {
            let sign: Double = uniform() < 0.5 ? -1 : 1
            taps.append((Int(t * Double(rate)), sign * pow(10, -3 * t / rt60)))
            t += spacing * (0.5 + uniform())
        }
        let energy = taps.reduce(0) { $0 + $1.gain * $1.gain }
        let scale = pow(10, -directToReverberantDB / 20) / energy.squareRoot()
        var out = signal
        for (lag, gain) in taps {
            let g = Float(gain * scale)
            for n in lag..<signal.count { out[n] += g * signal[n - lag] }
        }
        return out
    }
}
