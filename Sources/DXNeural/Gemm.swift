import COpenBLAS

/// Row-major single-precision matrix products for the layers: the one place DXNeural calls a
/// BLAS. OpenBLAS (opened at first use by COpenBLAS, one thread) runs kernels chosen for the CPU
/// at hand (AVX2/AVX-512 with FMA); when it cannot be loaded the same products run as plain
/// Swift SIMD loops, slower but equal up to float rounding (summation order).
enum Gemm {
    /// True when OpenBLAS loaded. Evaluated once, at the first product (Swift statics are lazy
    /// and thread-safe), so tools that never run a network never open it.
    static let blasLoaded: Bool = dx_blas_load() == 0

    /// `C[m×n] = A[m×k]·B[k×n] + (accumulate ? C : 0)`, all row-major with leading dimensions
    /// `lda`, `ldb`, `ldc` (floats between rows). `transA`: `a` holds `Aᵀ` (`k×m`, rows of `lda`);
    /// `transB`: `b` holds `Bᵀ` (`n×k`, rows of `ldb`).
    @inline(__always)
    static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, transA: Bool = false,
                         b: UnsafePointer<Float>, ldb: Int, transB: Bool = false,
                         c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, useBLAS: Bool = blasLoaded) {
        guard m > 0, n > 0 else { return }
        if useBLAS {
            dx_sgemm(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb),
                     accumulate ? 1 : 0, c, Int32(ldc))
            return
        }
        for i in 0..<m {
            let ci = c + i * ldc
            if !accumulate { ci.update(repeating: 0, count: n) }
            if transB {
                for j in 0..<n {
                    ci[j] += transA ? dotStrided(a + i, lda, b + j * ldb, k) : VectorMath.dot(a + i * lda, b + j * ldb, k)
                }
            } else {
                for p in 0..<k {
                    VectorMath.axpy(transA ? a[p * lda + i] : a[i * lda + p], b + p * ldb, ci, n)
                }
            }
        }
    }

    /// `y[m] = A[m×n]·x[n] + (accumulate ? y : 0)`, `A` row-major with rows of `lda` floats.
    @inline(__always)
    static func multiplyVector(m: Int, n: Int, a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>,
                               y: UnsafeMutablePointer<Float>, accumulate: Bool, useBLAS: Bool = blasLoaded) {
        if useBLAS {
            dx_sgemv(Int32(m), Int32(n), 1, a, Int32(lda), x, accumulate ? 1 : 0, y)
            return
        }
        for i in 0..<m {
            let d = VectorMath.dot(a + i * lda, x, n)
            y[i] = accumulate ? y[i] + d : d
        }
    }

    /// Σ a[p·stride]·b[p] (the fallback's transposed-A case; not on a hot path).
    private static func dotStrided(_ a: UnsafePointer<Float>, _ stride: Int, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var s: Float = 0
        for p in 0..<count { s += a[p * stride] * b[p] }
        return s
    }
}
