import Glibc

/// Parameters of log-mel features. The defaults are the alignment features of align.md §6 (and
/// of the `ref` sketch in bench/align/run_anchor.py): 16 kHz, 32 ms symmetric Hann window
/// (512 samples), 10 ms hop (160), 40 HTK-scale bands from 80 to 7000 Hz with peak-1 triangles.
public struct LogMelConfiguration: Sendable, Hashable {
    public var sampleRate: Double = 16_000
    /// Samples per analysis window (zero-padded to `fftSize` when shorter).
    public var windowLength: Int = 512
    /// Samples between frames.
    public var hop: Int = 160
    /// FFT size, ≥ `windowLength`.
    public var fftSize: Int = 512
    public var bands: Int = 40
    public var fmin: Double = 80
    public var fmax: Double = 7_000
    public var scale: MelScale = .htk
    public var normalization: MelNormalization = .none
    /// Values more than this many dB under the spectrogram's loudest value are raised to that
    /// floor (silence must not dominate a correlation); `nil` keeps −200 dB-ish digital silence.
    public var floorBelowPeakDB: Float? = 50

    public init() {}
}

/// Log-mel band energies of a whole signal, frame-major.
///
/// Frame `t` covers samples `t·hop ..< t·hop + windowLength` (the frame's time is its start,
/// `t·hop` samples; its centre is `windowLength/2` later). A signal of `L > 0` samples gives
/// `1 + max(L − windowLength, 0) / hop` frames (a short signal is zero-padded into one frame).
public struct LogMelSpectrogram: Sendable {
    public let frameCount: Int
    public let bandCount: Int
    /// Samples between frames, at the feature extractor's rate.
    public let hop: Int
    /// Band energies in dB (10·log₁₀ of the mel-weighted power), row-major: frame, then band.
    public var values: [Float]

    public init(frameCount: Int, bandCount: Int, hop: Int, values: [Float]) {
        precondition(values.count == frameCount * bandCount)
        self.frameCount = frameCount
        self.bandCount = bandCount
        self.hop = hop
        self.values = values
    }

    public subscript(frame: Int, band: Int) -> Float {
        get { values[frame * bandCount + band] }
        set { values[frame * bandCount + band] = newValue }
    }

    /// The loudest band of each frame, dB: a frame level for activity detection.
    public var frameLevels: [Float] {
        (0..<frameCount).map { t in values[(t * bandCount)..<((t + 1) * bandCount)].max() ?? -.infinity }
    }

    /// One band's values over time.
    public func band(_ b: Int) -> [Float] {
        (0..<frameCount).map { values[$0 * bandCount + b] }
    }

    /// Sums contiguous groups of bands (40 bands → 8 groups of 5, as align.md §6 does).
    /// - Throws: `SignalError.invalidParameter` unless `groups` divides `bandCount`.
    public func summingBandGroups(_ groups: Int) throws -> LogMelSpectrogram {
        guard groups >= 1, bandCount % groups == 0 else {
            throw SignalError.invalidParameter("\(bandCount) bands cannot form \(groups) equal groups")
        }
        let width = bandCount / groups
        var out = [Float](repeating: 0, count: frameCount * groups)
        for t in 0..<frameCount {
            for g in 0..<groups {
                var sum: Float = 0
                for b in (g * width)..<((g + 1) * width) { sum += values[t * bandCount + b] }
                out[t * groups + g] = sum
            }
        }
        return LogMelSpectrogram(frameCount: frameCount, bandCount: groups, hop: hop, values: out)
    }
}

/// Computes `LogMelSpectrogram`s. Not `Sendable` (owns a `RealFFT`); make one per task.
public final class LogMelExtractor {
    public let configuration: LogMelConfiguration
    public let filterbank: MelFilterbank
    private let fft: RealFFT
    private let window: [Float]

    /// - Throws: `SignalError.invalidParameter` for an inconsistent configuration.
    public init(configuration: LogMelConfiguration = LogMelConfiguration()) throws {
        let c = configuration
        guard c.windowLength >= 2, c.hop >= 1, c.fftSize >= c.windowLength, c.fftSize % 2 == 0 else {
            throw SignalError.invalidParameter(
                "log-mel needs window ≥ 2, hop ≥ 1, even FFT ≥ window (got window \(c.windowLength), hop \(c.hop), FFT \(c.fftSize))")
        }
        self.configuration = c
        filterbank = try MelFilterbank(sampleRate: c.sampleRate, fftSize: c.fftSize, bands: c.bands,
                                       fmin: c.fmin, fmax: c.fmax, scale: c.scale, normalization: c.normalization)
        fft = RealFFT(size: c.fftSize)
        // Symmetric Hann, as numpy.hanning (the bench reference): a frame has no bias to its start.
        window = Window.make(.hann, count: c.windowLength, periodic: false)
    }

    /// Frames for `count` samples (see `LogMelSpectrogram`).
    public func frameCount(forSamples count: Int) -> Int {
        count == 0 ? 0 : 1 + max(count - configuration.windowLength, 0) / configuration.hop
    }

    /// The log-mel spectrogram of `signal` (at `configuration.sampleRate`).
    public func compute(_ signal: [Float]) -> LogMelSpectrogram {
        let c = configuration
        let frames = frameCount(forSamples: signal.count)
        var values = [Float](repeating: 0, count: frames * c.bands)
        // Four frames' power spectra side by side (bin k of frame t + l in lane l), so their band
        // sums run as one chain of SIMD4 additions instead of four (each lane the same sum).
        var powers = [SIMD4<Float>](repeating: .zero, count: fft.binCount)
        signal.withUnsafeBufferPointer { x in
            values.withUnsafeMutableBufferPointer { v in
                powers.withUnsafeMutableBufferPointer { pw in
                    var t = 0
                    while t < frames {
                        let lanes = min(4, frames - t)
                        for lane in 0..<lanes {
                            let start = (t + lane) * c.hop
                            let available = min(c.windowLength, x.count - start)
                            let samples = fft.samples
                            for i in 0..<available { samples[i] = x[start + i] * window[i] }
                            for i in available..<c.fftSize { samples[i] = 0 }
                            fft.forward()
                            let spectrum = fft.spectrum
                            for k in 0..<pw.count { pw[k][lane] = spectrum[k].power }
                        }
                        filterbank.apply(lanes: UnsafeBufferPointer(pw), count: lanes, into: v.baseAddress! + t * c.bands)
                        t += lanes
                    }
                }
            }
        }
        var peak = -Float.infinity
        for i in values.indices {
            values[i] = 10 * log10f(values[i] + 1e-20)
            peak = max(peak, values[i])
        }
        if let floor = c.floorBelowPeakDB, frames > 0 {
            let lowest = peak - floor
            for i in values.indices where values[i] < lowest { values[i] = lowest }
        }
        return LogMelSpectrogram(frameCount: frames, bandCount: c.bands, hop: c.hop, values: values)
    }
}
