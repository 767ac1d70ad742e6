import DXSignal

/// Band-limited GCC-PHAT of one take segment against many short guide windows (the
/// candidates of one search), for lags `0 ... window − segment` only. The segment's spectrum
/// is computed once, and the transform is only as long as the guide window: lags that small
/// never wrap around, so no padding to segment + window is needed. (DXSignal's `GCCPHAT`
/// computes the general curve; this is the same weighting — zero outside the band, unit
/// magnitude inside, near-empty bins dropped — specialised for many refinements in a row.)
final class WaveformCorrelator {
    let segmentCount: Int
    let windowCount: Int
    private let fft: RealFFT
    private let segmentSpectrum: [ComplexFloat]
    private let lowBin: Int
    private let highBin: Int

    init(segment: ArraySlice<Float>, windowCount: Int, sampleRate: Int, band: ClosedRange<Double>) {
        segmentCount = segment.count
        self.windowCount = windowCount
        // Powers of two: a run then plans only a few sizes (an FFTW plan of an odd size costs more
        // than the transforms it serves), and the padding only interpolates the spectrum.
        let size = FFTSize.powerOfTwo(atLeast: windowCount)
        fft = RealFFT(size: size)
        segmentSpectrum = fft.forward(Array(segment))
        let binHz = Double(sampleRate) / Double(size)
        lowBin = Int((band.lowerBound / binHz).rounded(.up))
        highBin = min(fft.binCount - 1, Int((band.upperBound / binHz).rounded(.down)))
    }

    /// The curve at lags `0 ..< windowCount − segmentCount + 1` of `guide[start ..< start + windowCount]`.
    func correlate(_ guide: [Float], start: Int) -> [Float] {
        guide.withUnsafeBufferPointer { g in
            fft.load(UnsafeBufferPointer(rebasing: g[start..<(start + windowCount)]))
        }
        fft.forward()
        let spectrum = fft.spectrum
        var peak: Float = 0
        for k in 0..<fft.binCount {
            let p = spectrum[k] * segmentSpectrum[k].conjugate
            spectrum[k] = p
            if k >= lowBin && k <= highBin { peak = max(peak, p.magnitude) }
        }
        let floor = peak * 1e-9
        let scale = fft.inverseScale
        for k in 0..<fft.binCount {
            let m = spectrum[k].magnitude
            if k < lowBin || k > highBin || m <= floor {
                spectrum[k] = .zero
            } else {
                spectrum[k] = spectrum[k] * (scale / m)
            }
        }
        fft.inverse()
        return Array(fft.samples[0..<(windowCount - segmentCount + 1)])
    }
}
