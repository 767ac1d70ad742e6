/// A first-in first-out queue of samples in raw storage: the streaming pass appends what the
/// synthesizer emits and takes it out in file blocks, without the element shifting of an
/// array's `removeFirst`. Its size stays around one block plus one frame.
final class SampleFIFO {
    private var storage: UnsafeMutablePointer<Float>
    private var capacity: Int
    private var start = 0
    private var end = 0

    init(capacity: Int = 1 << 14) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// Samples queued.
    var count: Int { end - start }
    /// The first queued sample (valid until the next `append` or `consume`).
    var head: UnsafePointer<Float> { UnsafePointer(storage + start) }

    func append(_ samples: UnsafeBufferPointer<Float>) {
        let n = samples.count
        guard n > 0, let source = samples.baseAddress else { return }
        if end + n > capacity {
            let queued = count
            if queued + n > capacity {
                let grown = max(2 * capacity, queued + n)
                let fresh = UnsafeMutablePointer<Float>.allocate(capacity: grown)
                fresh.update(from: storage + start, count: queued)
                storage.deallocate()
                storage = fresh
                capacity = grown
            } else {
                storage.update(from: storage + start, count: queued)
            }
            start = 0
            end = queued
        }
        (storage + end).update(from: source, count: n)
        end += n
    }

    /// Drops the first `n` queued samples.
    func consume(_ n: Int) {
        start += min(n, count)
        if start == end { start = 0; end = 0 }
    }
}

/// Loops over contiguous samples written with SIMD accumulators (a plain float reduction
/// loop cannot be vectorised without reordering the sum).
enum VectorOps {
    /// Σ x².
    static func sumOfSquares(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var a = SIMD8<Float>(), b = SIMD8<Float>()
        var i = 0
        let raw = UnsafeRawPointer(x)
        while i + 16 <= n {
            let u = raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            let v = raw.loadUnaligned(fromByteOffset: 4 * i + 32, as: SIMD8<Float>.self)
            a += u * u
            b += v * v
            i += 16
        }
        var s = (a + b).sum()
        while i < n { s += x[i] * x[i]; i += 1 }
        return s
    }

    /// max |x|.
    static func peakMagnitude(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var a = SIMD8<Float>()
        var i = 0
        let raw = UnsafeRawPointer(x)
        let signMask = SIMD8<UInt32>(repeating: 0x7FFF_FFFF)
        while i + 8 <= n {
            let u = raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<UInt32>.self) & signMask
            let v = unsafeBitCast(u, to: SIMD8<Float>.self)
            a.replace(with: v, where: v .> a)
            i += 8
        }
        var m = a.max()
        while i < n { m = max(m, abs(x[i])); i += 1 }
        return m
    }
}
