/// Generalised cross-correlation with phase transform (Knapp & Carter 1976): the cross-spectrum
/// is whitened, `G / |G|^β`, so the correlation is a sharp, delta-like peak that reverberation
/// and coloured noise barely move. For refining a coarse offset in a short window (a few
/// hundred ms), where one transform of `template + signal` samples is cheap.
public enum GCCPHAT {
    /// The GCC-PHAT curve of `template` against `signal` at every lag
    /// `−(template.count − 1) ..< signal.count` (lag convention of `CorrelationCurve`).
    ///
    /// - Parameters:
    ///   - sampleRate: needed only with `band`.
    ///   - band: keep only bins inside this range of Hz (e.g. 150…6000 for dialogue, which
    ///     drops DC, hum, HVAC rumble and hiss before whitening); `nil` keeps all bins.
    ///   - beta: the PHAT exponent: 1 is full whitening, 0 is plain correlation, 0.7–0.8 (PHAT-β)
    ///     is a common compromise in noise.
    ///   - lags: return only these lags (clamped to the full range), e.g. ±60 ms around a
    ///     coarse estimate; `nil` returns all.
    /// Search the result with `peak(magnitude: true)` to find polarity-inverted matches too.
    public static func correlate(template: [Float], signal: [Float], sampleRate: Double = 48_000,
                                 band: ClosedRange<Double>? = nil, beta: Float = 1,
                                 lags: Range<Int>? = nil,
                                 rigor: FFTPlanningRigor? = nil) throws -> CorrelationCurve {
        guard !template.isEmpty, !signal.isEmpty else {
            throw SignalError.invalidParameter("GCC-PHAT needs a non-empty template and signal")
        }
        guard sampleRate > 0, beta >= 0, beta <= 1 else {
            throw SignalError.invalidParameter("GCC-PHAT sample rate must be positive and β within 0…1")
        }
        let size = FFTSize.fast(atLeast: template.count + signal.count - 1)
        let fft = RealFFT(size: size, rigor: rigor)
        let t = fft.forward(template)
        signal.withUnsafeBufferPointer { fft.load($0) }
        fft.forward()
        let spectrum = fft.spectrum
        let binHz = sampleRate / Double(size)
        let lowBin = band.map { Int(($0.lowerBound / binHz).rounded(.up)) } ?? 0
        let highBin = band.map { Int(($0.upperBound / binHz).rounded(.down)) } ?? (fft.binCount - 1)
        // Bins below this magnitude are treated as empty (whitening would blow up rounding noise).
        var peakMagnitude: Float = 0
        for k in 0..<fft.binCount {
            spectrum[k] = spectrum[k] * t[k].conjugate
            peakMagnitude = max(peakMagnitude, spectrum[k].magnitude)
        }
        let floor = peakMagnitude * 1e-9
        for k in 0..<fft.binCount {
            let g = spectrum[k]
            let magnitude = g.magnitude
            if k < lowBin || k > highBin || magnitude <= floor {
                spectrum[k] = .zero
            } else {
                let weight = beta == 1 ? 1 / magnitude : 1 / powf(magnitude, beta)
                spectrum[k] = g * (weight * fft.inverseScale)
            }
        }
        fft.inverse()
        // Circular lags: l ≥ 0 at index l, l < 0 at index size + l.
        let full = (-(template.count - 1))..<signal.count
        let range = lags.map { $0.clamped(to: full) } ?? full
        let values = range.map { lag in fft.samples[lag >= 0 ? lag : size + lag] }
        return CorrelationCurve(firstLag: range.lowerBound, values: values)
    }
}

import Glibc
