/// DeepFilterNet's ERB band layout: how many of the 481 STFT bins each of the 32 bands spans,
/// as libDF computes it (bands equally spaced on the ERB-rate scale
/// `9.265·ln(1 + f / (24.7·9.265))`, band edges rounded to bins, at least `minBins` bins per
/// band with the surplus taken from the next band, the last band absorbing the Nyquist bin).
/// The band powers are means over each band; the ERB mask is expanded back by repeating each
/// band's gain over its bins.
public struct ERBBands: Sendable, Equatable {
    /// Bins per band; sums to `fftSize/2 + 1`.
    public let widths: [Int]

    public init(sampleRate: Int, fftSize: Int, bands: Int, minBins: Int) {
        func toERB(_ f: Float) -> Float { 9.265 * log1pf(f / (24.7 * 9.265)) }
        func fromERB(_ e: Float) -> Float { 24.7 * 9.265 * (expf(e / 9.265) - 1) }
        let binWidth = Float(sampleRate) / Float(fftSize)
        let low = toERB(0), high = toERB(Float(sampleRate / 2))
        let step = (high - low) / Float(bands)
        var widths = [Int](repeating: 0, count: bands)
        var previous = 0, over = 0
        for i in 1...bands {
            let edge = Int((fromERB(low + Float(i) * step) / binWidth).rounded())
            var n = edge - previous - over
            if n < minBins {
                over = minBins - n
                n = minBins
            } else {
                over = 0
            }
            widths[i - 1] = n
            previous = edge
        }
        widths[bands - 1] += 1
        widths[bands - 1] -= widths.reduce(0, +) - (fftSize / 2 + 1)
        self.widths = widths
    }
}

#if canImport(Glibc)
import Glibc
#endif
