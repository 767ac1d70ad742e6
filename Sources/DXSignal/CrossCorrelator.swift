/// FFT cross-correlation of a short template (an ADR take, a feature track) against a long
/// signal (the guide) by overlap-save: the template's spectrum is computed once, then the
/// signal is processed in blocks of `blockSize` (each block: one r2c per channel, a product,
/// one c2r), giving `blockSize − templateCount + 1` lags per block. Measured in align.md §5,
/// blocked overlap-save runs ~5× faster than one transform over the whole guide and keeps
/// memory small.
///
/// Several channels (e.g. 8 log-mel band tracks) can be correlated at once: the result is the
/// sum over channels, `Σ_c Σ_i template_c[i] · signal_c[l + i]`, with the channels' cross-spectra
/// summed before a single inverse transform.
///
/// Not `Sendable` (it owns a `RealFFT`); make one per task. See `CorrelationCurve` for the lag
/// convention.
public final class CrossCorrelator {
    /// Samples in the template (per channel).
    public let templateCount: Int
    /// Number of channels correlated and summed.
    public let channelCount: Int
    /// FFT size per block.
    public let blockSize: Int
    /// Σ template² over all channels, for normalisation.
    public let templateEnergy: Double
    private let fft: RealFFT
    /// conj(FFT(template_c zero-padded)) / blockSize per channel (the inverse scaling folded in).
    private let templateSpectra: [[ComplexFloat]]
    private var accumulator: [ComplexFloat]

    /// A single-channel correlator.
    /// - Parameter blockSize: FFT size per block; even and longer than `template`. Default:
    ///   the power of two ≥ 4 × the template (at least 4096), close to the fastest in align.md §5.
    /// - Throws: `SignalError.invalidParameter` for an empty template or a too-small block.
    public convenience init(template: [Float], blockSize: Int? = nil, rigor: FFTPlanningRigor? = nil) throws {
        try self.init(templates: [template], blockSize: blockSize, rigor: rigor)
    }

    /// A correlator summing over channels; every channel's template has the same length.
    public init(templates: [[Float]], blockSize: Int? = nil, rigor: FFTPlanningRigor? = nil) throws {
        guard let first = templates.first, !first.isEmpty else {
            throw SignalError.invalidParameter("correlation template is empty")
        }
        guard templates.allSatisfy({ $0.count == first.count }) else {
            throw SignalError.invalidParameter("correlation templates differ in length")
        }
        let size = blockSize ?? max(4096, FFTSize.powerOfTwo(atLeast: 4 * first.count))
        guard size > first.count, size % 2 == 0 else {
            throw SignalError.invalidParameter(
                "overlap-save block \(size) must be even and longer than the template (\(first.count))")
        }
        templateCount = first.count
        channelCount = templates.count
        self.blockSize = size
        templateEnergy = templates.reduce(0.0) { total, t in t.reduce(total) { $0 + Double($1) * Double($1) } }
        let fft = RealFFT(size: size, rigor: rigor)
        let scale = fft.inverseScale
        templateSpectra = templates.map { fft.forward($0).map { $0.conjugate * scale } }
        accumulator = [ComplexFloat](repeating: .zero, count: fft.binCount)
        self.fft = fft
    }

    /// The correlation at every lag in `lags` (default: all lags where template and signal
    /// overlap, `−(templateCount − 1) ..< signal.count`). Single-channel correlators only.
    public func correlate(_ signal: [Float], lags: Range<Int>? = nil) -> CorrelationCurve {
        signal.withUnsafeBufferPointer { correlate($0, lags: lags) }
    }

    /// Buffer form of `correlate(_:lags:)`.
    public func correlate(_ signal: UnsafeBufferPointer<Float>, lags: Range<Int>? = nil) -> CorrelationCurve {
        precondition(channelCount == 1, "this correlator has \(channelCount) channels; use correlate(channels:)")
        return correlateBlocks(count: signal.count, lags: lags) { _, from, to, destination in
            destination.update(from: signal.baseAddress! + from, count: to - from)
        }
    }

    /// The channel-summed correlation of `signals` (one per template channel, equal lengths).
    public func correlate(channels signals: [[Float]], lags: Range<Int>? = nil) -> CorrelationCurve {
        precondition(signals.count == channelCount, "expected \(channelCount) channels, got \(signals.count)")
        let count = signals.first?.count ?? 0
        precondition(signals.allSatisfy { $0.count == count }, "signal channels differ in length")
        return correlateBlocks(count: count, lags: lags) { c, from, to, destination in
            signals[c].withUnsafeBufferPointer { destination.update(from: $0.baseAddress! + from, count: to - from) }
        }
    }

    /// The overlap-save loop; `copy(channel, from, to, destination)` copies that channel's
    /// samples `from ..< to` to `destination`.
    private func correlateBlocks(count: Int, lags: Range<Int>?,
                                 copy: (Int, Int, Int, UnsafeMutablePointer<Float>) -> Void) -> CorrelationCurve {
        let range = lags ?? (-(templateCount - 1))..<count
        var values = [Float](repeating: 0, count: range.count)
        let step = blockSize - templateCount + 1
        let bins = fft.binCount
        let samples = fft.samples, spectrum = fft.spectrum
        var start = range.lowerBound
        values.withUnsafeMutableBufferPointer { out in
            accumulator.withUnsafeMutableBufferPointer { acc in
                while start < range.upperBound {
                    // Block covers signal[start ..< start + blockSize], zero outside the signal.
                    let from = max(0, start), to = min(count, start + blockSize)
                    for c in 0..<channelCount {
                        samples.update(repeating: 0)
                        if from < to { copy(c, from, to, samples.baseAddress! + (from - start)) }
                        fft.forward()
                        templateSpectra[c].withUnsafeBufferPointer { t in
                            if c == 0 {
                                for k in 0..<bins { acc[k] = spectrum[k] * t[k] }
                            } else {
                                for k in 0..<bins { acc[k] = acc[k] + spectrum[k] * t[k] }
                            }
                        }
                    }
                    spectrum.baseAddress!.update(from: acc.baseAddress!, count: bins)
                    fft.inverse()
                    let n = min(step, range.upperBound - start)
                    (out.baseAddress! + (start - range.lowerBound)).update(from: samples.baseAddress!, count: n)
                    start += step
                }
            }
        }
        return CorrelationCurve(firstLag: range.lowerBound, values: values)
    }

    /// The normalised cross-correlation (NCC, −1…1): each lag's correlation divided by
    /// √(Σ template² · Σ signal² over the overlapped samples), channels summed. Lags where the
    /// signal window holds no energy get 0. Length-independent, so usable as a confidence.
    public func normalizedCorrelate(_ signal: [Float], lags: Range<Int>? = nil) -> CorrelationCurve {
        normalizedCorrelate(channels: [signal], lags: lags)
    }

    /// Channel-summed NCC (see the single-channel form).
    public func normalizedCorrelate(channels signals: [[Float]], lags: Range<Int>? = nil) -> CorrelationCurve {
        var curve = channelCount == 1 && signals.count == 1
            ? correlate(signals[0], lags: lags) : correlate(channels: signals, lags: lags)
        let count = signals.first?.count ?? 0
        // Prefix sums of signal² over all channels in Double: exact enough for hours of audio.
        var prefix = [Double](repeating: 0, count: count + 1)
        for i in 0..<count {
            var e = 0.0
            for s in signals { e += Double(s[i]) * Double(s[i]) }
            prefix[i + 1] = prefix[i] + e
        }
        let floor = 1e-12 * max(templateEnergy, 1e-30)
        for (i, value) in curve.values.enumerated() {
            let lag = curve.firstLag + i
            let lo = min(count, max(0, lag)), hi = min(count, max(0, lag + templateCount))
            let energy = prefix[hi] - prefix[lo]
            let denominator = (energy * templateEnergy).squareRoot()
            curve.values[i] = energy > floor && denominator > 0 ? Float(Double(value) / denominator) : 0
        }
        return curve
    }
}
