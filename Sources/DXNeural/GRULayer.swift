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
        let h3 = 3 * hiddenSize
        precondition(x.count == frames * inputSize && state.count == hiddenSize)
        // Input projections for all frames at once: xp[t, g] = W[g]·x[t] + Wb[g] (one GEMM).
        var xp = [Float](unsafeUninitializedCapacity: frames * h3) { buf, count in
            b.withUnsafeBufferPointer { bv in
                for t in 0..<frames { (buf.baseAddress! + t * h3).initialize(from: bv.baseAddress!, count: h3) }
            }
            count = frames * h3
        }
        x.withUnsafeBufferPointer { xv in
            w.withUnsafeBufferPointer { wv in
                xp.withUnsafeMutableBufferPointer { pv in
                    Gemm.multiply(m: frames, n: h3, k: inputSize, a: xv.baseAddress!, lda: inputSize,
                                  b: wv.baseAddress!, ldb: inputSize, transB: true,
                                  c: pv.baseAddress!, ldc: h3, accumulate: true)
                }
            }
        }
        var out = [Float](repeating: 0, count: frames * hiddenSize)
        var hp = [Float](repeating: 0, count: h3)
        r.withUnsafeBufferPointer { rv in
            b.withUnsafeBufferPointer { bv in
                xp.withUnsafeBufferPointer { pv in
                    hp.withUnsafeMutableBufferPointer { hpv in
                        state.withUnsafeMutableBufferPointer { h in
                            out.withUnsafeMutableBufferPointer { ov in
                                for t in 0..<frames {
                                    // hp = R·h + Rb, then the gates (the only sequential work).
                                    hpv.baseAddress!.update(from: bv.baseAddress! + h3, count: h3)
                                    Gemm.multiplyVector(m: h3, n: hiddenSize, a: rv.baseAddress!, lda: hiddenSize,
                                                        x: h.baseAddress!, y: hpv.baseAddress!, accumulate: true)
                                    Self.gates(xp: pv.baseAddress! + t * h3, hp: hpv.baseAddress!, h: h.baseAddress!,
                                               hiddenSize: hiddenSize)
                                    (ov.baseAddress! + t * hiddenSize).update(from: h.baseAddress!, count: hiddenSize)
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// One frame's gate arithmetic: `h ← (1 − z)·ĥ + z·h` from the input and recurrent
    /// projections, 8 hidden units at a time (`VectorMath`'s lane-wise sigmoid and tanh).
    @inline(__always)
    static func gates(xp: UnsafePointer<Float>, hp: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>, hiddenSize hs: Int) {
        func load(_ p: UnsafePointer<Float>, _ j: Int, _ n: Int) -> SIMD8<Float> {
            if n == 8 { return UnsafeRawPointer(p + j).loadUnaligned(as: SIMD8<Float>.self) }
            var v = SIMD8<Float>()
            for k in 0..<n { v[k] = p[j + k] }
            return v
        }
        var j = 0
        while j < hs {
            let n = min(8, hs - j)
            let z = VectorMath.sigmoid(load(xp, j, n) + load(hp, j, n))
            let r = VectorMath.sigmoid(load(xp + hs, j, n) + load(hp + hs, j, n))
            let c = VectorMath.tanh(load(xp + 2 * hs, j, n) + r * load(hp + 2 * hs, j, n))
            let y = (1 - z) * c + z * load(UnsafePointer(h), j, n)
            for k in 0..<n { h[j + k] = y[k] }
            j += 8
        }
    }

    /// Runs from a zero state.
    public func callAsFunction(_ x: [Float], frames: Int) -> [Float] {
        var state = [Float](repeating: 0, count: hiddenSize)
        return self(x, frames: frames, state: &state)
    }
}
