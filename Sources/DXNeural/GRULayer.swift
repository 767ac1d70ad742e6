/// One ONNX GRU layer (forward, `linear_before_reset = 1`, initial state zero), as in all five
/// recurrent layers of DeepFilterNet3. Gate blocks in ONNX order z (update), r (reset), h:
///
///     z  = σ(W_z x + Wb_z + R_z h + Rb_z)
///     r  = σ(W_r x + Wb_r + R_r h + Rb_r)
///     ĥ  = tanh(W_h x + Wb_h + r ⊙ (R_h h + Rb_h))     (reset applied after R_h: linear_before_reset)
///     h' = (1 − z) ⊙ ĥ + z ⊙ h
///
/// Offline, `W x + Wb` is computed for every frame first (no recurrence); only the `R h`
/// mat-vecs (768×256 per frame) run sequentially.
/// Shapes: W `[3H, inputSize]`, R `[3H, H]`, B `[6H]` = `[Wb | Rb]`.
public struct GRULayer: Sendable {
    public let inputSize: Int
    public let hiddenSize: Int
    let w: [Float]
    let r: [Float]
    let b: [Float]

    public init(w: [Float], wShape: [Int], r: [Float], rShape: [Int], b: [Float]) throws {
        guard wShape.count == 3, rShape.count == 3, wShape[0] == 1, wShape[1] % 3 == 0,
              rShape[1] == wShape[1], rShape[2] * 3 == rShape[1], b.count == 2 * wShape[1],
              w.count == wShape[1] * wShape[2], r.count == rShape[1] * rShape[2]
        else { throw NeuralError.badWeights("GRU shapes W \(wShape) R \(rShape) B \(b.count)") }
        hiddenSize = rShape[2]
        inputSize = wShape[2]
        self.w = w
        self.r = r
        self.b = b
    }

    /// `[frames, inputSize]` → `[frames, hiddenSize]` (the state after each frame), starting
    /// from `state` (zeros by default); `state` is left at the last frame's hidden vector so a
    /// caller can continue with the next block of frames.
    public func callAsFunction(_ x: [Float], frames: Int, state: inout [Float]) -> [Float] {
        let h3 = 3 * hiddenSize, hs = hiddenSize
        precondition(x.count == frames * inputSize && state.count == hs)
        // Input projections for all frames: xp[t, g] = W[g]·x[t] + Wb[g].
        var xp = [Float](repeating: 0, count: frames * h3)
        x.withUnsafeBufferPointer { xv in
            w.withUnsafeBufferPointer { wv in
                xp.withUnsafeMutableBufferPointer { pv in
                    let x0 = xv.baseAddress!, w0 = wv.baseAddress!
                    var t = 0
                    while t + 4 <= frames {  // four frames per pass over W
                        let xs = x0 + t * inputSize
                        for g in 0..<h3 {
                            let d = VectorMath.dot4(w0 + g * inputSize, xs, xs + inputSize, xs + 2 * inputSize,
                                                    xs + 3 * inputSize, inputSize)
                            for k in 0..<4 { pv[(t + k) * h3 + g] = d[k] + b[g] }
                        }
                        t += 4
                    }
                    while t < frames {
                        for g in 0..<h3 {
                            pv[t * h3 + g] = VectorMath.dot(w0 + g * inputSize, x0 + t * inputSize, inputSize) + b[g]
                        }
                        t += 1
                    }
                }
            }
        }
        var out = [Float](repeating: 0, count: frames * hs)
        var hp = [Float](repeating: 0, count: h3)
        r.withUnsafeBufferPointer { rv in
            b.withUnsafeBufferPointer { bv in
                xp.withUnsafeBufferPointer { pv in
                    hp.withUnsafeMutableBufferPointer { hpv in
                        state.withUnsafeMutableBufferPointer { h in
                            out.withUnsafeMutableBufferPointer { ov in
                                for t in 0..<frames {
                                    for g in 0..<h3 {
                                        hpv[g] = VectorMath.dot(rv.baseAddress! + g * hs, h.baseAddress!, hs) + bv[h3 + g]
                                    }
                                    let base = t * h3
                                    for j in 0..<hs {
                                        let z = VectorMath.sigmoid(pv[base + j] + hpv[j])
                                        let rr = VectorMath.sigmoid(pv[base + hs + j] + hpv[hs + j])
                                        let n = VectorMath.tanh(pv[base + 2 * hs + j] + rr * hpv[2 * hs + j])
                                        h[j] = (1 - z) * n + z * h[j]
                                        ov[t * hs + j] = h[j]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Runs from a zero state.
    public func callAsFunction(_ x: [Float], frames: Int) -> [Float] {
        var state = [Float](repeating: 0, count: hiddenSize)
        return self(x, frames: frames, state: &state)
    }
}
