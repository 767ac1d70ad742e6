import DXSignal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Frame features of one signal for the warp search: log-mel bands with the reverberant tail
/// taken out, and their rises (onsets), each z-scored over the signal so a different
/// microphone, EQ or level does not read as a timing difference.
///
/// Why the tail goes: lip sync follows the direct sound, and a guide recorded in a room keeps
/// its energy up for tens of milliseconds after each syllable; plain log-mel matching then
/// lands the take late by +4…+12 ms (bench/warp, seed 1). Removing, per band, the part of the
/// power that a decaying tail of earlier frames explains, and adding the positive change of
/// the result (onsets are where the direct sound is, unblurred by the room), cuts that bias;
/// the estimator also hears the take in the guide's room (`RoomModel`) so what is left of
/// the tail is on both sides.
///
/// Frames are `hop` samples apart at `WarpFeatures.analysisRate`; frame `k` covers analysis
/// samples `[k·hop, k·hop + window)`, so its centre sits `window / 2` samples after its start
/// on both signals and cancels out of a take → guide correspondence.
struct WarpFeatures {
    /// Samples per second of the analysis (speech energy lies below 8 kHz).
    static let analysisRate = 16_000
    /// Analysis window, samples at `analysisRate` (25 ms).
    static let window = 400
    /// Frame spacing, samples at `analysisRate` (5 ms: 10 ms frames alone leave ±5 ms steps).
    static let hop = 80
    /// How fast the tail estimate decays, dB per second (an RT60 of 0.3 s).
    static let tailDecayDBPerSecond: Float = 200
    /// The tail never removes more than this from a frame, dB.
    static let tailFloorDB: Float = -12
    static let bands = 40

    let frameCount: Int
    let dimensions: Int
    /// Frame-major: `values[k · dimensions + d]`.
    var values: [Float]
    /// Level of each frame, dB (log-mel energy summed over bands).
    var levels: [Float]

    init(frameCount: Int, dimensions: Int, values: [Float], levels: [Float]) {
        self.frameCount = frameCount
        self.dimensions = dimensions
        self.values = values
        self.levels = levels
    }

    /// `signal` at `analysisRate`.
    static func analysisSignal(_ signal: [Float], sampleRate: Int) throws -> [Float] {
        sampleRate == Self.analysisRate ? signal : try Resampler.resample(signal, from: sampleRate, to: Self.analysisRate)
    }

    /// The log-mel spectrogram of `x` (at `analysisRate`) the features are made from.
    static func spectrogram(analysis x: [Float]) throws -> LogMelSpectrogram {
        var config = LogMelConfiguration()
        config.sampleRate = Double(Self.analysisRate)
        config.windowLength = Self.window
        config.hop = Self.hop
        config.fftSize = 512
        config.bands = Self.bands
        config.fmin = 60
        config.fmax = 7_600
        config.floorBelowPeakDB = 80
        return try LogMelExtractor(configuration: config).compute(x)
    }

    /// Features of band powers heard in `room` and held at `floor` (several rooms are tried
    /// on one take, so the powers are converted from dB once); the levels stay the signal's own.
    init(powers p: BandPowers, room: RoomModel = .dry, floor: BandFloor? = nil) {
        self.init(direct: Self.direct(p, room: room, floor: floor), bands: p.bands, levels: p.levels)
    }

    /// The band levels of `p` heard in `room`, held at `floor`, with the tail taken out, dB,
    /// frame-major.
    static func direct(_ p: BandPowers, room: RoomModel = .dry, floor: BandFloor? = nil) -> [Float] {
        var heard = room.applied(toPower: p.power, frames: p.frames, bands: p.bands)
        if let floor { heard = floor.applied(toPower: heard, frames: p.frames, bands: p.bands) }
        return removingTail(heard, frames: p.frames, bands: p.bands)
    }

    /// Features of direct-sound band levels (dB, frame-major, `bands` per frame): the levels
    /// and their rises, z-scored.
    init(direct: [Float], bands: Int, levels: [Float]) {
        frameCount = levels.count
        dimensions = 2 * bands
        self.levels = levels
        var onsets = [Float](repeating: 0, count: direct.count)
        for k in 1..<max(frameCount, 1) {
            for b in 0..<bands {
                onsets[k * bands + b] = max(direct[k * bands + b] - direct[(k - 1) * bands + b], 0)
            }
        }
        var both = [Float](repeating: 0, count: frameCount * dimensions)
        for k in 0..<frameCount {
            for b in 0..<bands {
                both[k * dimensions + b] = direct[k * bands + b]
                both[k * dimensions + bands + b] = onsets[k * bands + b]
            }
        }
        Self.standardize(&both, frames: frameCount, dimensions: dimensions)
        values = both
    }

    /// Band powers (frame-major) in dB with, per band, the power a decaying tail of the
    /// earlier frames explains removed (at most `tailFloorDB`): the tail starts at each
    /// frame's power and falls by `tailDecayDBPerSecond`.
    static func removingTail(_ powers: [Float], frames: Int, bands: Int) -> [Float] {
        let decay = powf(10, -tailDecayDBPerSecond * Float(hop) / Float(analysisRate) / 10)
        let keep = powf(10, tailFloorDB / 10)
        var tail = [Float](repeating: 0, count: bands)
        var out = powers
        for k in 0..<frames {
            for b in 0..<bands {
                let power = powers[k * bands + b]
                tail[b] *= decay
                out[k * bands + b] = 10 * log10f(max(power - tail[b], power * keep))
                tail[b] = max(tail[b], power)
            }
        }
        return out
    }

    /// Z-scores every dimension over the frames (mean 0, standard deviation 1).
    private static func standardize(_ v: inout [Float], frames: Int, dimensions: Int) {
        guard frames > 0 else { return }
        for d in 0..<dimensions {
            var sum = 0.0
            var squares = 0.0
            for k in 0..<frames {
                let x = Double(v[k * dimensions + d])
                sum += x
                squares += x * x
            }
            let mean = sum / Double(frames)
            let sd = (max(squares / Double(frames) - mean * mean, 0)).squareRoot() + 1e-6
            for k in 0..<frames { v[k * dimensions + d] = Float((Double(v[k * dimensions + d]) - mean) / sd) }
        }
    }
}

extension WarpFeatures {
    /// Every `factor` frames averaged into one (the last group may be shorter), for a coarse
    /// search whose path bounds the fine one.
    func coarsened(by factor: Int) -> WarpFeatures {
        let frames = (frameCount + factor - 1) / factor
        var v = [Float](repeating: 0, count: frames * dimensions)
        var l = [Float](repeating: -.infinity, count: frames)
        for k in 0..<frameCount {
            let c = k / factor
            let n = Float(min(factor, frameCount - c * factor))
            for d in 0..<dimensions { v[c * dimensions + d] += values[k * dimensions + d] / n }
            l[c] = max(l[c], levels[k])
        }
        return WarpFeatures(frameCount: frames, dimensions: dimensions, values: v, levels: l)
    }
}

/// Linear band powers of a log-mel spectrogram, and its frame levels (dB).
struct BandPowers {
    let frames: Int
    let bands: Int
    /// Frame-major: `power[k · bands + b]`.
    let power: [Float]
    let levels: [Float]

    init(_ mel: LogMelSpectrogram) {
        frames = mel.frameCount
        bands = mel.bandCount
        power = mel.values.map { powf(10, $0 / 10) }
        levels = mel.frameLevels
    }
}
