import DXSignal
import Glibc

/// What the hum search found: the mains fundamental and how far its first harmonics stand out
/// of the spectrum around them.
public struct HumDetection: Sendable, Equatable {
    /// The fundamental, Hz (45–65 Hz search).
    public var fundamental: Double
    /// Prominence of harmonics 1…8 over the median spectrum within ±6 Hz, dB.
    public var prominenceDB: [Double]
    /// Hum is treated as present when at least two of the first four harmonics stand out by
    /// `HumDetector.minimumProminenceDB`.
    public var isPresent: Bool
}

/// Finds mains hum (a 45–65 Hz fundamental with harmonics) in a stretch of audio, to a few
/// thousandths of a hertz, with one long FFT.
public enum HumDetector {
    public static let minimumProminenceDB = 12.0
    public static let searchRange = 45.0...65.0

    /// - Parameters:
    ///   - samples: mono audio (a channel mix), ideally 5–10 s; at least 1 s is needed.
    ///   - sampleRate: Hz.
    ///   - rigor: FFT planning (`.estimate` default; a tool with cached wisdom passes `.measure`).
    public static func detect(_ samples: [Float], sampleRate: Double,
                              rigor: FFTPlanningRigor = .estimate) -> HumDetection? {
        guard Double(samples.count) >= sampleRate, sampleRate >= 2000 else { return nil }
        // Only the first eight harmonics (≤ 520 Hz) matter: search at a rate of ~1.6 kHz, so
        // the long transform is 32 k points instead of a million.
        let factor = max(1, Int(sampleRate / 1600))
        let x = decimate(samples, by: factor)
        let rate = sampleRate / Double(factor)
        let n = x.count
        let size = FFTSize.powerOfTwo(atLeast: max(n, Int(20 * rate)))
        let fft = RealFFT(size: size, rigor: rigor)
        let w = Window.make(.hann, count: n, periodic: false)
        for i in 0..<n { fft.samples[i] = x[i] * w[i] }
        for i in n..<size { fft.samples[i] = 0 }
        fft.forward()
        var magnitude = [Float](repeating: 0, count: fft.binCount)
        for k in 0..<fft.binCount { magnitude[k] = fft.spectrum[k].magnitude }
        let binHz = rate / Double(size)
        func mag(_ f: Double) -> Float {
            let k = Int((f / binHz).rounded())
            return k < magnitude.count ? magnitude[k] : 0
        }
        // Harmonic log-sum over a 0.005 Hz grid.
        var best = searchRange.lowerBound, bestScore = -Double.infinity
        var f = searchRange.lowerBound
        while f <= searchRange.upperBound {
            var score = 0.0
            for h in 1...6 { score += log(Double(mag(Double(h) * f)) + 1e-12) }
            if score > bestScore { bestScore = score; best = f }
            f += 0.005
        }
        var prominence: [Double] = []
        for h in 1...8 {
            let center = Int((Double(h) * best / binHz).rounded())
            let wide = Int(6 / binHz), guardBins = Int(0.6 / binHz)
            guard center + wide < magnitude.count, center - wide >= 0 else { break }
            var neighbours: [Float] = []
            neighbours.append(contentsOf: magnitude[(center - wide)..<(center - guardBins)])
            neighbours.append(contentsOf: magnitude[(center + guardBins + 1)...(center + wide)])
            neighbours.sort()
            let median = neighbours[neighbours.count / 2]
            let peak = magnitude[(center - guardBins / 2)...(center + guardBins / 2)].max() ?? 0
            prominence.append(20 * log10(Double(peak) / (Double(median) + 1e-20) + 1e-20))
        }
        let strong = prominence.prefix(4).filter { $0 > minimumProminenceDB }.count
        return HumDetection(fundamental: best, prominenceDB: prominence, isPresent: strong >= 2)
    }

    /// Every `factor`-th sample after a third-order moving-sum (CIC) low-pass of length
    /// `factor`: its nulls at multiples of the new rate keep what folds onto the hum band
    /// 40 dB down, and the slight droop below 520 Hz does not change a line's prominence
    /// over its ±6 Hz neighbourhood. Integrators run on wrapping 64-bit integers (24-bit
    /// fixed point), which makes the cascade exact whatever the length.
    static func decimate(_ samples: [Float], by factor: Int) -> [Float] {
        guard factor > 1 else { return samples }
        let one: Float = 8_388_608
        var i1: Int64 = 0, i2: Int64 = 0, i3: Int64 = 0
        var c1: Int64 = 0, c2: Int64 = 0, c3: Int64 = 0
        let scale = 1 / (Double(factor * factor * factor) * Double(one))
        var out: [Float] = []
        out.reserveCapacity(samples.count / factor + 1)
        samples.withUnsafeBufferPointer { x in
            var phase = 0
            for i in 0..<x.count {
                let v = min(max(x[i], -4), 4) * one
                i1 = i1 &+ Int64(v)
                i2 = i2 &+ i1
                i3 = i3 &+ i2
                phase += 1
                if phase == factor {
                    phase = 0
                    let d1 = i3 &- c1; c1 = i3
                    let d2 = d1 &- c2; c2 = d1
                    let d3 = d2 &- c3; c3 = d2
                    if i >= 3 * factor { out.append(Float(Double(d3) * scale)) }
                }
            }
        }
        return out
    }
}
