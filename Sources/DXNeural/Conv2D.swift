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
    /// The weights regrouped `[kernelT, out, in/groups]` (for `kernelF == 1`): for one time tap,
    /// a group's `outPerGroup × inPerGroup` block is a row-major matrix, so the tap is one GEMM.
    let weightByTap: [Float]

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
        let inPerGroup = shape[1], kt = shape[2], out = shape[0]
        var byTap = [Float](repeating: 0, count: shape[3] == 1 ? weight.count : 0)
        if shape[3] == 1 {
            for t in 0..<kt {
                for o in 0..<out {
                    for i in 0..<inPerGroup { byTap[(t * out + o) * inPerGroup + i] = weight[(o * inPerGroup + i) * kt + t] }
                }
            }
        }
        weightByTap = byTap
    }

    /// Output width for an input of `bins` bins.
    public func outputBins(_ bins: Int) -> Int { (bins + 2 * padF - kernelF) / strideF + 1 }

    /// `[inChannels, T, F]` → `[outChannels, T, outputBins(F)]`, no activation; the frames
    /// before the first are zeros.
    public func callAsFunction(_ x: FeatureMap) -> FeatureMap {
        var history = emptyHistory(bins: x.bins)
        return self(x, history: &history)
    }

    /// Convolves a block whose preceding frames are `history` (`kernelT − 1` frames, zeros at the
    /// start of a file): the result equals the matching frames of one pass over the whole file,
    /// so long files can be processed in blocks. Updates `history` to this block's last frames.
    public func callAsFunction(_ x: FeatureMap, history: inout FeatureMap) -> FeatureMap {
        let h = kernelT - 1
        precondition(history.frames == h && history.channels == x.channels && history.bins == x.bins)
        precondition(x.channels == inChannels, "Conv2D: \(x.channels) channels, expected \(inChannels)")
        guard h > 0 else { return convolve(x, lead: 0) }
        let joined = FeatureMap.joiningFrames(history, x)
        history = joined.frames(joined.frames - h, count: h)
        return convolve(joined, lead: h)
    }

    /// Zero frames to start `callAsFunction(_:history:)` at the beginning of a file.
    public func emptyHistory(bins: Int) -> FeatureMap { FeatureMap(channels: inChannels, frames: kernelT - 1, bins: bins) }

    /// Output frames `lead ..< x.frames` (`lead ≥ kernelT − 1`, so every tap reads a frame of `x`),
    /// bias included, as a map of `x.frames − lead` frames.
    private func convolve(_ x: FeatureMap, lead: Int) -> FeatureMap {
        let frames = x.frames - lead, outF = outputBins(x.bins)
        var y = FeatureMap(channels: outChannels, frames: frames, bins: outF)
        let plane = frames * outF
        if let bias {
            y.values.withUnsafeMutableBufferPointer { yv in
                for o in 0..<outChannels { (yv.baseAddress! + o * plane).update(repeating: bias[o], count: plane) }
            }
        }
        let inPerGroup = inChannels / groups, outPerGroup = outChannels / groups
        if kernelF == 1 && strideF == 1 && padF == 0 && inPerGroup * kernelT >= 8 {
            convolveByTaps(x, lead: lead, into: &y)
        } else if outPerGroup >= 8 {
            convolveUnfolded(x, lead: lead, into: &y)
        } else if inPerGroup == 1 && outPerGroup == 1 && kernelT == 1 && kernelF > 1 {
            convolveDepthwiseRows(x, lead: lead, into: &y)
        } else {
            convolveDirect(x, lead: lead, into: &y)
        }
        return y
    }

    /// Many outputs per group with a frequency kernel (the 3×3 input convs): each group's input
    /// patches are unfolded into a `[inPerGroup·kernelT·kernelF, frames·outBins]` matrix (zeros
    /// where a tap falls outside the bins), then one product with the group's weight rows, which
    /// are already `[outPerGroup, inPerGroup·kernelT·kernelF]` row-major.
    private func convolveUnfolded(_ x: FeatureMap, lead: Int, into y: inout FeatureMap) {
        let inPerGroup = inChannels / groups, outPerGroup = outChannels / groups
        let frames = y.frames, outF = y.bins, n = frames * outF, taps = inPerGroup * kernelT * kernelF
        var unfolded = [Float](repeating: 0, count: taps * n)
        x.values.withUnsafeBufferPointer { xv in
            weight.withUnsafeBufferPointer { wv in
                unfolded.withUnsafeMutableBufferPointer { uv in
                    y.values.withUnsafeMutableBufferPointer { yv in
                        for g in 0..<groups {
                            for ii in 0..<inPerGroup {
                                for kt in 0..<kernelT {
                                    let shift = lead + kt - (kernelT - 1)
                                    for kf in 0..<kernelF {
                                        let row = uv.baseAddress! + ((ii * kernelT + kt) * kernelF + kf) * n
                                        let offset = kf - padF
                                        for t in 0..<frames {
                                            let xr = xv.baseAddress! + ((g * inPerGroup + ii) * x.frames + t + shift) * x.bins
                                            for f in 0..<outF {
                                                let src = f * strideF + offset
                                                row[t * outF + f] = src >= 0 && src < x.bins ? xr[src] : 0
                                            }
                                        }
                                    }
                                }
                            }
                            Gemm.multiply(m: outPerGroup, n: n, k: taps, a: wv.baseAddress! + g * outPerGroup * taps, lda: taps,
                                          b: uv.baseAddress!, ldb: n, c: yv.baseAddress! + g * outPerGroup * n, ldc: n,
                                          accumulate: true)
                        }
                    }
                }
            }
        }
    }

    /// `kernelF == 1`: for each group and time tap, `Y_g += W_g,tap · X_g` shifted by the tap,
    /// a matrix product over whole `frames·bins` planes (a channel's frames are contiguous, so the
    /// shifted input is the same rows starting `tap` frames earlier).
    private func convolveByTaps(_ x: FeatureMap, lead: Int, into y: inout FeatureMap) {
        let inPerGroup = inChannels / groups, outPerGroup = outChannels / groups
        let bins = x.bins, frames = y.frames, n = frames * bins
        x.values.withUnsafeBufferPointer { xv in
            weightByTap.withUnsafeBufferPointer { wv in
                y.values.withUnsafeMutableBufferPointer { yv in
                    for g in 0..<groups {
                        for kt in 0..<kernelT {
                            let first = lead + kt - (kernelT - 1)  // input frame of output frame 0
                            Gemm.multiply(m: outPerGroup, n: n, k: inPerGroup,
                                          a: wv.baseAddress! + (kt * outChannels + g * outPerGroup) * inPerGroup, lda: inPerGroup,
                                          b: xv.baseAddress! + (g * inPerGroup * x.frames + first) * bins, ldb: x.frames * bins,
                                          c: yv.baseAddress! + g * outPerGroup * n, ldc: n, accumulate: true)
                        }
                    }
                }
            }
        }
    }

    /// Depthwise, one time tap, a frequency kernel (the encoder's 1×3 convs, strides 1 and 2):
    /// each row is copied between zero pads, then 8 output bins at a time sum their taps (a
    /// stride-2 tap is the even lanes of 16 consecutive values), in the order y + w₀x₀ + w₁x₁ + ….
    private func convolveDepthwiseRows(_ x: FeatureMap, lead: Int, into y: inout FeatureMap) {
        let frames = y.frames, outF = y.bins, bins = x.bins, kf = kernelF, stride = strideF, pad = padF
        var row = [Float](repeating: 0, count: bins + 2 * pad + 16 * stride + kf)
        x.values.withUnsafeBufferPointer { xv in
            weight.withUnsafeBufferPointer { wv in
                y.values.withUnsafeMutableBufferPointer { yv in
                    row.withUnsafeMutableBufferPointer { rv in
                        let p = rv.baseAddress!, raw = UnsafeRawPointer(rv.baseAddress!)
                        for c in 0..<outChannels {
                            let w = wv.baseAddress! + c * kf
                            for t in 0..<frames {
                                (p + pad).update(from: xv.baseAddress! + (c * x.frames + lead + t) * bins, count: bins)
                                let yr = yv.baseAddress! + (c * frames + t) * outF
                                var f = 0
                                while f < outF {
                                    let n = min(8, outF - f)
                                    var acc = SIMD8<Float>()
                                    for i in 0..<n { acc[i] = yr[f + i] }
                                    for k in 0..<kf {
                                        let at = f * stride + k
                                        let v: SIMD8<Float>
                                        switch stride {
                                        case 1: v = raw.loadUnaligned(fromByteOffset: 4 * at, as: SIMD8<Float>.self)
                                        case 2: v = raw.loadUnaligned(fromByteOffset: 4 * at, as: SIMD16<Float>.self).evenHalf
                                        default: v = SIMD8((0..<8).map { p[at + $0 * stride] })
                                        }
                                        acc += SIMD8(repeating: w[k]) * v
                                    }
                                    for i in 0..<n { yr[f + i] = acc[i] }
                                    f += 8
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Any kernel, tap by tap: each weight scales a run of input bins into a run of output bins.
    /// Used for the small-fan-in convs (3×3 inputs, depthwise 1×3 and 1×1, the 64→1 output conv).
    private func convolveDirect(_ x: FeatureMap, lead: Int, into y: inout FeatureMap) {
        let inPerGroup = inChannels / groups, outPerGroup = outChannels / groups
        let frames = y.frames, outF = y.bins, plane = frames * outF
        x.values.withUnsafeBufferPointer { xv in
            y.values.withUnsafeMutableBufferPointer { yv in
                for o in 0..<outChannels {
                    let yo = yv.baseAddress! + o * plane
                    let g = o / outPerGroup
                    for ii in 0..<inPerGroup {
                        let ic = g * inPerGroup + ii
                        for kt in 0..<kernelT {
                            let shift = lead + kt - (kernelT - 1)  // input frame of output frame 0
                            if kernelF == 1 && strideF == 1 && padF == 0 {  // whole rows: one run over the plane
                                let w = weight[(o * inPerGroup + ii) * kernelT + kt]
                                VectorMath.axpy(w, xv.baseAddress! + (ic * x.frames + shift) * x.bins, yo, plane)
                                continue
                            }
                            for kf in 0..<kernelF {
                                let w = weight[((o * inPerGroup + ii) * kernelT + kt) * kernelF + kf]
                                // Output bins whose input bin f·stride + kf − padF lies inside 0..<bins.
                                let offset = kf - padF
                                let fLo = offset >= 0 ? 0 : (-offset + strideF - 1) / strideF
                                if x.bins - 1 - offset < 0 { continue }
                                let fHi = min(outF, (x.bins - 1 - offset) / strideF + 1)
                                if fLo >= fHi { continue }
                                for t in 0..<frames {
                                    let xr = xv.baseAddress! + (ic * x.frames + t + shift) * x.bins + offset
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
    }
}
