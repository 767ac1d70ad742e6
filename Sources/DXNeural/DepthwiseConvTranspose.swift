/// The ERB decoder's upsampling layer: a depthwise ConvTranspose2d with kernel 1×3, frequency
/// stride 2, padding 1 and output padding 1, so `F` bins become exactly `2F` (8→16, 16→32).
/// Each input bin `i` spreads to output bins `2i − 1, 2i, 2i + 1` with the channel's three taps.
/// Weight layout ONNX `[channels, 1, 1, 3]`; no bias (the following pointwise conv has it).
public struct DepthwiseConvTranspose: Sendable {
    public let channels: Int
    let weight: [Float]

    public init(weight: [Float], shape: [Int]) throws {
        guard shape.count == 4, shape[1] == 1, shape[2] == 1, shape[3] == 3, weight.count == shape[0] * 3
        else { throw NeuralError.badWeights("conv-transpose weight shape \(shape)") }
        channels = shape[0]
        self.weight = weight
    }

    /// `[C, T, F]` → `[C, T, 2F]`.
    public func callAsFunction(_ x: FeatureMap) -> FeatureMap {
        precondition(x.channels == channels)
        let outF = 2 * x.bins
        var y = FeatureMap(channels: channels, frames: x.frames, bins: outF)
        let bins = x.bins
        x.values.withUnsafeBufferPointer { xv in
            y.values.withUnsafeMutableBufferPointer { yv in
                for c in 0..<channels {
                    let w0 = weight[c * 3], w1 = weight[c * 3 + 1], w2 = weight[c * 3 + 2]
                    for t in 0..<x.frames {
                        let xr = xv.baseAddress! + (c * x.frames + t) * bins, yr = yv.baseAddress! + (c * x.frames + t) * outF
                        // Gathered per output bin: 2i takes w1·x[i] only, 2i+1 takes
                        // w2·x[i] + w0·x[i+1] (the sum order of spreading each input in turn).
                        for i in 0..<max(bins - 1, 0) {
                            yr[2 * i] = w1 * xr[i]
                            yr[2 * i + 1] = w2 * xr[i] + w0 * xr[i + 1]
                        }
                        if bins > 0 {
                            yr[2 * bins - 2] = w1 * xr[bins - 1]
                            yr[2 * bins - 1] = w2 * xr[bins - 1]
                        }
                    }
                }
            }
        }
        return y
    }
}
