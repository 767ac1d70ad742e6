#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DXSignal
import Dispatch
import Synchronization

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
///
/// A signal whose rate is a whole multiple `k` of the feature rate (48 kHz = 3 × 16 kHz) is
/// low-passed and decimated to 16 kHz first (`decimator(_:factor:)`, polyphase, a few
/// instructions a sample) and analysed there: the 512-point transforms cost a third of the
/// `k`-times longer ones the same bins would need at the file's rate. Other rates (44.1 kHz)
/// are resampled with libsoxr.
public final class FeatureAnalyzer {
    public let tuning: AlignmentTuning
    private var extractors: [Int: LogMelExtractor] = [:]

    public init(tuning: AlignmentTuning = AlignmentTuning()) throws {
        self.tuning = tuning
        _ = try extractor(factor: 1)
    }

    static func configuration(_ tuning: AlignmentTuning, factor: Int) -> LogMelConfiguration {
        var c = LogMelConfiguration()
        c.sampleRate = Double(tuning.featureSampleRate * factor)
        c.windowLength *= factor
        c.fftSize *= factor
        c.hop = tuning.featureHop * factor
        c.bands = tuning.melBands
        c.floorBelowPeakDB = nil  // floored here, after the activity levels are taken
        return c
    }

    /// A signal at `factor` times the feature rate is decimated to it first: flat to the mel
    /// bands' top (7 kHz), 30 dB down from where an alias would fold under it (a band's level
    /// moves by hundredths of a dB at most), edges repeated (so removing the mean before or
    /// after decimating is the same).
    static func decimator(_ tuning: AlignmentTuning, factor: Int) -> Decimator {
        Decimator(factor: factor, rate: Double(tuning.featureSampleRate * factor),
                  passTop: configuration(tuning, factor: 1).fmax,
                  attenuationDB: 30, edges: .replicate)
    }

    private func extractor(factor: Int) throws -> LogMelExtractor {
        if let e = extractors[factor] { return e }
        let e = try LogMelExtractor(configuration: Self.configuration(tuning, factor: factor))
        extractors[factor] = e
        return e
    }

    /// Features of `signal` at `sampleRate`. `tasks` > 1 splits a long signal into that many
    /// stretches analysed at once (each with its own FFT); the result is the same frame for frame.
    public func features(of signal: [Float], sampleRate: Int, withLevels: Bool = true,
                         tasks: Int = 1) throws -> FeatureTrack {
        let factor = sampleRate % tuning.featureSampleRate == 0 ? sampleRate / tuning.featureSampleRate : 0
        let spectrogram: LogMelSpectrogram
        if factor >= 1 {
            let d = Self.decimator(tuning, factor: factor)
            let x = factor == 1 ? signal
                : signal.withUnsafeBufferPointer { d.decimate($0, from: 0, count: d.outputCount(forInput: signal.count)) }
            spectrogram = try Self.spectrogram(x, configuration: Self.configuration(tuning, factor: 1),
                                               extractor: extractor(factor: 1), tasks: tasks)
        } else {
            let x = try Resampler.resample(signal, from: sampleRate, to: tuning.featureSampleRate)
            spectrogram = try Self.spectrogram(x, configuration: Self.configuration(tuning, factor: 1),
                                               extractor: extractor(factor: 1), tasks: tasks)
        }
        return group(spectrogram, withLevels: withLevels)
    }

    /// The log-mel spectrogram of `x`, computed in `tasks` stretches of whole frames when long
    /// enough (frame `t` only reads samples `t·hop ..< t·hop + window`, so stretches are exact).
    private static func spectrogram(_ x: [Float], configuration c: LogMelConfiguration, extractor: LogMelExtractor,
                                    tasks: Int) throws -> LogMelSpectrogram {
        let frames = extractor.frameCount(forSamples: x.count)
        let parts = min(max(tasks, 1), frames / 2000)
        guard parts > 1 else { return extractor.compute(x) }
        let bands = c.bands
        let result = Mutex([Int: LogMelSpectrogram]())
        let failure = Mutex<Error?>(nil)
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            let first = frames * p / parts, end = frames * (p + 1) / parts
            let from = first * c.hop
            let to = min(x.count, (end - 1) * c.hop + c.windowLength)
            do {
                let own = try LogMelExtractor(configuration: c)
                let part = own.compute(Array(x[from..<to]))
                result.withLock { $0[p] = part }
            } catch {
                failure.withLock { $0 = error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        var values: [Float] = []
        values.reserveCapacity(frames * bands)
        let pieces = result.withLock { $0 }
        for p in 0..<parts {
            let part = pieces[p]!
            let want = frames * (p + 1) / parts - frames * p / parts
            precondition(part.frameCount == want, "feature stretch \(p): \(part.frameCount) frames, expected \(want)")
            values.append(contentsOf: part.values)
        }
        return LogMelSpectrogram(frameCount: frames, bandCount: bands, hop: c.hop, values: values)
    }

    /// Log-mel bands → the smoothed, floored, mean-removed band groups (and frame levels).
    func group(_ spectrogram: LogMelSpectrogram, withLevels: Bool) -> FeatureTrack {
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
        values.withUnsafeMutableBufferPointer { v in
            for i in v.indices where v[i] < floor { v[i] = floor }
        }
        values.withUnsafeBufferPointer { v in
            var sums = [Float](repeating: 0, count: frames)
            for g in 0..<groups {
                sums.withUnsafeMutableBufferPointer { sums in
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
        }
        for g in 0..<groups {
            grouped[g].withUnsafeMutableBufferPointer { band in
                var mean = 0.0
                for v in band { mean += Double(v) }
                let m = Float(mean / Double(max(frames, 1)))
                for t in band.indices { band[t] -= m }
            }
        }
        return FeatureTrack(bands: grouped, frameLevels: levels)
    }
}
