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
    public static func detect(_ samples: [Float], sampleRate: Double) -> HumDetection? {
        let n = samples.count
        guard Double(n) >= sampleRate, sampleRate >= 2000 else { return nil }
        let size = FFTSize.powerOfTwo(atLeast: max(n, Int(20 * sampleRate)))
        let fft = RealFFT(size: size, rigor: .estimate)
        let w = Window.make(.hann, count: n, periodic: false)
        for i in 0..<n { fft.samples[i] = samples[i] * w[i] }
        for i in n..<size { fft.samples[i] = 0 }
        fft.forward()
        var magnitude = [Float](repeating: 0, count: fft.binCount)
        for k in 0..<fft.binCount { magnitude[k] = fft.spectrum[k].magnitude }
        let binHz = sampleRate / Double(size)
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
}
