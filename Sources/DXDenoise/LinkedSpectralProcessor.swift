import DXSignal
import Glibc

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
    private let speechBands: Range<Int>
    private let amountFloorDB: Float
    /// `--method auto`: how the learned gain is mixed in, and its band power per frame.
    var fusion = FusedGain()
    private let learnedPower: FloatRow
    /// `--method auto`: each band's largest learned weight from its own SNR, per frame.
    private let bandGuard: LearnedBandGuard
    private let bandLimit: FloatRow
    /// `--method auto` with hum removed: the removed hum's band powers and, from them, each
    /// band's least learned weight per frame (`HumResidueGuard`).
    private let humGuard = HumResidueGuard()
    private let removedPower: FloatRow
    private let bandFloor: FloatRow
    /// `--method auto`: per channel, each band's learned weight in this frame, and whether the
    /// model had any: then the bins take their phase partly from the learned estimate
    /// (LearnedPhase.swift).
    private let bandWeights: [FloatRow]
    private var learnedPhase: [Bool]
    /// The learned gain's floor, dB: from the `--amount` asked for, never the crowd-limited
    /// classical amount (a crowd is what the model is for), and not raised in frames with
    /// speech as the classical floor is: the model tells noise between a voice's harmonics
    /// from the voice (bench seeds 1 / 2 / 3 against the raised floor: PESQ-WB +0.02 / +0.01
    /// / +0.02, SI-SDRi +0.12 / +0.08 / +0.07 dB, ESTOI +0.002 / +0.002 / +0.003; babble
    /// −0.02…−0.04 dB, its PESQ-WB −0.01…−0.02).
    var learnedAmountFloorDB: Float = 0
    /// Sum of the learned gain's mean weight per channel frame, and the number of channel frames.
    private(set) var learnedShareSum = 0.0
    private(set) var fusedFrames = 0

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
                                       speechPriorSNRdB: DenoiseTuning.speechPriorSNRdB,
                                       maximumRiseDBPerSecond: DenoiseTuning.trackerGuardRiseDBPerSecond)
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
        learnedPower = FloatRow(count: n)
        bandLimit = FloatRow(count: n)
        removedPower = FloatRow(count: n)
        bandFloor = FloatRow(count: n)
        bandWeights = (0..<channelCount).map { _ in FloatRow(count: n) }
        learnedPhase = Array(repeating: false, count: channelCount)
        let binHz = Double(sampleRate) / Double(frameSize)
        speechBands = min(Int(300 / binHz), n)..<min(Int(4000 / binHz), n)
        bandGuard = LearnedBandGuard(firstBand: min(Int(DenoiseTuning.learnedBandGuardLowHz / binHz), n))
        amountFloorDB = Float(amountDB * DenoiseTuning.floorPerAmount)
    }

    /// Band powers of one frame's spectrum into `into`.
    private func bandPower(_ frame: UnsafeMutableBufferPointer<ComplexFloat>, into: UnsafeMutablePointer<Float>) {
        let bins = bands.binCount, bp = binPower.base
        precondition(frame.count >= bins)
        frame.baseAddress!.withMemoryRebound(to: Float.self, capacity: 2 * bins) { raw in
            for k in 0..<bins {
                let re = raw[2 * k], im = raw[2 * k + 1]
                bp[k] = re * re + im * im
            }
        }
        bands.average(bp, into: into)
    }

    /// Applies the linked gain to one frame of every channel, in place.
    /// - Parameters:
    ///   - learned: `--method auto`: per channel, the spectrum of the learned estimate of the
    ///     same samples (same STFT), whose gain is mixed into the classical one (`FusedGain`).
    ///   - learnedWeights: per channel, the frame's learned weight (`FusedGain.frameWeight`).
    ///   - hum: with `learned`, per channel, the spectrum of the hum the de-hum stage removed
    ///     from the same samples (`HumResidueGuard`); nil when no hum was removed.
    func process(_ frames: [UnsafeMutableBufferPointer<ComplexFloat>],
                 learned: [UnsafeMutableBufferPointer<ComplexFloat>]? = nil, learnedWeights: [Float] = [],
                 hum: [UnsafeMutableBufferPointer<ComplexFloat>]? = nil) {
        precondition(frames.count == channelCount)
        let bins = bands.binCount, n = bands.count
        let p = power.base, g = gain.base, linked = linked.base
        for c in 0..<channelCount {
            bandPower(frames[c], into: p)
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
            // Frame-level speech presence: the share of the 300 Hz–4 kHz bins that look like
            // speech. Where speech is present the floor rises (to `speechFrameFloorDB`): noise
            // there is masked by the voice, and a shallower floor distorts the voice less
            // (measured on bench seed 1 against α 0.8 alone: +0.15 dB SI-SDRi at 20 dB SNR,
            // babble STOI 0.003 closer to the input, PESQ +0.005, mean SI-SDRi unchanged).
            var ratio: Float = 0
            for k in speechBands { ratio += sp[k] }
            ratio /= Float(max(speechBands.count, 1))
            let low = DenoiseTuning.speechFrameRatio.lowerBound, high = DenoiseTuning.speechFrameRatio.upperBound
            let w = min(max((ratio - low) / (high - low), 0), 1)
            let floorDB = amountFloorDB + w * (min(DenoiseTuning.speechFrameFloorDB, amountFloorDB) - amountFloorDB)
            rules[c].compute(power: p, noise: noise, speechProbability: sp,
                             gain: c == 0 ? linked : g, floorDB: floorDB)
            learnedPhase[c] = false
            if let learned {
                var speech: Float = 0, floor: Float = 0
                for k in speechBands { speech += p[k]; floor += noise[k] }
                let frameSNR = 10 * log10f(max(speech, 1e-30) / max(floor, 1e-30))
                let weight = min(learnedWeights[c], fusion.trackerLimit(frameSNR: frameSNR))
                // Bands the de-hum stage took much hum out of get the learned gain (`HumResidueGuard`).
                var humFloor = false
                if let hum {
                    bandPower(hum[c], into: removedPower.base)
                    humFloor = humGuard.fill(bandFloor.base, removed: removedPower.base, power: p, count: n)
                }
                if weight > 0 || humFloor {  // else the classical gain stands: no learned band powers needed
                    bandPower(learned[c], into: learnedPower.base)
                    // Bands far above the tracked floor keep the classical gain (`LearnedBandGuard`).
                    bandGuard.fill(bandLimit.base, power: p, noise: noise, count: n, shift: fusion.crowd * fusion.crowdShift)
                    learnedShareSum += Double(fusion.combine(
                        gain: c == 0 ? linked : g, learnedPower: learnedPower.base, inputPower: p,
                        weight: weight, classicalFloor: powf(10, -floorDB / 20),
                        learnedFloor: powf(10, -learnedAmountFloorDB / 20), count: n, bandLimit: bandLimit.base,
                        bandFloor: humFloor ? UnsafePointer(bandFloor.base) : nil, weights: bandWeights[c].base))
                    learnedPhase[c] = true
                }
                fusedFrames += 1
            }
            if c > 0 { for k in 0..<n { linked[k] = max(linked[k], g[k]) } }
        }
        for c in 0..<channelCount {
            frames[c].baseAddress!.withMemoryRebound(to: Float.self, capacity: 2 * bins) { raw in
                if learnedPhase[c], let learned {
                    learned[c].baseAddress!.withMemoryRebound(to: Float.self, capacity: 2 * bins) { l in
                        bands.apply(linked, weights: bandWeights[c].base, to: raw, learned: l)
                    }
                } else {
                    bands.apply(linked, to: raw)
                }
            }
        }
    }
}

/// Tuned constants (measured on the bench set; see README: dx-denoise).
enum DenoiseTuning {
    /// Decision-directed weight α (0.95 and 0.98 measured worse at 20 dB SNR and on ESTOI).
    static let decisionDirectedWeight: Float = 0.8
    /// ξ_min sits this far below the floor.
    static let prioriMarginDB: Double = 0
    static let trackerFloor: Float = 1.0
    /// The gain floor sits deeper than `--amount` so that steady noise in pauses is reduced by
    /// the amount asked: the speech-presence weighting lets part of a noise periodogram's
    /// peaks through (measured on the tone-in-noise test with α 0.8: 1.2 gave 17.2 dB for
    /// `--amount 20`; 1.35 gives 13.2 dB for 12 and 18.3 dB for 20).
    static let floorPerAmount = 1.35
    /// Noise tracker time constant, s (0.3 measured 0.1 dB SI-SDRi lower on seeds 1 and 2, mostly traffic).
    static let noiseTimeConstant = 0.2
    static let presenceTimeConstant = 0.08
    static let speechPriorSNRdB = 15.0
    /// The tracker's stagnation guard raises the estimate by at most this, dB/s
    /// (`SpeechPresenceNoiseTracker`; bench seed 1 classical, SI-SDRi / PESQ-WB / 20 dB SNR:
    /// unlimited 9.58 / 1.839 / +5.73, 15 dB/s 9.71 / 1.853 / +6.19, 10 dB/s 9.72 / 1.855 /
    /// +6.21, 5 dB/s 9.72 / 1.856 / +6.23, no guard at all 9.72 / 1.858 / +6.25; a guard is
    /// kept so that a step up of the noise is still followed; the slower the rise, the less a
    /// long whisper lifts the estimate: in auto over a −65 dBFS floor 31.1 dB SI-SDR against
    /// the input at 10 dB/s, 34.5 dB at 5 dB/s).
    static let trackerGuardRiseDBPerSecond = 5.0
    /// `--method auto`: band SNR over the tracked noise, dB, from which the learned weight is
    /// held down, reaching 0 at the upper bound (`LearnedBandGuard`). Before the hum stage's
    /// burst weighting (bench seeds 1 / 3, auto, PESQ-WB / at 20 dB SNR): 10…20 dB 2.191 /
    /// +6.72, 2.201 / +7.50; 10…23 dB 2.204 / +6.62, 2.218 / +7.40; 12…25 dB 2.209 / +6.49,
    /// 2.229 / +7.28. With it, classical rose to +7.75 at 20 dB on seed 3 and 10…23 dB gave
    /// auto +7.74; 10…20 dB: PESQ-WB 2.333 / 2.363 / 2.324 (seeds 1 / 2 / 3; 10…23: 2.336 /
    /// 2.370 / 2.329), at 20 dB +6.78 / +7.40 / +7.85 against classical's +6.31 / +6.87 / +7.75.
    static let learnedBandSNRRange: ClosedRange<Float> = 10...20
    /// `--method auto`: the band guard starts here, Hz (`LearnedBandGuard`).
    static let learnedBandGuardLowHz = 150.0
    /// `--method auto` with hum removed: removed hum over the de-hummed band power, dB, over
    /// which the learned weight's floor rises from 0 to 1 (`HumResidueGuard`).
    static let humResidueRatioRange: ClosedRange<Float> = 0...10
    /// The floor in frames judged to hold speech, dB (never deeper than the `--amount` floor).
    static let speechFrameFloorDB: Float = 18
    /// Share of speech-band bins with speech: at the lower bound and below the frame is a
    /// pause (full floor); at the upper bound and above, speech (`speechFrameFloorDB`).
    static let speechFrameRatio: ClosedRange<Float> = 0.2...0.5
    /// Background modulation, dB (`QuietestStretch.measure`), from which the reduction moves
    /// towards `speechLikeBackgroundAmountDB`, reaching it at the upper bound (bench seeds 1
    /// and 2: steady and traffic noise measure ≤ 1.3 dB, babble ≥ 3.4 dB).
    static let speechLikeModulation: ClosedRange<Double> = 2.0...3.0
    /// Modulation, dB, from which the quietest stretch of a look-ahead that also holds a pause
    /// of digital silence is taken for the voice, not a background (`Plan.lookAhead`): the top
    /// of `speechLikeModulation` (steady backgrounds measure ≤ 1.3 dB; clean espeak-ng lines
    /// 6.8–15.4 dB, clean bench files 8.7–20.9 dB).
    static let cleanRecordingModulation = 3.0
}
