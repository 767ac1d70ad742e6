import Foundation
import TestSupport


enum TestSignals {
    /// Uniform white noise in [−1, 1).
    static func noise(_ count: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(state: seed)
        return (0..<count).map { _ in Float.random(in: -1..<1, using: &rng) }
    }

    /// A sine of `frequency` Hz at `rate`, phase in radians, computed in Double.
    static func sine(_ count: Int, frequency: Double, rate: Double, phase: Double = 0, amplitude: Double = 0.5) -> [Float] {
        (0..<count).map { Float(amplitude * sin(2 * Double.pi * frequency * Double($0) / rate + phase)) }
    }

    /// The half spectrum by the O(n²) definition, in Double: the reference for the FFT.
    static func naiveDFT(_ x: [Float]) -> [(re: Double, im: Double)] {
        let n = x.count
        return (0...(n / 2)).map { k in
            var re = 0.0, im = 0.0
            for (i, v) in x.enumerated() {
                // Reduce k·i mod n in integers so the angle stays exact for large products.
                let angle = -2 * Double.pi * Double((k * i) % n) / Double(n)
                re += Double(v) * cos(angle)
                im += Double(v) * sin(angle)
            }
            return (re, im)
        }
    }
}
