/// Samples held in memory, one array per channel (planar), normalised to ±1.0.
///
/// For whole short files (takes, test signals). Long files are streamed with
/// ``AudioReader/read(into:frames:)`` instead.
public struct AudioBuffer: Sendable, Equatable {
    public var sampleRate: Int
    public var channels: [[Float]]
    public var frameCount: Int

    public init(sampleRate: Int, channels: [[Float]]) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.frameCount = channels.first?.count ?? 0
    }

    /// `channelCount` channels of `frameCount` zero samples.
    public init(sampleRate: Int, channelCount: Int, frameCount: Int) {
        self.sampleRate = sampleRate
        self.channels = Array(repeating: [Float](repeating: 0, count: frameCount), count: channelCount)
        self.frameCount = frameCount
    }

    public var channelCount: Int { channels.count }

    /// The samples interleaved frame by frame (the order files and libsndfile use).
    public func interleaved() -> [Float] {
        let n = channels.count
        guard n > 0 else { return [] }
        if n == 1 { return Array(channels[0].prefix(frameCount)) }
        var out = [Float](repeating: 0, count: frameCount * n)
        out.withUnsafeMutableBufferPointer { dst in
            for c in 0..<n {
                channels[c].withUnsafeBufferPointer { src in
                    var j = c
                    for i in 0..<frameCount {
                        dst[j] = src[i]
                        j += n
                    }
                }
            }
        }
        return out
    }

    /// A buffer from interleaved samples.
    public init(sampleRate: Int, interleaved: UnsafeBufferPointer<Float>, channelCount: Int) {
        let frames = channelCount > 0 ? interleaved.count / channelCount : 0
        var chans: [[Float]] = []
        chans.reserveCapacity(channelCount)
        for c in 0..<channelCount {
            chans.append([Float](unsafeUninitializedCapacity: frames) { dst, count in
                var j = c
                for i in 0..<frames {
                    dst[i] = interleaved[j]
                    j += channelCount
                }
                count = frames
            })
        }
        self.sampleRate = sampleRate
        self.channels = chans
        self.frameCount = frames
    }
}
