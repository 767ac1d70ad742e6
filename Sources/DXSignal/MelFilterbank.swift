import Glibc

/// The mel scale used to place filter centres.
public enum MelScale: Sendable, Hashable {
    /// Slaney's Auditory Toolbox scale (librosa's default): linear below 1 kHz
    /// (`mel = 3f/200`), logarithmic above (`mel = 15 + 27·ln(f/1000)/ln 6.4`).
    case slaney
    /// HTK's scale: `mel = 2595·log₁₀(1 + f/700)`.
    case htk

    /// Hz → mel.
    public func mel(fromHz hz: Double) -> Double {
        switch self {
        case .htk:
            return 2595 * log10(1 + hz / 700)
        case .slaney:
            let linearEnd = 1000.0, linearMel = 15.0, step = log(6.4) / 27
            return hz < linearEnd ? hz * 3 / 200 : linearMel + log(hz / linearEnd) / step
        }
    }

    /// mel → Hz.
    public func hz(fromMel mel: Double) -> Double {
        switch self {
        case .htk:
            return 700 * (pow(10, mel / 2595) - 1)
        case .slaney:
            let linearEnd = 1000.0, linearMel = 15.0, step = log(6.4) / 27
            return mel < linearMel ? mel * 200 / 3 : linearEnd * exp(step * (mel - linearMel))
        }
    }
}

/// How each triangular filter is scaled.
public enum MelNormalization: Sendable, Hashable {
    /// Peak 1 (HTK style).
    case none
    /// Slaney's constant-area filters: each triangle scaled by `2 / (right edge − left edge in Hz)`,
    /// so a flat (white) power spectral density gives the same value in every band.
    case slaneyArea
}

/// Triangular mel filters over the bins of a `fftSize`-point real FFT, applied to power
/// spectra (|X|², `fftSize/2 + 1` bins). Band `b` has edges at mel points `b`, `b+1`, `b+2` of
/// `bands + 2` points evenly spaced in mel from `fmin` to `fmax`, as in librosa's `mel`.
public struct MelFilterbank: Sendable {
    public let sampleRate: Double
    public let fftSize: Int
    public let bandCount: Int
    public let fmin: Double
    public let fmax: Double
    public let scale: MelScale
    /// Centre frequency of each band, Hz.
    public let centerFrequencies: [Double]
    /// First bin with a non-zero weight, per band.
    public let firstBins: [Int]
    /// The non-zero weights of each band, starting at `firstBins[band]`.
    public let weights: [[Float]]

    /// - Throws: `SignalError.invalidParameter` unless `0 ≤ fmin < fmax ≤ sampleRate/2`,
    ///   `bands ≥ 1`, `fftSize ≥ 2`.
    public init(sampleRate: Double, fftSize: Int, bands: Int, fmin: Double = 0, fmax: Double? = nil,
                scale: MelScale = .slaney, normalization: MelNormalization = .slaneyArea) throws {
        let fmax = fmax ?? sampleRate / 2
        guard sampleRate > 0, fftSize >= 2, bands >= 1, fmin >= 0, fmin < fmax, fmax <= sampleRate / 2 else {
            throw SignalError.invalidParameter(
                "mel filterbank needs 0 ≤ fmin < fmax ≤ rate/2, bands ≥ 1, FFT ≥ 2 (got \(fmin)…\(fmax) Hz at \(sampleRate), \(bands) bands, FFT \(fftSize))")
        }
        self.sampleRate = sampleRate
        self.fftSize = fftSize
        self.bandCount = bands
        self.fmin = fmin
        self.fmax = fmax
        self.scale = scale
        let lowMel = scale.mel(fromHz: fmin), highMel = scale.mel(fromHz: fmax)
        let edges = (0..<(bands + 2)).map { i in
            scale.hz(fromMel: lowMel + (highMel - lowMel) * Double(i) / Double(bands + 1))
        }
        centerFrequencies = Array(edges[1...bands])
        let binCount = fftSize / 2 + 1
        let binHz = sampleRate / Double(fftSize)
        var firsts: [Int] = [], rows: [[Float]] = []
        for band in 0..<bands {
            let left = edges[band], centre = edges[band + 1], right = edges[band + 2]
            let norm = normalization == .slaneyArea ? 2 / (right - left) : 1
            var first = -1
            var row: [Float] = []
            for k in 0..<binCount {
                let f = Double(k) * binHz
                let rising = (f - left) / (centre - left), falling = (right - f) / (right - centre)
                let w = max(0, min(rising, falling)) * norm
                if w > 0 {
                    if first < 0 { first = k }
                    // Zeros between non-zero weights cannot occur (a triangle is convex), so the row is contiguous.
                    row.append(Float(w))
                } else if first >= 0 {
                    break
                }
            }
            firsts.append(max(first, 0))
            rows.append(row)
        }
        firstBins = firsts
        weights = rows
    }

    /// Number of power-spectrum bins expected: `fftSize/2 + 1`.
    public var binCount: Int { fftSize / 2 + 1 }

    /// Band energies of one power spectrum (`binCount` values) into `output` (`bandCount`).
    public func apply(power: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) {
        precondition(power.count == binCount && output.count == bandCount)
        for band in 0..<bandCount {
            let first = firstBins[band]
            var sum: Float = 0
            weights[band].withUnsafeBufferPointer { w in
                for j in 0..<w.count { sum += w[j] * power[first + j] }
            }
            output[band] = sum
        }
    }

    /// Band energies of one complex half spectrum (`binCount` bins), |X|² taken on the fly.
    public func apply(spectrum: UnsafeBufferPointer<ComplexFloat>, into output: UnsafeMutableBufferPointer<Float>) {
        precondition(spectrum.count == binCount && output.count == bandCount)
        for band in 0..<bandCount {
            let first = firstBins[band]
            var sum: Float = 0
            weights[band].withUnsafeBufferPointer { w in
                for j in 0..<w.count { sum += w[j] * spectrum[first + j].power }
            }
            output[band] = sum
        }
    }

    /// Band energies of up to four power spectra at once: lane `l` of `powers[k]` is bin `k` of
    /// spectrum `l` (`binCount` bins); spectrum `l`'s bands go to `output[l · bandCount ..<
    /// (l + 1) · bandCount]` for `l < count`. Each lane adds the products of
    /// `apply(spectrum:into:)` in its order, so the energies are the same floats.
    public func apply(lanes powers: UnsafeBufferPointer<SIMD4<Float>>, count: Int, into output: UnsafeMutablePointer<Float>) {
        precondition(powers.count == binCount && count >= 1 && count <= 4)
        for band in 0..<bandCount {
            let first = firstBins[band]
            var sum = SIMD4<Float>()
            weights[band].withUnsafeBufferPointer { w in
                for j in 0..<w.count { sum += w[j] * powers[first + j] }
            }
            for l in 0..<count { output[l * bandCount + band] = sum[l] }
        }
    }

    /// Band energies of one power spectrum.
    public func apply(power: [Float]) -> [Float] {
        var output = [Float](repeating: 0, count: bandCount)
        power.withUnsafeBufferPointer { p in
            output.withUnsafeMutableBufferPointer { apply(power: p, into: $0) }
        }
        return output
    }

    /// The full `bandCount × binCount` weight matrix, row-major (for inspection and tests).
    public func denseMatrix() -> [[Float]] {
        (0..<bandCount).map { band in
            var row = [Float](repeating: 0, count: binCount)
            for (j, w) in weights[band].enumerated() { row[firstBins[band] + j] = w }
            return row
        }
    }
}
