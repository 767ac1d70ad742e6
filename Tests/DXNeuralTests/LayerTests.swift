import Testing
import DXNeural

/// Each layer against its definition on tiny hand-made cases (GRAPH.md's formulas).
@Suite("DXNeural layers")
struct LayerTests {
    @Test("GRU applies the reset gate after R_h (linear_before_reset = 1), gates in order z, r, h")
    func gruLinearBeforeReset() throws {
        // Hidden 1, input 1. W = [wz, wr, wh], R = [rz, rr, rh], B = [Wb | Rb].
        let w: [Float] = [0.5, -0.3, 0.8], r: [Float] = [0.2, 0.4, -0.6]
        let b: [Float] = [0.1, 0.2, 0.3, -0.1, 0.05, 0.7]
        let gru = try GRULayer(w: w, wShape: [1, 3, 1], r: r, rShape: [1, 3, 1], b: b)
        var h: Float = 0
        var expected: [Float] = []
        for x: Float in [1.0, -2.0, 0.5] {
            func s(_ v: Float) -> Float { 1 / (1 + expf(-v)) }
            let z = s(w[0] * x + b[0] + r[0] * h + b[3])
            let rr = s(w[1] * x + b[1] + r[1] * h + b[4])
            let n = tanhf(w[2] * x + b[2] + rr * (r[2] * h + b[5]))
            h = (1 - z) * n + z * h
            expected.append(h)
        }
        let got = gru([1.0, -2.0, 0.5], frames: 3)
        for (g, e) in zip(got, expected) { #expect(abs(g - e) < 1e-6) }
        // The other convention (reset before R_h: r ⊙ h inside) gives a different second output.
        let z0 = expected[0]
        let resetBefore = tanhf(w[2] * -2 + b[2] + r[2] * (0.5 * z0) + b[5])
        #expect(abs(resetBefore - got[1]) > 1e-3)
    }

    @Test("conv is causal in time and strided in frequency")
    func convCausalStrided() throws {
        // One channel, kernel 2×3: taps (t−1) = [0,1,0], t = [1,0,0]; stride 2, pad 1.
        let conv = try Conv2D(weight: [0, 1, 0, 1, 0, 0], shape: [1, 1, 2, 3], bias: [0.5],
                              inChannels: 1, groups: 1, strideF: 2, padF: 1)
        let x = FeatureMap(channels: 1, frames: 2, bins: 4, values: [1, 2, 3, 4, 10, 20, 30, 40])
        let y = conv(x)
        #expect(y.bins == 2)
        // Frame 0: previous frame is zeros; current tap reads bin 2f−1 (zero padded at f = 0):
        // [0.5, 0.5 + x0[1]]; frame 1: [0.5 + x0[0], 0.5 + x0[2] + x1[1]].
        let expected: [Float] = [0.5, 2.5, 1.5, 23.5]
        #expect(y.values == expected)
    }

    @Test("depthwise transposed conv doubles the bins: bin i spreads to 2i−1, 2i, 2i+1")
    func convTranspose() throws {
        let ct = try DepthwiseConvTranspose(weight: [1, 10, 100], shape: [1, 1, 1, 3])
        let y = ct(FeatureMap(channels: 1, frames: 1, bins: 2, values: [1, 2]))
        #expect(y.values == [10, 100 + 2, 20, 200])
    }

    @Test("grouped linear keeps groups apart")
    func groupedLinear() throws {
        // 2 groups, 2 in → 1 out each: W[0] = [1, 2], W[1] = [3, 4].
        let gl = try GroupedLinear(weight: [1, 2, 3, 4], shape: [2, 2, 1])
        #expect(gl([1, 1, 1, 0], frames: 1) == [3, 3])
    }

    @Test("frame flattening is f·C + c and round-trips")
    func flatten() {
        let m = FeatureMap(channels: 2, frames: 1, bins: 3, values: [1, 2, 3, 4, 5, 6])
        #expect(m.frameFlattened() == [1, 4, 2, 5, 3, 6])
        #expect(FeatureMap.unflattening(m.frameFlattened(), frames: 1, bins: 3, channels: 2) == m)
    }
}

#if canImport(Glibc)
import Glibc
#endif
