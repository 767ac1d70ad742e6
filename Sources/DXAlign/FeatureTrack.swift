#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DXSignal

/// Band-energy features of one signal at 100 frames per second: `bandCount` log-mel band
/// groups, band-major (`bands[b][t]`), each band's mean over the whole signal removed (the
/// correlation is centred per window anyway; removing the mean keeps single-precision FFT
/// correlation exact enough), plus each frame's level for activity detection.
public struct FeatureTrack: Sendable {
    public let frameCount: Int
    /// `bands[b][t]`, dB-scaled, smoothed, mean-removed.
    public let bands: [[Float]]
    /// Each frame's total band energy, dB (unsmoothed), for finding where the take speaks.
    public let frameLevels: [Float]
    /// Prefix sums of each band and of its square (Double), for windowed means and variances.
    let prefix: [[Double]]
    let prefixSquares: [[Double]]

    public var bandCount: Int { bands.count }

    init(bands: [[Float]], frameLevels: [Float]) {
        self.bands = bands
        self.frameLevels = frameLevels
        frameCount = bands.first?.count ?? 0
        var p: [[Double]] = []
        var q: [[Double]] = []
        for band in bands {
            var s = [Double](repeating: 0, count: band.count + 1)
            var s2 = [Double](repeating: 0, count: band.count + 1)
            var a = 0.0, b = 0.0
            for (i, v) in band.enumerated() {
                a += Double(v)
                b += Double(v) * Double(v)
                s[i + 1] = a
                s2[i + 1] = b
            }
            p.append(s)
            q.append(s2)
        }
        prefix = p
        prefixSquares = q
    }

    /// Σ over bands of the variance-times-count of frames `start ..< start + count`
    /// (the centred energy of that window), ≥ 0.
    @inline(__always)
    func centredEnergy(start: Int, count: Int) -> Double {
        var total = 0.0
        let n = Double(count)
        for b in 0..<bands.count {
            let s = prefix[b][start + count] - prefix[b][start]
            let s2 = prefixSquares[b][start + count] - prefixSquares[b][start]
            total += max(s2 - s * s / n, 0)
        }
        return total
    }

    /// Frames `range` of every band, each centred on its own mean (a correlation template).
    func centredTemplate(_ range: Range<Int>, reversed: Bool = false) -> [[Float]] {
        bands.map { band in
            var t = Array(band[range])
            if reversed { t.reverse() }
            let mean = t.reduce(0, +) / Float(max(t.count, 1))
            for i in t.indices { t[i] -= mean }
            return t
        }
    }
}

/// Computes `FeatureTrack`s. Owns FFT buffers (not `Sendable`): one per task.
public final class FeatureAnalyzer {
    public let tuning: AlignmentTuning
    private let extractor: LogMelExtractor

    public init(tuning: AlignmentTuning = AlignmentTuning()) throws {
        self.tuning = tuning
        var c = LogMelConfiguration()
        c.sampleRate = Double(tuning.featureSampleRate)
        c.hop = tuning.featureHop
        c.bands = tuning.melBands
        c.floorBelowPeakDB = nil  // floored here, after the activity levels are taken
        extractor = try LogMelExtractor(configuration: c)
    }

    /// Features of `signal` at `sampleRate` (resampled to the feature rate with libsoxr).
    public func features(of signal: [Float], sampleRate: Int, withLevels: Bool = true) throws -> FeatureTrack {
        let x = sampleRate == tuning.featureSampleRate
            ? signal : try Resampler.resample(signal, from: sampleRate, to: tuning.featureSampleRate)
        let spectrogram = extractor.compute(x)
        let frames = spectrogram.frameCount
        let bandsIn = spectrogram.bandCount
        let groups = tuning.bandGroups
        let width = bandsIn / groups
        let smooth = tuning.smoothingFrames
        var levels = [Float](repeating: 0, count: frames)
        var grouped = [[Float]](repeating: [Float](repeating: 0, count: frames), count: groups)
        var values = spectrogram.values
        let floor = (values.max() ?? 0) - tuning.floorBelowPeakDB
        spectrogram.values.withUnsafeBufferPointer { v in
            for t in 0..<frames where withLevels {
                var power: Float = 0
                for b in 0..<bandsIn { power += powf(10, v[t * bandsIn + b] / 10) }
                levels[t] = 10 * log10f(power + 1e-30)
            }
        }
        for i in values.indices where values[i] < floor { values[i] = floor }
        values.withUnsafeBufferPointer { v in
            for g in 0..<groups {
                var sums = [Float](repeating: 0, count: frames)
                for t in 0..<frames {
                    var s: Float = 0
                    for b in (g * width)..<((g + 1) * width) { s += v[t * bandsIn + b] }
                    sums[t] = s
                }
                // Causal moving average over `smooth` frames (zeros before the first frame).
                grouped[g].withUnsafeMutableBufferPointer { out in
                    for t in 0..<frames {
                        var s: Float = 0
                        for j in 0..<smooth where t - j >= 0 { s += sums[t - j] }
                        out[t] = s / Float(smooth)
                    }
                }
            }
        }
        for g in 0..<groups {
            var mean = 0.0
            for v in grouped[g] { mean += Double(v) }
            let m = Float(mean / Double(max(frames, 1)))
            for t in 0..<frames { grouped[g][t] -= m }
        }
        return FeatureTrack(bands: grouped, frameLevels: levels)
    }
}
