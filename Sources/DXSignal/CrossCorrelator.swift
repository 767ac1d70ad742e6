/// FFT cross-correlation of a short template (an ADR take, a feature track) against a long
/// signal (the guide) by overlap-save: the template's spectrum is computed once, then the
/// signal is processed in blocks of `blockSize` (each block: one r2c, one product, one c2r),
/// giving `blockSize − templateCount + 1` lags per block. Measured in align.md §5, blocked
/// overlap-save runs ~5× faster than one transform over the whole guide and keeps memory small.
///
/// Not `Sendable` (it owns a `RealFFT`); make one per task. See `CorrelationCurve` for the lag
/// convention.
public final class CrossCorrelator {
    /// Samples in the template.
    public let templateCount: Int
    /// FFT size per block.
    public let blockSize: Int
    /// Σ template², for normalisation.
    public let templateEnergy: Double
    private let fft: RealFFT
    /// conj(FFT(template zero-padded)) / blockSize (the inverse FFT's scaling folded in).
    private let templateSpectrum: [ComplexFloat]

    /// - Parameter blockSize: FFT size per block; must exceed `template.count`. Default: the
    ///   power of two ≥ 4 × the template (at least 4096), close to the fastest in align.md §5.
    /// - Throws: `SignalError.invalidParameter` for an empty template or a too-small block.
    public init(template: [Float], blockSize: Int? = nil, rigor: FFTPlanningRigor? = nil) throws {
        guard !template.isEmpty else { throw SignalError.invalidParameter("correlation template is empty") }
        let size = blockSize ?? max(4096, FFTSize.powerOfTwo(atLeast: 4 * template.count))
        guard size > template.count, size % 2 == 0 else {
            throw SignalError.invalidParameter(
                "overlap-save block \(size) must be even and longer than the template (\(template.count))")
        }
        templateCount = template.count
        self.blockSize = size
        templateEnergy = template.reduce(0.0) { $0 + Double($1) * Double($1) }
        fft = RealFFT(size: size, rigor: rigor)
        let scale = fft.inverseScale
        templateSpectrum = fft.forward(template).map { $0.conjugate * scale }
    }

    /// The correlation at every lag in `lags` (default: all lags where template and signal
    /// overlap, `−(templateCount − 1) ..< signal.count`).
    public func correlate(_ signal: [Float], lags: Range<Int>? = nil) -> CorrelationCurve {
        signal.withUnsafeBufferPointer { correlate($0, lags: lags) }
    }

    /// Buffer form of `correlate(_:lags:)`.
    public func correlate(_ signal: UnsafeBufferPointer<Float>, lags: Range<Int>? = nil) -> CorrelationCurve {
        let range = lags ?? (-(templateCount - 1))..<signal.count
        var values = [Float](repeating: 0, count: range.count)
        let step = blockSize - templateCount + 1
        let bins = fft.binCount
        let samples = fft.samples, spectrum = fft.spectrum
        var start = range.lowerBound
        values.withUnsafeMutableBufferPointer { out in
            templateSpectrum.withUnsafeBufferPointer { t in
                while start < range.upperBound {
                    // Block covers signal[start ..< start + blockSize], zero outside the signal.
                    let from = max(0, start), to = min(signal.count, start + blockSize)
                    samples.update(repeating: 0)
                    if from < to {
                        (samples.baseAddress! + (from - start)).update(from: signal.baseAddress! + from, count: to - from)
                    }
                    fft.forward()
                    for k in 0..<bins { spectrum[k] = spectrum[k] * t[k] }
                    fft.inverse()
                    let count = min(step, range.upperBound - start)
                    (out.baseAddress! + (start - range.lowerBound)).update(from: samples.baseAddress!, count: count)
                    start += step
                }
            }
        }
        return CorrelationCurve(firstLag: range.lowerBound, values: values)
    }

    /// The normalised cross-correlation (NCC, −1…1): each lag's correlation divided by
    /// √(Σ template² · Σ signal² over the overlapped samples). Lags where the signal window
    /// holds no energy get 0. Length-independent, so usable as a confidence.
    public func normalizedCorrelate(_ signal: [Float], lags: Range<Int>? = nil) -> CorrelationCurve {
        var curve = correlate(signal, lags: lags)
        // Prefix sums of signal² in Double: exact enough for hours of audio.
        var prefix = [Double](repeating: 0, count: signal.count + 1)
        for i in 0..<signal.count { prefix[i + 1] = prefix[i] + Double(signal[i]) * Double(signal[i]) }
        let floor = 1e-12 * max(templateEnergy, 1e-30)
        for (i, value) in curve.values.enumerated() {
            let lag = curve.firstLag + i
            let lo = min(signal.count, max(0, lag)), hi = min(signal.count, max(0, lag + templateCount))
            let energy = prefix[hi] - prefix[lo]
            let denominator = (energy * templateEnergy).squareRoot()
            curve.values[i] = energy > floor ? Float(Double(value) / denominator) : 0
        }
        return curve
    }
}
