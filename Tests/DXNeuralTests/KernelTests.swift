import Foundation
import Testing
@testable import DXNeural

/// The numeric kernels under the layers: OpenBLAS's products against the plain Swift loops the
/// module falls back on (both must be the same matrix product), and the lane-wise exp, sigmoid
/// and tanh against libm over the range the networks feed them.
@Suite("DXNeural kernels")
struct KernelTests {
    /// Deterministic values in −1…1 (a linear congruential sequence).
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var s = seed
        return (0..<count).map { _ in
            s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: s >> 11) % 2_000_001 - 1_000_000) / 1_000_000
        }
    }

    /// The product by its definition, in Double.
    static func reference(m: Int, n: Int, k: Int, a: [Float], lda: Int, transA: Bool, b: [Float], ldb: Int, transB: Bool) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k {
                    let av = transA ? a[p * lda + i] : a[i * lda + p]
                    let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                    s += Double(av) * Double(bv)
                }
                c[i * n + j] = s
            }
        }
        return c
    }

    @Test("GEMM: OpenBLAS and the Swift loops give the defined product, with strides, transposes, accumulation",
          arguments: [(false, false), (false, true), (true, false), (true, true)])
    func gemm(transA: Bool, transB: Bool) throws {
        #expect(Gemm.blasLoaded, "OpenBLAS (libopenblas0) should be installed where the tests run: make deps")
        let m = 13, n = 37, k = 29, lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 5, ldc = n + 2
        let a = Self.values((transA ? k : m) * lda, seed: 1), b = Self.values((transB ? n : k) * ldb, seed: 2)
        let start = Self.values(m * ldc, seed: 3)
        let want = Self.reference(m: m, n: n, k: k, a: a, lda: lda, transA: transA, b: b, ldb: ldb, transB: transB)
        for useBLAS in Gemm.blasLoaded ? [false, true] : [false] {
            for accumulate in [false, true] {
                var c = start
                a.withUnsafeBufferPointer { av in
                    b.withUnsafeBufferPointer { bv in
                        c.withUnsafeMutableBufferPointer { cv in
                            Gemm.multiply(m: m, n: n, k: k, a: av.baseAddress!, lda: lda, transA: transA,
                                          b: bv.baseAddress!, ldb: ldb, transB: transB, c: cv.baseAddress!, ldc: ldc,
                                          accumulate: accumulate, useBLAS: useBLAS)
                        }
                    }
                }
                var worst = 0.0
                for i in 0..<m {
                    for j in 0..<n {
                        let expected = want[i * n + j] + (accumulate ? Double(start[i * ldc + j]) : 0)
                        worst = max(worst, abs(Double(c[i * ldc + j]) - expected))
                    }
                    // Padding columns past n are left alone.
                    for j in n..<ldc { #expect(c[i * ldc + j] == start[i * ldc + j]) }
                }
                #expect(worst < 1e-5, "BLAS \(useBLAS) accumulate \(accumulate): max error \(worst)")
            }
        }
    }

    @Test("GEMV: OpenBLAS and the Swift loop give A·x (+ y)")
    func gemv() {
        let m = 768, n = 256, lda = 260
        let a = Self.values(m * lda, seed: 4), x = Self.values(n, seed: 5), y0 = Self.values(m, seed: 6)
        for useBLAS in Gemm.blasLoaded ? [false, true] : [false] {
            for accumulate in [false, true] {
                var y = y0
                a.withUnsafeBufferPointer { av in
                    x.withUnsafeBufferPointer { xv in
                        y.withUnsafeMutableBufferPointer { yv in
                            Gemm.multiplyVector(m: m, n: n, a: av.baseAddress!, lda: lda, x: xv.baseAddress!,
                                                y: yv.baseAddress!, accumulate: accumulate, useBLAS: useBLAS)
                        }
                    }
                }
                var worst = 0.0
                for i in 0..<m {
                    var s = accumulate ? Double(y0[i]) : 0
                    for p in 0..<n { s += Double(a[i * lda + p]) * Double(x[p]) }
                    worst = max(worst, abs(Double(y[i]) - s))
                }
                #expect(worst < 1e-4, "BLAS \(useBLAS) accumulate \(accumulate): max error \(worst)")
            }
        }
    }

    @Test("lane-wise exp, sigmoid and tanh stay within a few float ulps of libm")
    func transcendentals() {
        var worstExp: Float = 0, worstSigmoid: Float = 0, worstTanh: Float = 0
        // −80…80 in steps of 1/256, plus values near 0 where tanh switches to its polynomial.
        let xs = (-20_480...20_480).map { Float($0) / 256 } + [1e-6, -1e-6, 0.624_99, 0.625, 0.625_01, 0]
        for x in xs {
            let e = VectorMath.exp(SIMD8(repeating: x))[0]
            worstExp = max(worstExp, abs(e - expf(x)) / expf(x))
            worstSigmoid = max(worstSigmoid, abs(VectorMath.sigmoid(x) - 1 / (1 + expf(-x))))
            let t = VectorMath.tanh(x), want = tanhf(x)
            worstTanh = max(worstTanh, abs(t - want) / max(abs(want), Float.leastNormalMagnitude))
            #expect(t.sign == want.sign || want == 0)
        }
        #expect(worstExp < 4 * Float.ulpOfOne, "exp relative error \(worstExp)")
        #expect(worstSigmoid < 4 * Float.ulpOfOne, "sigmoid absolute error \(worstSigmoid)")
        #expect(worstTanh < 4 * Float.ulpOfOne, "tanh relative error \(worstTanh)")
        // Saturation without NaN or infinity far outside the range.
        #expect(VectorMath.sigmoid(-1000) >= 0 && VectorMath.sigmoid(-1000) < 1e-30 && VectorMath.sigmoid(1000) == 1)
        #expect(VectorMath.tanh(1000) == 1 && VectorMath.tanh(-1000) == -1)
        #expect(VectorMath.exp(SIMD8(repeating: -1000))[0] > 0)
    }
}
