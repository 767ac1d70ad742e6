/// Small SIMD kernels shared by the layers. Plain Swift SIMD so the module needs no BLAS;
/// the model's hot loops are 256- and 768-long dot products and axpys.
enum VectorMath {
    /// Σ a[i]·b[i] over `count` floats, 16 lanes at a time with four accumulators hidden in one
    /// SIMD16 (sum order differs from a scalar loop by rounding only).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc = SIMD16<Float>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 16 <= count {
            acc += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        var s = acc.sum()
        while i < count {
            s += a[i] * b[i]
            i += 1
        }
        return s
    }

    /// Four dot products of one row `w` with four vectors, loading `w` once (the GRU input
    /// projection over frames: weight rows are streamed from memory once per 4 frames).
    @inline(__always)
    static func dot4(_ w: UnsafePointer<Float>, _ x0: UnsafePointer<Float>, _ x1: UnsafePointer<Float>,
                     _ x2: UnsafePointer<Float>, _ x3: UnsafePointer<Float>, _ count: Int) -> SIMD4<Float> {
        var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
        var i = 0
        let rw = UnsafeRawPointer(w)
        let r0 = UnsafeRawPointer(x0), r1 = UnsafeRawPointer(x1), r2 = UnsafeRawPointer(x2), r3 = UnsafeRawPointer(x3)
        while i + 16 <= count {
            let v = rw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            a0 += v * r0.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            a1 += v * r1.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            a2 += v * r2.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            a3 += v * r3.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        var s = SIMD4<Float>(a0.sum(), a1.sum(), a2.sum(), a3.sum())
        while i < count {
            s += w[i] * SIMD4<Float>(x0[i], x1[i], x2[i], x3[i])
            i += 1
        }
        return s
    }

    /// y[i] += alpha·x[i] over `count` floats.
    @inline(__always)
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
        var i = 0
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let va = SIMD16<Float>(repeating: alpha)
        while i + 16 <= count {
            let v = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                + va * rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            ry.storeBytes(of: v, toByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        while i < count {
            y[i] += alpha * x[i]
            i += 1
        }
    }

    /// The logistic function (GRU gates, ERB mask, local-SNR head).
    @inline(__always) static func sigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

    @inline(__always) static func tanh(_ x: Float) -> Float { tanhf(x) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
