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
        try self.init(channels: buffer.channels, sampleRate: buffer.sampleRate, timeReference: timeReference,
                      name: name, tuning: tuning)
    }

    /// Takes the channels over (DC is removed in place, without a copy when not shared).
    init(channels input: consuming [[Float]], sampleRate: Int, timeReference: UInt64?, name: String,
         tuning: AlignmentTuning) throws {
        var chans = input
        guard let first = chans.first, !first.isEmpty else { throw AlignError.emptyAudio(name) }
        let frames = first.count
        let analyzer = try FeatureAnalyzer(tuning: tuning)
        var feats: [FeatureTrack] = []
        for c in chans.indices {
            DCRemoval.removeMean(&chans[c])
            feats.append(try analyzer.features(of: chans[c], sampleRate: sampleRate, withLevels: false))
        }
        self.sampleRate = sampleRate
        frameCount = frames
        channels = chans
        features = feats
        self.timeReference = timeReference
        self.name = name
    }

    /// Reads and analyses a guide file.
    public init(path: String, tuning: AlignmentTuning = AlignmentTuning()) throws {
        let reader = try AudioReader(path: path)
        let metadata = reader.metadata
        let channels = try reader.readAll().channels
        try self.init(channels: channels, sampleRate: reader.format.sampleRate,
                      timeReference: metadata.bext?.timeReference, name: path, tuning: tuning)
    }
}

/// Mean removal: a DC offset would otherwise dominate a waveform correlation.
enum DCRemoval {
    static func removeMean(_ x: inout [Float]) {
        guard !x.isEmpty else { return }
        var sum = 0.0
        x.withUnsafeBufferPointer { for v in $0 { sum += Double(v) } }
        let m = Float(sum / Double(x.count))
        x.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] -= m } }
    }

    static func removingMean(_ x: [Float]) -> [Float] {
        guard !x.isEmpty else { return x }
        var sum = 0.0
        for v in x { sum += Double(v) }
        let m = Float(sum / Double(x.count))
        return x.map { $0 - m }
    }
}
