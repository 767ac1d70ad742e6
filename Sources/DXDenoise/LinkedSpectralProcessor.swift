import DXSignal

/// The broadband stage for all channels of a file, one STFT frame at a time: each channel's
/// noise estimate and log-spectral gain are computed on its own, then the channels share one
/// gain per bin (the largest), so a poly production file keeps its image and no channel
/// ducks while another does not.
final class LinkedSpectralProcessor {
    let channelCount: Int
    let bands: GainBands
    private var trackers: [SpeechPresenceNoiseTracker]
    private var fixedNoise: [FloatRow]?
    private var rules: [LogSpectralGain]
    private let binPower: FloatRow
    private let power: FloatRow
    private let gain: FloatRow
    private let linked: FloatRow
    private let scratch: FloatRow
    private let speechBands: Range<Int>
    private let amountFloorDB: Float

    /// - Parameters:
    ///   - initialNoise: per channel, the starting (or, with `adaptive: false`, fixed) noise power per bin.
    init(initialNoise: [[Float]], adaptive: Bool, framesPerSecond: Double, amountDB: Double,
         sampleRate: Int, frameSize: Int) {
        channelCount = initialNoise.count
        let bins = initialNoise.first?.count ?? 0
        let layout = GainBands(binCount: bins, sampleRate: sampleRate, frameSize: frameSize)
        bands = layout
        let n = layout.count
        let noise = initialNoise.map { layout.average($0.map { max($0, 1e-20) }) }
        trackers = noise.map {
            SpeechPresenceNoiseTracker(initial: $0, floorFactor: DenoiseTuning.trackerFloor,
                                       framesPerSecond: framesPerSecond,
                                       noiseTimeConstant: DenoiseTuning.noiseTimeConstant,
                                       presenceTimeConstant: DenoiseTuning.presenceTimeConstant,
                                       speechPriorSNRdB: DenoiseTuning.speechPriorSNRdB)
        }
        fixedNoise = adaptive ? nil : noise.map { FloatRow($0) }
        rules = (0..<channelCount).map { _ in
            LogSpectralGain(binCount: n,
                            decisionDirectedWeight: DenoiseTuning.decisionDirectedWeight,
                            minimumPrioriSNRdB: Float(-max(amountDB, 0) - DenoiseTuning.prioriMarginDB),
                            floorDB: Float(amountDB * DenoiseTuning.floorPerAmount))
        }
        binPower = FloatRow(count: bins)
        power = FloatRow(count: n)
        gain = FloatRow(count: n)
        linked = FloatRow(count: n)
        scratch = FloatRow(count: n)
        let binHz = Double(sampleRate) / Double(frameSize)
        speechBands = min(Int(300 / binHz), n)..<min(Int(4000 / binHz), n)
        amountFloorDB = Float(amountDB * DenoiseTuning.floorPerAmount)
    }

    /// One pass of a [1 2 1]/4 filter across bands, in place (ends mirrored).
    static func smooth(_ x: UnsafeMutablePointer<Float>, _ n: Int, _ tmp: UnsafeMutablePointer<Float>) {
        guard n >= 3 else { return }
        tmp.update(from: x, count: n)
        x[0] = 0.5 * (tmp[0] + tmp[1])
        for k in 1..<(n - 1) { x[k] = 0.25 * (tmp[k - 1] + tmp[k + 1]) + 0.5 * tmp[k] }
        x[n - 1] = 0.5 * (tmp[n - 2] + tmp[n - 1])
    }

    /// Applies the linked gain to one frame of every channel, in place.
    func process(_ frames: [UnsafeMutableBufferPointer<ComplexFloat>]) {
        precondition(frames.count == channelCount)
        let bins = bands.binCount, n = bands.count
        let bp = binPower.base, p = power.base, g = gain.base, linked = linked.base
        for c in 0..<channelCount {
            precondition(frames[c].count >= bins)
            frames[c].baseAddress!.withMemoryRebound(to: Float.self, capacity: 2 * bins) { raw in
                for k in 0..<bins {
                    let re = raw[2 * k], im = raw[2 * k + 1]
                    bp[k] = re * re + im * im
                }
            }
            bands.average(bp, into: p)
            let tracker = trackers[c]
            let noise: UnsafePointer<Float>
            if let fixed = fixedNoise?[c] {
                tracker.probability(power: p, noise: fixed.base)
                noise = UnsafePointer(fixed.base)
            } else {
                tracker.update(power: p)
                noise = UnsafePointer(tracker.noise.base)
            }
            let sp = tracker.speechProbability.base
            for _ in 0..<DenoiseTuning.presenceSmoothingPasses { Self.smooth(sp, n, scratch.base) }
            // Frame-level speech presence: the share of speech-band bins that look like speech.
            var ratio: Float = 0
            for k in speechBands { ratio += sp[k] }
            ratio /= Float(max(speechBands.count, 1))
            let low = DenoiseTuning.frameRatioLow, high = DenoiseTuning.frameRatioHigh
            if high > low {
                let w = min(max((ratio - low) / (high - low), 0), 1)
                for k in 0..<n { sp[k] *= w }
            }
            var floorDB = amountFloorDB
            if DenoiseTuning.speechFloorDB > 0 {
                let w = min(max((ratio - DenoiseTuning.speechFloorLow) / (DenoiseTuning.speechFloorHigh - DenoiseTuning.speechFloorLow), 0), 1)
                floorDB = amountFloorDB + w * (min(DenoiseTuning.speechFloorDB, amountFloorDB) - amountFloorDB)
            }
            rules[c].compute(power: p, noise: noise, speechProbability: sp,
                             gain: c == 0 ? linked : g, floorDB: floorDB)
            if c > 0 { for k in 0..<n { linked[k] = max(linked[k], g[k]) } }
        }
        for _ in 0..<DenoiseTuning.gainSmoothingPasses { Self.smooth(linked, n, scratch.base) }
        for c in 0..<channelCount {
            frames[c].baseAddress!.withMemoryRebound(to: Float.self, capacity: 2 * bins) { raw in
                bands.apply(linked, to: raw)
            }
        }
    }
}

/// Tuned constants (measured on the bench set; see README: dx-denoise).
enum DenoiseTuning {
    static let decisionDirectedWeight = Float(Dev.value("DD", 0.95))
    /// ξ_min sits this far below the floor.
    static let prioriMarginDB = Dev.value("XIMARGIN", 0)
    static let trackerFloor = Float(Dev.value("TRFLOOR", 1.0))
    /// The gain floor sits deeper than `--amount` so that steady noise in pauses is reduced by
    /// the amount asked: the speech-presence weighting lets part of a noise periodogram's
    /// peaks through (measured: floor 20 dB gave 16.9 dB on the tone-in-noise test).
    static let floorPerAmount = Dev.value("FLOORPER", 1.2)
    static let noiseTimeConstant = Dev.value("NTC", 0.3)
    static let presenceTimeConstant = Dev.value("PTC", 0.08)
    static let presenceSmoothingPasses = Int(Dev.value("PSMOOTH", 0))
    static let gainSmoothingPasses = Int(Dev.value("GSMOOTH", 0))
    static let frameRatioLow = Float(Dev.value("FRLOW", 0))
    static let frameRatioHigh = Float(Dev.value("FRHIGH", 0))
    static let speechFloorDB = Float(Dev.value("SFLOOR", 0))
    static let speechFloorLow = Float(Dev.value("SFLOW", 0.1))
    static let speechFloorHigh = Float(Dev.value("SFHIGH", 0.4))
    static let speechPriorSNRdB = Dev.value("SPSNR", 15.0)
}
