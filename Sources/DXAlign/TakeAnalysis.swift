#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DXAudio
import DXSignal

/// A take prepared for alignment: mono, DC removed, at the guide's sample rate (resampled with
/// libsoxr when it differs: a 44.1 kHz take against a 48 kHz guide), its features, and the
/// utterances that may be the line — so a spoken slate, a cough or a rustle in a long take
/// never becomes part of the pattern searched for.
public struct TakeAnalysis: Sendable {
    public let name: String
    /// The take file's own rate.
    public let fileSampleRate: Int
    /// The rate of `samples` (the guide's).
    public let sampleRate: Int
    public let samples: [Float]
    public let features: FeatureTrack
    /// Candidate line regions in feature frames (10 ms), strongest first.
    public let utterances: [Range<Int>]
    /// Whether `utterances` came from `--take-range` rather than activity detection.
    public let rangeGiven: Bool
    /// `samples` decimated for the waveform refinement (`WaveformRefiner.decimatedTake`), made
    /// here so a single alignment prepares it beside the guide's analysis.
    let refinementSamples: [Float]
    /// The band `refinementSamples` were low-passed for.
    let refinementBand: ClosedRange<Double>

    public var durationSeconds: Double { Double(samples.count) / Double(sampleRate) }

    /// - Parameters:
    ///   - range: seconds of the take holding the line (`--take-range`), instead of detection.
    public init(buffer: AudioBuffer, name: String, sampleRate target: Int, range: ClosedRange<Double>? = nil,
                analyzer: FeatureAnalyzer) throws {
        guard buffer.frameCount > 0, buffer.channelCount > 0 else { throw AlignError.emptyAudio(name) }
        var mono = buffer.channels[0]
        if buffer.channelCount > 1 {
            let scale = 1 / Float(buffer.channelCount)
            for c in buffer.channels.dropFirst() { for i in mono.indices { mono[i] += c[i] } }
            for i in mono.indices { mono[i] *= scale }
        }
        if buffer.sampleRate != target {
            mono = try Resampler.resample(mono, from: buffer.sampleRate, to: target)
        }
        let x = DCRemoval.removingMean(mono)
        guard x.contains(where: { abs($0) > 1e-6 }) else { throw AlignError.silentTake(name) }
        let track = try analyzer.features(of: x, sampleRate: target)
        let tuning = analyzer.tuning
        if let range {
            let frames = Double(tuning.featureSampleRate) / Double(tuning.featureHop)
            let a = max(0, Int((range.lowerBound * frames).rounded(.down)))
            let b = min(track.frameCount, Int((range.upperBound * frames).rounded(.up)))
            guard b - a >= 10 else {
                throw AlignError.badRange(take: name, range: range, takeSeconds: Double(x.count) / Double(target), problem: .tooShort)
            }
            utterances = [a..<b]
        } else {
            utterances = Utterances.detect(levels: track.frameLevels, tuning: tuning)
        }
        rangeGiven = range != nil
        self.name = name
        fileSampleRate = buffer.sampleRate
        sampleRate = target
        samples = x
        features = track
        refinementSamples = WaveformRefiner.decimatedTake(x, sampleRate: target, tuning: tuning)
        refinementBand = tuning.refineBand
    }
}

/// Activity detection on a clean studio take: frames within `activityRangeDB` of the loudest
/// frame, split where the take is quiet for over a second.
enum Utterances {
    static func detect(levels: [Float], tuning: AlignmentTuning) -> [Range<Int>] {
        guard let loudest = levels.max() else { return [] }
        let threshold = loudest - tuning.activityRangeDB
        var segments: [Range<Int>] = []
        var start = -1, previous = -1
        for (t, level) in levels.enumerated() where level > threshold {
            if start < 0 {
                start = t
            } else if t - previous > tuning.utteranceGapFrames {
                segments.append(start..<(previous + 1))
                start = t
            }
            previous = t
        }
        if start >= 0 { segments.append(start..<(previous + 1)) }
        let long = segments.filter { $0.count >= tuning.minimumUtteranceFrames }
        let kept = long.isEmpty ? segments : long
        func strength(_ r: Range<Int>) -> Double {
            r.reduce(0.0) { $0 + Double(powf(10, (levels[$1] - loudest) / 10)) }
        }
        let ranked = kept.map { ($0, strength($0)) }.sorted { $0.1 > $1.1 }.map(\.0)
        let pad = tuning.utterancePadFrames
        return ranked.prefix(tuning.maximumUtterances).map {
            max(0, $0.lowerBound - pad)..<min(levels.count, $0.upperBound + pad)
        }
    }
}
