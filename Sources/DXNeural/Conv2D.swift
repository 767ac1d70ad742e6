/// A grouped 2-D convolution over (time, frequency) as DeepFilterNet3's graphs use it: causal in
/// time (the `kernelT − 1` frames before the first are zeros; the graphs pad in front only), zero
/// padded by `padF` bins on both sides in frequency, with a frequency stride. Covers the 3×3
/// input convs, the depthwise 1×3 convs (stride 1 or 2), the pointwise 1×1 convs and the 5×1
/// time conv of the DF pathway.
///
/// Weight layout is ONNX's `[out, in/groups, kernelT, kernelF]`; bias `[out]` or none.
public struct Conv2D: Sendable {
    public let inChannels: Int
    public let outChannels: Int
    public let groups: Int
    public let kernelT: Int
    public let kernelF: Int
    public let strideF: Int
    public let padF: Int
    let weight: [Float]
    let bias: [Float]?

    public init(weight: [Float], shape: [Int], bias: [Float]?, inChannels: Int, groups: Int, strideF: Int, padF: Int) throws {
        guard shape.count == 4, shape[1] * groups == inChannels, shape[0] % groups == 0,
              weight.count == shape.reduce(1, *), bias == nil || bias!.count == shape[0]
        else { throw NeuralError.badWeights("conv weight shape \(shape) for \(inChannels) inputs in \(groups) groups") }
        self.inChannels = inChannels
        outChannels = shape[0]
        self.groups = groups
        kernelT = shape[2]
        kernelF = shape[3]
        self.strideF = strideF
        self.padF = padF
        self.weight = weight
        self.bias = bias
    }

    /// Output width for an input of `bins` bins.
    public func outputBins(_ bins: Int) -> Int { (bins + 2 * padF - kernelF) / strideF + 1 }

    /// `[inChannels, T, F]` → `[outChannels, T, outputBins(F)]`, no activation.
    public func callAsFunction(_ x: FeatureMap) -> FeatureMap {
        precondition(x.channels == inChannels, "Conv2D: \(x.channels) channels, expected \(inChannels)")
        let frames = x.frames, outF = outputBins(x.bins)
        var y = FeatureMap(channels: outChannels, frames: frames, bins: outF)
        if kernelT == 1 && kernelF == 1 && groups == 1 {
            pointwise(x, into: &y)
            return y
        }
        let inPerGroup = inChannels / groups, outPerGroup = outChannels / groups
        let plane = frames * outF
        x.values.withUnsafeBufferPointer { xv in
            y.values.withUnsafeMutableBufferPointer { yv in
                for o in 0..<outChannels {
                    let yo = yv.baseAddress! + o * plane
                    if let bias { for i in 0..<plane { yo[i] = bias[o] } }
                    let g = o / outPerGroup
                    for ii in 0..<inPerGroup {
                        let ic = g * inPerGroup + ii
                        for kt in 0..<kernelT {
                            let shift = kt - (kernelT - 1)  // input frame = t + shift (≤ t: causal)
                            for kf in 0..<kernelF {
                                let w = weight[((o * inPerGroup + ii) * kernelT + kt) * kernelF + kf]
                                // Output bins whose input bin f·stride + kf − padF lies inside 0..<bins.
                                let offset = kf - padF
                                let fLo = offset >= 0 ? 0 : (-offset + strideF - 1) / strideF
                                if x.bins - 1 - offset < 0 { continue }
                                let fHi = min(outF, (x.bins - 1 - offset) / strideF + 1)
                                if fLo >= fHi { continue }
                                for t in max(0, -shift)..<frames {
                                    let xr = xv.baseAddress! + (ic * frames + t + shift) * x.bins + offset
                                    let yr = yo + t * outF
                                    if strideF == 1 {
                                        VectorMath.axpy(w, xr + fLo, yr + fLo, fHi - fLo)
                                    } else {
                                        for f in fLo..<fHi { yr[f] += w * xr[f * strideF] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// Convolves a block whose preceding frames are `history` (`kernelT − 1` frames, zeros at the
    /// start of a file): the result equals the matching frames of one pass over the whole file,
    /// so long files can be processed in blocks. Updates `history` to this block's last frames.
    public func callAsFunction(_ x: FeatureMap, history: inout FeatureMap) -> FeatureMap {
        let h = kernelT - 1
        precondition(history.frames == h && history.channels == x.channels && history.bins == x.bins)
        guard h > 0 else { return self(x) }
        let joined = FeatureMap.joiningFrames(history, x)
        history = joined.frames(joined.frames - h, count: h)
        return self(joined).frames(h, count: x.frames)
    }

    /// Zero frames to start `callAsFunction(_:history:)` at the beginning of a file.
    public func emptyHistory(bins: Int) -> FeatureMap { FeatureMap(channels: inChannels, frames: kernelT - 1, bins: bins) }

    /// 1×1, one group: each output plane is bias + Σ_i W[o,i]·x[i] over whole `T·F` planes.
    private func pointwise(_ x: FeatureMap, into y: inout FeatureMap) {
        let plane = x.frames * x.bins
        x.values.withUnsafeBufferPointer { xv in
            y.values.withUnsafeMutableBufferPointer { yv in
                // Tiles of 512 values keep each output row in L1 while all inputs are added in.
                let tile = 512
                weight.withUnsafeBufferPointer { wv in
                    for start in stride(from: 0, to: plane, by: tile) {
                        let n = min(tile, plane - start)
                        for o in 0..<outChannels {
                            let yo = yv.baseAddress! + o * plane + start
                            let b = bias?[o] ?? 0
                            for i in 0..<n { yo[i] = b }
                            for i in 0..<inChannels {
                                VectorMath.axpy(wv[o * inChannels + i], xv.baseAddress! + i * plane + start, yo, n)
                            }
                        }
                    }
                }
            }
        }
    }
}
