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
                        for i in 0..<bins {
                            let v = xr[i]
                            let j = 2 * i - 1
                            if j >= 0 { yr[j] += w0 * v }
                            yr[j + 1] += w1 * v
                            if j + 2 < outF { yr[j + 2] += w2 * v }
                        }
                    }
                }
            }
        }
        return y
    }
}
