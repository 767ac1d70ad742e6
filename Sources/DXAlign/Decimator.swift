#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CVectorKernels

/// Low-pass filtering and decimation by a whole factor: a symmetric Kaiser-windowed sinc
/// (linear phase: everything filtered with it is delayed alike, and the delay is compensated,
/// so sample `j` of the output is the filtered input at `j · factor`), applied polyphase.
struct Decimator: Sendable {
    /// What the filter reads beyond the samples it is given.
    enum Edges: Sendable {
        /// Zeros.
        case zero
        /// The first and last sample, repeated: a constant passes unchanged up to the ends, so
        /// decimating commutes with removing a mean (the filter's DC gain is exactly 1).
        case replicate
    }

    let factor: Int
    let halfLength: Int
    let edges: Edges
    /// Taps `−halfLength ... halfLength`, summing to 1.
    let taps: [Float]

    /// Flat to `passTop` Hz, `attenuationDB` down from the output rate minus `passTop` (what
    /// would alias back under `passTop`); cut-off at the output's Nyquist frequency.
    init(factor: Int, rate: Double, passTop: Double, attenuationDB a: Double, edges: Edges) {
        self.factor = max(factor, 1)
        self.edges = edges
        guard factor > 1 else {
            halfLength = 0
            taps = [1]
            return
        }
        let outRate = rate / Double(factor)
        let transition = max(outRate - 2 * passTop, outRate * 0.05)
        let cutoff = outRate / 2 / rate  // cycles per sample
        let beta = a > 50 ? 0.1102 * (a - 8.7) : a >= 21 ? 0.5842 * pow(a - 21, 0.4) + 0.07886 * (a - 21) : 0
        let length = Int(((a - 8) / (2.285 * 2 * Double.pi * transition / rate)).rounded(.up))
        let half = max(length / 2, 1)
        halfLength = half
        func bessel0(_ x: Double) -> Double {
            var sum = 1.0, term = 1.0, k = 1.0
            while term > 1e-12 * sum {
                term *= (x / (2 * k)) * (x / (2 * k))
                sum += term
                k += 1
            }
            return sum
        }
        var h = [Double](repeating: 0, count: 2 * half + 1)
        for i in h.indices {
            let t = Double(i - half)
            let sinc = t == 0 ? 2 * cutoff : sin(2 * Double.pi * cutoff * t) / (Double.pi * t)
            let r = t / Double(half)
            h[i] = sinc * bessel0(beta * max(0, 1 - r * r).squareRoot()) / bessel0(beta)
        }
        let dc = h.reduce(0, +)
        taps = h.map { Float($0 / dc) }
    }

    /// Outputs for a signal of `count` input samples (`count / factor`, rounded up).
    func outputCount(forInput count: Int) -> Int { (count + factor - 1) / factor }

    /// `count` outputs: output `j` is the filtered `x` at `from + j · factor`.
    ///
    /// Polyphase: the input is split into its `factor` phases, so each tap adds a contiguous
    /// run of one phase to every output (a loop the compiler vectorises). The split is made a
    /// block of outputs at a time into one small buffer, reused (it stays in cache; splitting
    /// the whole input at once wrote a fresh array as large as the input, page by page).
    func decimate(_ x: UnsafeBufferPointer<Float>, from: Int, count: Int) -> [Float] {
        guard count > 0 else { return [] }
        let f = factor, length = taps.count
        let n = x.count
        if f == 1 {
            return (0..<count).map { i in sample(x, from + i, n) }
        }
        let block = min(count, Self.blockOutputs)
        let runs = block + length / f + 1      // samples per phase of a block
        let ph = UnsafeMutablePointer<Float>.allocate(capacity: f * runs)
        defer { ph.deallocate() }
        var sources: [UnsafeRawPointer] = []
        sources.reserveCapacity(length)
        for i in 0..<length { sources.append(UnsafeRawPointer(ph + (i % f) * runs + i / f)) }
        return [Float](unsafeUninitializedCapacity: count) { o, done in
            taps.withUnsafeBufferPointer { h in
                sources.withUnsafeBufferPointer { src in
                    var j0 = 0
                    while j0 < count {
                        let outs = min(block, count - j0)
                        let used = outs + length / f + 1
                        let first = from + f * j0 - halfLength
                        split(x, first: first, into: ph, runs: runs, used: used)
                        Self.filter(src, h, into: o.baseAddress! + j0, count: outs)
                        j0 += outs
                    }
                }
            }
            done = count
        }
    }

    /// The phases of `x` from `first`: `ph[p · runs + m] = x[first + f·m + p]` for `m < used`
    /// (edges as `edges` says). Where every phase of a step `m` lies inside `x`, the `f` samples
    /// of the step are copied at once, in order (a third of the instructions of one strided
    /// pass per phase).
    @inline(__always)
    private func split(_ x: UnsafeBufferPointer<Float>, first: Int, into ph: UnsafeMutablePointer<Float>,
                       runs: Int, used: Int) {
        let f = factor, n = x.count
        // Steps m whose samples first + f·m ... first + f·m + f − 1 all lie in 0 ..< n.
        let inLo = first >= 0 ? 0 : (f - 1 - first) / f
        let inHi = n - f - first >= 0 ? (n - f - first) / f + 1 : 0
        let lo = min(used, inLo), hi = max(lo, min(used, inHi))
        for p in 0..<f {
            let row = ph + p * runs
            for m in 0..<lo { row[m] = sample(x, first + f * m + p, n) }
            for m in hi..<used { row[m] = sample(x, first + f * m + p, n) }
        }
        guard hi > lo, let xp = x.baseAddress else { return }
        var s = xp + first + f * lo
        if f == 3 && Self.avx2 {
            dx_split3_avx2(s, ph + lo, ph + runs + lo, ph + 2 * runs + lo, hi - lo)
        } else if f == 3 {
            let (r0, r1, r2) = (ph, ph + runs, ph + 2 * runs)
            for m in lo..<hi {
                r0[m] = s[0]
                r1[m] = s[1]
                r2[m] = s[2]
                s += 3
            }
        } else {
            for m in lo..<hi {
                for p in 0..<f { ph[p * runs + m] = s[p] }
                s += f
            }
        }
    }

    /// Outputs per block of `decimate` (its phase buffer: about `factor` × this many floats).
    static let blockOutputs = 2048

    /// Whether the filter runs as AVX code (`dx_decimate_filter_avx`: the same sums, in a
    /// third of the instructions; SIMD8 takes two SSE registers on plain x86-64).
    static let avx = dx_has_avx() == 1
    /// Whether a split by 3 runs as AVX2 code (`dx_split3_avx2`: the same copies, eight steps at
    /// once).
    static let avx2 = dx_has_avx2() == 1

    /// `count` outputs, output `j` = Σ taps[i] · sources[i][j].
    @inline(__always)
    private static func filter(_ src: UnsafeBufferPointer<UnsafeRawPointer>, _ h: UnsafeBufferPointer<Float>,
                               into op: UnsafeMutablePointer<Float>, count: Int) {
        let length = h.count
        if avx {
            src.withMemoryRebound(to: UnsafePointer<Float>?.self) { s in
                dx_decimate_filter_avx(s.baseAddress, h.baseAddress, length, op, count)
            }
            return
        }
        portableFilter(src, h, into: op, count: count)
    }

    /// `filter` in Swift SIMD (any processor).
    @inline(__always)
    static func portableFilter(_ src: UnsafeBufferPointer<UnsafeRawPointer>, _ h: UnsafeBufferPointer<Float>,
                               into op: UnsafeMutablePointer<Float>, count: Int) {
        let length = h.count
        var j = 0
        // Thirty-two outputs a round (each tap's weight and source loaded once for all four
        // quarters; every output still sums its taps in order, so the rounds agree to the bit).
        while j + 32 <= count {
            var a = SIMD8<Float>(), b = SIMD8<Float>(), c = SIMD8<Float>(), d = SIMD8<Float>()
            for i in 0..<length {
                let g = h[i], p = src[i] + j &* 4
                a += g * p.loadUnaligned(as: SIMD8<Float>.self)
                b += g * p.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                c += g * p.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
                d += g * p.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
            }
            let out = UnsafeMutableRawPointer(op + j)
            out.storeBytes(of: a, as: SIMD8<Float>.self)
            out.storeBytes(of: b, toByteOffset: 32, as: SIMD8<Float>.self)
            out.storeBytes(of: c, toByteOffset: 64, as: SIMD8<Float>.self)
            out.storeBytes(of: d, toByteOffset: 96, as: SIMD8<Float>.self)
            j += 32
        }
        // Sixteen outputs a round (each tap's weight and source loaded once for both halves).
        while j + 16 <= count {
            var lo = SIMD8<Float>(), hi = SIMD8<Float>()
            for i in 0..<length {
                let g = h[i], p = src[i]
                lo += g * p.loadUnaligned(fromByteOffset: j &* 4, as: SIMD8<Float>.self)
                hi += g * p.loadUnaligned(fromByteOffset: (j &+ 8) &* 4, as: SIMD8<Float>.self)
            }
            UnsafeMutableRawPointer(op + j).storeBytes(of: lo, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(op + j + 8).storeBytes(of: hi, as: SIMD8<Float>.self)
            j += 16
        }
        while j + 8 <= count {
            var acc = SIMD8<Float>()
            for i in 0..<length {
                acc += h[i] * src[i].loadUnaligned(fromByteOffset: j &* 4, as: SIMD8<Float>.self)
            }
            UnsafeMutableRawPointer(op + j).storeBytes(of: acc, as: SIMD8<Float>.self)
            j += 8
        }
        while j < count {
            var s: Float = 0
            for i in 0..<length { s += h[i] * src[i].load(fromByteOffset: j &* 4, as: Float.self) }
            op[j] = s
            j += 1
        }
    }

    @inline(__always)
    private func sample(_ x: UnsafeBufferPointer<Float>, _ i: Int, _ n: Int) -> Float {
        if i >= 0 && i < n { return x[i] }
        guard edges == .replicate, n > 0 else { return 0 }
        return i < 0 ? x[0] : x[n - 1]
    }
}
