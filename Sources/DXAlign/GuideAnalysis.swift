import DXAudio

/// Everything the aligner needs from a guide, computed once and shared (read-only,
/// `Sendable`) by every take aligned against it: each channel's samples with DC removed, and
/// each channel's feature track. Poly guides are never downmixed: a line recorded on one
/// boom or lav channel is searched on that channel.
public struct GuideAnalysis: Sendable {
    public let sampleRate: Int
    public let frameCount: Int
    /// DC-free samples, one array per channel.
    public let channels: [[Float]]
    /// Features per channel.
    public let features: [FeatureTrack]
    /// The guide's BWF TimeReference (samples since midnight at `sampleRate`), if it has one.
    public let timeReference: UInt64?
    /// Where the guide came from (for messages).
    public let name: String

    public var channelCount: Int { channels.count }
    public var durationSeconds: Double { Double(frameCount) / Double(sampleRate) }

    /// Analyses `buffer` (channels already in memory).
    public init(buffer: AudioBuffer, timeReference: UInt64? = nil, name: String = "guide",
                tuning: AlignmentTuning = AlignmentTuning()) throws {
        guard buffer.frameCount > 0, buffer.channelCount > 0 else {
            throw AlignError.emptyAudio(name)
        }
        let analyzer = try FeatureAnalyzer(tuning: tuning)
        var chans: [[Float]] = []
        var feats: [FeatureTrack] = []
        for c in buffer.channels {
            let x = DCRemoval.removingMean(c)
            feats.append(try analyzer.features(of: x, sampleRate: buffer.sampleRate, withLevels: false))
            chans.append(x)
        }
        sampleRate = buffer.sampleRate
        frameCount = buffer.frameCount
        channels = chans
        features = feats
        self.timeReference = timeReference
        self.name = name
    }

    /// Reads and analyses a guide file.
    public init(path: String, tuning: AlignmentTuning = AlignmentTuning()) throws {
        let (buffer, _, metadata) = try AudioFile.read(path)
        try self.init(buffer: buffer, timeReference: metadata.bext?.timeReference, name: path, tuning: tuning)
    }
}

/// Mean removal: a DC offset would otherwise dominate a waveform correlation.
enum DCRemoval {
    static func removingMean(_ x: [Float]) -> [Float] {
        guard !x.isEmpty else { return x }
        var sum = 0.0
        for v in x { sum += Double(v) }
        let m = Float(sum / Double(x.count))
        return x.map { $0 - m }
    }
}
