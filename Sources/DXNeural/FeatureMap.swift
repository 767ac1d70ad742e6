/// A `[channels, frames, bins]` float tensor (batch 1), the layout of every convolutional
/// stage of DeepFilterNet3 (scripts/dfn3/GRAPH.md). Stored flat, bins fastest, so a
/// pointwise convolution is a sum of contiguous `frames·bins` rows.
public struct FeatureMap: Sendable, Equatable {
    public let channels: Int
    public let frames: Int
    public let bins: Int
    public var values: [Float]

    public init(channels: Int, frames: Int, bins: Int, values: [Float]) {
        precondition(values.count == channels * frames * bins, "FeatureMap: \(values.count) values for \(channels)×\(frames)×\(bins)")
        self.channels = channels
        self.frames = frames
        self.bins = bins
        self.values = values
    }

    public init(channels: Int, frames: Int, bins: Int) {
        self.init(channels: channels, frames: frames, bins: bins, values: [Float](repeating: 0, count: channels * frames * bins))
    }

    @inline(__always) public subscript(c: Int, t: Int, f: Int) -> Float {
        get { values[(c * frames + t) * bins + f] }
        set { values[(c * frames + t) * bins + f] = newValue }
    }

    /// Per-frame vectors `v[t][f·channels + c]` (`[frames, bins·channels]`, row-major): how the
    /// graphs flatten a map before a linear layer (they transpose to `[T, F, C]` first).
    public func frameFlattened() -> [Float] {
        let (channels, frames, bins) = (channels, frames, bins)
        return [Float](unsafeUninitializedCapacity: values.count) { out, count in
            values.withUnsafeBufferPointer { v in
                for t in 0..<frames {
                    for c in 0..<channels {
                        let src = v.baseAddress! + (c * frames + t) * bins
                        let dst = out.baseAddress! + t * bins * channels + c
                        for f in 0..<bins { (dst + f * channels).initialize(to: src[f]) }
                    }
                }
            }
            count = values.count
        }
    }

    /// The inverse of `frameFlattened`: per-frame vectors `[frames, bins·channels]` to a map.
    public static func unflattening(_ rows: [Float], frames: Int, bins: Int, channels: Int) -> FeatureMap {
        precondition(rows.count == frames * bins * channels)
        let values = [Float](unsafeUninitializedCapacity: rows.count) { out, count in
            rows.withUnsafeBufferPointer { r in
                for c in 0..<channels {
                    for t in 0..<frames {
                        let dst = out.baseAddress! + (c * frames + t) * bins
                        let src = r.baseAddress! + t * bins * channels + c
                        for f in 0..<bins { (dst + f).initialize(to: src[f * channels]) }
                    }
                }
            }
            count = rows.count
        }
        return FeatureMap(channels: channels, frames: frames, bins: bins, values: values)
    }

    /// Elementwise max(0, x), in place (every conv block of the model ends in a ReLU).
    public mutating func relu() {
        values.withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] = max(v[i], 0) }
        }
    }

    /// Elementwise sum with a map of the same shape (the decoders' skip additions).
    public mutating func add(_ other: FeatureMap) {
        precondition(other.values.count == values.count)
        other.values.withUnsafeBufferPointer { o in
            values.withUnsafeMutableBufferPointer { v in
                for i in v.indices { v[i] += o[i] }
            }
        }
    }

    /// `a`'s frames followed by `b`'s (same channels and bins): a block with its past frames in front.
    public static func joiningFrames(_ a: FeatureMap, _ b: FeatureMap) -> FeatureMap {
        precondition(a.channels == b.channels && a.bins == b.bins)
        var out = FeatureMap(channels: a.channels, frames: a.frames + b.frames, bins: a.bins)
        for c in 0..<a.channels {
            let dst = c * out.frames * a.bins
            out.values.replaceSubrange(dst..<dst + a.frames * a.bins, with: a.values[c * a.frames * a.bins..<(c + 1) * a.frames * a.bins])
            let dst2 = dst + a.frames * a.bins
            out.values.replaceSubrange(dst2..<dst2 + b.frames * b.bins, with: b.values[c * b.frames * b.bins..<(c + 1) * b.frames * b.bins])
        }
        return out
    }

    /// Frames `start ..< start + count` (all channels).
    public func frames(_ start: Int, count: Int) -> FeatureMap {
        precondition(start >= 0 && start + count <= frames)
        var out = FeatureMap(channels: channels, frames: count, bins: bins)
        for c in 0..<channels {
            let src = (c * frames + start) * bins
            out.values.replaceSubrange(c * count * bins..<(c + 1) * count * bins, with: values[src..<src + count * bins])
        }
        return out
    }
}
