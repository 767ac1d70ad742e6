import CVectorKernels
import DXAudio

/// Everything the aligner needs from a guide, computed once and shared (read-only,
/// `Sendable`) by every take aligned against it: each channel's feature track, and where its
/// DC-free samples come from for the waveform refinement. Poly guides are never downmixed: a
/// line recorded on one boom or lav channel is searched on that channel.
public struct GuideAnalysis: Sendable {
    public let sampleRate: Int
    public let frameCount: Int
    public let channelCount: Int
    /// Features per channel.
    public let features: [FeatureTrack]
    /// The guide's BWF TimeReference (samples since midnight at `sampleRate`), if it has one.
    public let timeReference: UInt64?
    /// Where the guide came from (for messages).
    public let name: String
    /// The samples: held in memory, or read back from the file where the refinement needs them.
    let audio: Audio

    enum Audio: Sendable {
        /// DC-free samples, one array per channel.
        case memory([[Float]])
        /// The file, and each channel's mean (subtracted from what is read back).
        case file(path: String, means: [Float])
    }

    public var durationSeconds: Double { Double(frameCount) / Double(sampleRate) }

    /// Analyses `buffer` (channels already in memory).
    public init(buffer: AudioBuffer, timeReference: UInt64? = nil, name: String = "guide",
                tuning: AlignmentTuning = AlignmentTuning()) throws {
        try self.init(channels: buffer.channels, sampleRate: buffer.sampleRate, timeReference: timeReference,
                      name: name, tuning: tuning)
    }

    /// Takes the channels over (DC is removed in place, without a copy when not shared).
    /// `tasks`: how many cores analyse each channel (stretches of a long guide at once).
    init(channels input: consuming [[Float]], sampleRate: Int, timeReference: UInt64?, name: String,
         tuning: AlignmentTuning, tasks: Int = 1) throws {
        var chans = input
        guard let first = chans.first, !first.isEmpty else { throw AlignError.emptyAudio(name) }
        let frames = first.count
        let analyzer = try FeatureAnalyzer(tuning: tuning)
        var feats: [FeatureTrack] = []
        for c in chans.indices {
            DCRemoval.removeMean(&chans[c])
            feats.append(try analyzer.features(of: chans[c], sampleRate: sampleRate, withLevels: false, tasks: tasks))
        }
        self.sampleRate = sampleRate
        frameCount = frames
        channelCount = chans.count
        features = feats
        audio = .memory(chans)
        self.timeReference = timeReference
        self.name = name
    }

    private init(sampleRate: Int, frameCount: Int, channelCount: Int, features: [FeatureTrack], audio: Audio,
                 timeReference: UInt64?, name: String) {
        self.sampleRate = sampleRate
        self.frameCount = frameCount
        self.channelCount = channelCount
        self.features = features
        self.audio = audio
        self.timeReference = timeReference
        self.name = name
    }

    /// Reads and analyses a guide file; `tasks` cores analyse each channel (the single-take
    /// command uses both cores on one guide; a batch parallelises across takes instead).
    ///
    /// A guide at a whole multiple of the feature rate (48 kHz) is analysed as it is read and
    /// not kept in memory (see `GuideStreaming`); the refinement reads back the few stretches
    /// it needs. Other rates are read whole and resampled for the features.
    public init(path: String, tuning: AlignmentTuning = AlignmentTuning(), tasks: Int = 1) throws {
        let reader = try AudioReader(path: path)
        let metadata = reader.metadata
        let rate = reader.format.sampleRate
        let total = Int(reader.frameCount)
        let channels = reader.format.channels
        let factor = rate % tuning.featureSampleRate == 0 ? rate / tuning.featureSampleRate : 0
        let configuration = FeatureAnalyzer.configuration(tuning, factor: 1)
        let decimator = FeatureAnalyzer.decimator(tuning, factor: max(factor, 1))
        if factor >= 1, decimator.outputCount(forInput: total) >= configuration.windowLength, reader.warnings.isEmpty {
            do {
                let (spectrograms, means) = try GuideStreaming.analyse(
                    path: path, frameCount: total, channels: channels, configuration: configuration,
                    decimator: decimator, tasks: tasks)
                let analyzer = try FeatureAnalyzer(tuning: tuning)
                self.init(sampleRate: rate, frameCount: total, channelCount: channels,
                          features: spectrograms.map { analyzer.group($0, withLevels: false) },
                          audio: .file(path: path, means: means.map { Float($0) }),
                          timeReference: metadata.bext?.timeReference, name: path)
                return
            } catch is GuideStreaming.ShortRead {
                // The file ends before its header says: read what is there, as a whole.
            }
        }
        try self.init(channels: try GuideReading.planar(reader), sampleRate: rate,
                      timeReference: metadata.bext?.timeReference, name: path, tuning: tuning, tasks: tasks)
    }
}

/// Reads a whole file straight into one array per channel: a mono file is read into its
/// channel array (no interleaved copy), a poly file through a small interleaved block, and
/// nothing is zero-filled first (for a 10-minute guide the page faults of the extra copies
/// cost as much as the analysis).
enum GuideReading {
    static func planar(_ reader: AudioReader) throws -> [[Float]] {
        let channels = reader.format.channels
        guard reader.frameCount * Int64(channels) <= AudioReader.readAllLimit else {
            throw AudioError(.unsupported, path: reader.path,
                             "\(reader.frameCount) frames × \(channels) channels is too long to hold in memory")
        }
        let total = Int(reader.frameCount)
        let block = 1 << 16
        if channels == 1 {
            var error: (any Error)?
            let samples = [Float](unsafeUninitializedCapacity: total) { buffer, count in
                var done = 0
                do {
                    while done < total {
                        let want = min(block, total - done)
                        let n = try reader.read(into: UnsafeMutableBufferPointer(rebasing: buffer[done..<(done + want)]),
                                                frames: want)
                        if n == 0 { break }
                        done += n
                    }
                } catch let e {
                    error = e
                }
                count = done
            }
            if let error { throw error }
            return [samples]
        }
        var out = (0..<channels).map { _ -> [Float] in
            var a: [Float] = []
            a.reserveCapacity(total)
            return a
        }
        var interleaved = [Float](repeating: 0, count: block * channels)
        var done = 0
        while done < total {
            let want = min(block, total - done)
            let n = try interleaved.withUnsafeMutableBufferPointer { try reader.read(into: $0, frames: want) }
            if n == 0 { break }
            interleaved.withUnsafeBufferPointer { x in
                for c in 0..<channels {
                    out[c].append(contentsOf: (0..<n).lazy.map { x[$0 * channels + c] })
                }
            }
            done += n
        }
        return out
    }
}

/// Mean removal: a DC offset would otherwise dominate a waveform correlation.
enum DCRemoval {
    static func removeMean(_ x: inout [Float]) {
        guard !x.isEmpty else { return }
        let m = Float(mean(x))
        x.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] -= m } }
    }

    /// The mean, summed in Double (exact enough for hours of audio).
    static func mean(_ x: [Float]) -> Double {
        x.withUnsafeBufferPointer { sum($0) / Double($0.count) }
    }

    /// Σ x in Double, 8 lanes at a time (vectorised; as AVX code where the processor has it,
    /// `dx_sum_avx`: the same additions in the same order).
    static func sum(_ p: UnsafeBufferPointer<Float>) -> Double {
        if Decimator.avx, let base = p.baseAddress { return dx_sum_avx(base, p.count) }
        return portableSum(p)
    }

    /// `sum` in Swift SIMD (the reference the AVX kernel is tested against).
    static func portableSum(_ p: UnsafeBufferPointer<Float>) -> Double {
        var lanes = SIMD8<Double>()
        let whole = p.count / 8 * 8
        var i = 0
        while i < whole {
            lanes += SIMD8<Double>(Double(p[i]), Double(p[i + 1]), Double(p[i + 2]), Double(p[i + 3]),
                                   Double(p[i + 4]), Double(p[i + 5]), Double(p[i + 6]), Double(p[i + 7]))
            i += 8
        }
        var total = lanes.sum()
        while i < p.count { total += Double(p[i]); i += 1 }
        return total
    }

    static func removingMean(_ x: [Float]) -> [Float] {
        guard !x.isEmpty else { return x }
        let m = Float(mean(x))
        return [Float](unsafeUninitializedCapacity: x.count) { out, count in
            x.withUnsafeBufferPointer { p in
                let (o, q) = (out.baseAddress!, p.baseAddress!)
                for i in 0..<p.count { o[i] = q[i] - m }
            }
            count = x.count
        }
    }
}
