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

    /// The logistic function (GRU gates, ERB mask, local-SNR head), one value: the lane-wise
    /// version's result, so a value gets the same rounding wherever it is computed.
    @inline(__always) static func sigmoid(_ x: Float) -> Float { sigmoid(SIMD8(repeating: x))[0] }

    @inline(__always) static func tanh(_ x: Float) -> Float { tanh(SIMD8(repeating: x))[0] }

    /// `eˣ` lane-wise: Cephes' `expf` (x = n·ln 2 + r, |r| ≤ ½ ln 2, degree-6 polynomial in r,
    /// times 2ⁿ built in the exponent bits); within 2 ulp of libm on −87.3…88.3, inputs
    /// clamped there (results stay normal, finite floats). Plain SIMD so the GRU's 768 gate
    /// values per frame cost a few vector operations instead of libm calls. The integer n comes
    /// from adding 1.5·2²³ (the float's rounding puts round(x/ln 2) in the low mantissa bits),
    /// not from a float-to-integer conversion, which Swift's generic SIMD code does lane by lane.
    @inline(__always)
    static func exp(_ v: SIMD8<Float>) -> SIMD8<Float> {
        var x = v
        x.replace(with: 88.3, where: x .> 88.3)
        x.replace(with: -87.3, where: .!(x .>= -87.3))  // NaN becomes −87.3 too
        let magic: Float = 12_582_912  // 1.5·2²³, bit pattern 0x4B40_0000
        let t = x * 1.442_695_04 + magic
        let fn = t - magic  // round(x / ln 2), exact
        let n = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let r = x - fn * 0.693_359_375 - fn * -2.121_944_4e-4
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let y = p * (r * r) + r + 1
        let scale = unsafeBitCast((n &+ 127) &<< 23, to: SIMD8<Float>.self)
        return y * scale
    }

    /// `1 / (1 + e⁻ˣ)` lane-wise.
    @inline(__always)
    static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> { 1 / (1 + exp(-x)) }

    /// `tanh` lane-wise, as Cephes' `tanhf`: an odd polynomial below |x| = 0.625 (no
    /// cancellation near 0), `1 − 2/(e^{2|x|} + 1)` with x's sign above.
    @inline(__always)
    static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
        let sign = bits & 0x8000_0000
        let a = unsafeBitCast(bits & 0x7FFF_FFFF, to: SIMD8<Float>.self)
        let z = x * x
        var p = SIMD8<Float>(repeating: -5.704_988_727_45e-3)
        p = p * z + 2.063_908_879_54e-2
        p = p * z - 5.373_971_555_31e-2
        p = p * z + 1.333_144_220_36e-1
        p = p * z - 3.333_328_194_22e-1
        let small = p * z * x + x
        let big = 1 - 2 / (exp(a + a) + 1)
        var out = unsafeBitCast(unsafeBitCast(big, to: SIMD8<UInt32>.self) | sign, to: SIMD8<Float>.self)
        out.replace(with: small, where: a .< 0.625)
        return out
    }

    /// Applies `f` in place to `count` floats, 8 at a time; the last partial group through a
    /// zero-padded vector, so every value is computed by the same lane-wise code.
    @inline(__always)
    static func map(_ p: UnsafeMutablePointer<Float>, _ count: Int, _ f: (SIMD8<Float>) -> SIMD8<Float>) {
        let raw = UnsafeMutableRawPointer(p)
        var i = 0
        while i + 8 <= count {
            raw.storeBytes(of: f(raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        if i < count {
            var v = SIMD8<Float>()
            for k in 0..<count - i { v[k] = p[i + k] }
            let y = f(v)
            for k in 0..<count - i { p[i + k] = y[k] }
        }
    }

    /// `sigmoid` over an array, in place.
    static func sigmoid(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { map($0.baseAddress!, $0.count, sigmoid) }
    }

    /// `tanh` over an array, in place.
    static func tanh(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { map($0.baseAddress!, $0.count, tanh) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
