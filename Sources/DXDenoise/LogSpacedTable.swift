import Glibc

/// A function of one positive argument tabulated on a logarithmic grid, looked up through the
/// float's own exponent and top mantissa bits (no `log` call), linearly interpolated.
///
/// The spectral gain rules evaluate an exponential integral and a few exponentials per bin
/// per frame (about 100 000 times per second of audio per channel); a table keeps that well
/// under the FFT's cost while staying within 1e-3 relative error of the exact function.
final class LogSpacedTable {
    /// Mantissa bits used as the index inside an octave: 2^6 = 64 steps per octave.
    private static let mantissaBits: UInt32 = 6
    private static let shift: UInt32 = 23 - mantissaBits
    /// Raw storage, so a lookup is a load, not an array access through a closure.
    private let values: UnsafeMutablePointer<Float>
    private let count: Int
    private let firstIndex: Int
    private let low: Float
    private let high: Float

    /// Tabulates `f` on `[low, high]` (both positive; arguments outside are clamped).
    init(low: Float, high: Float, _ f: (Double) -> Double) {
        self.low = low
        self.high = high
        let first = Int(low.bitPattern >> Self.shift)
        let last = Int(high.bitPattern >> Self.shift) + 1
        firstIndex = first
        let table = (first...last).map { k in
            let x = Float(bitPattern: UInt32(k) << Self.shift)
            return Float(f(Double(x)))
        }
        count = table.count
        values = .allocate(capacity: table.count)
        values.initialize(from: table, count: table.count)
    }

    deinit { values.deallocate() }

    @inline(__always)
    func callAsFunction(_ x: Float) -> Float {
        let v = min(max(x, low), high)
        let bits = v.bitPattern
        let k = Int(bits >> Self.shift) - firstIndex
        let frac = Float(bits & ((1 << Self.shift) - 1)) * (1 / Float(1 << Self.shift))
        // Inside one octave step the grid is linear in x, so interpolate on the mantissa.
        let a = values[k], b = values[k + 1]
        return a + (b - a) * frac
    }
}

/// The exponential integral E1(x) = ∫ₓ^∞ e^(−t)/t dt for x > 0 (series below 1, continued
/// fraction above), in Double: used only to fill tables.
func exponentialIntegralE1(_ x: Double) -> Double {
    precondition(x > 0)
    if x < 1 {
        let euler = 0.577_215_664_901_532_9
        var sum = 0.0, term = 1.0, k = 1.0
        repeat {
            term *= -x / k
            sum += term / k
            k += 1
        } while abs(term) > 1e-17 * abs(sum) && k < 200
        return -euler - log(x) - sum
    }
    // Lentz's continued fraction for e^x·E1(x).
    var b = x + 1, c = 1.0 / 1e-300, d = 1.0 / b, h = d
    var i = 1.0
    while i < 500 {
        let an = -i * i
        b += 2
        d = 1 / (an * d + b)
        c = b + an / c
        let del = c * d
        h *= del
        if abs(del - 1) < 1e-16 { break }
        i += 1
    }
    return h * exp(-x)
}
