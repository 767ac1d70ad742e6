import DXSignal

/// The two band sums `GuideStreaming` keeps for each frame of the guide: each mel triangle's
/// weighted sum of `|X|²` and of `Re(X·W̄)` (`X` the windowed frame's spectrum, `W` the
/// window's), for up to eight frames at once. The frames' bins are laid out lane by lane and
/// each triangle is summed in the vector lanes, one frame per lane: each lane adds the same
/// products in the same order as a frame summed alone, so the sums are the same floats, for a
/// ninth of the instructions (the triangle sums were the analysis's largest loop).
/// Owns an FFT and its buffers (not `Sendable`): one per stretch.
final class FrameBandSums {
    /// Frames summed at once (vector lanes).
    static let lanes = 8

    let bands: Int
    private let windowLength: Int
    private let fft: RealFFT
    private let window: [Float]
    /// The window's spectrum split into real and imaginary parts (`topBin` rounded up to a
    /// multiple of four bins, zeros after).
    private let windowRe: [Float]
    private let windowIm: [Float]
    /// The triangles flattened: band `j` weighs bins `firsts[j] ..< firsts[j] + lengths[j]`
    /// with `flat[offsets[j] ..< offsets[j] + lengths[j]]`.
    private let firsts: [Int]
    private let lengths: [Int]
    private let offsets: [Int]
    private let flat: [Float]
    /// Bins below the highest triangle's top: the only ones summed.
    private let topBin: Int
    /// `topBin` × `lanes` floats each: bin `k` of lane `l` at float `k · lanes + l`.
    private let binPower: UnsafeMutableRawPointer
    private let binCross: UnsafeMutableRawPointer

    /// `window`: the analysis window (`windowLength` samples); `windowSpectrum` its transform.
    init(fftSize: Int, filterbank: MelFilterbank, window: [Float], windowSpectrum: [ComplexFloat]) {
        bands = filterbank.bandCount
        windowLength = window.count
        fft = RealFFT(size: fftSize)
        self.window = window
        firsts = filterbank.firstBins
        lengths = filterbank.weights.map(\.count)
        var offsets: [Int] = [], total = 0
        for l in lengths {
            offsets.append(total)
            total += l
        }
        self.offsets = offsets
        flat = filterbank.weights.flatMap { $0 }
        let topBin = zip(firsts, lengths).map { $0 + $1 }.max() ?? 0
        self.topBin = topBin
        let padded = (topBin + 3) / 4 * 4
        windowRe = (0..<padded).map { $0 < topBin ? windowSpectrum[$0].re : 0 }
        windowIm = (0..<padded).map { $0 < topBin ? windowSpectrum[$0].im : 0 }
        let bytes = max(topBin, 1) * Self.lanes * MemoryLayout<Float>.stride
        binPower = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 32)
        binCross = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 32)
        binPower.initializeMemory(as: Float.self, repeating: 0, count: bytes / 4)
        binCross.initializeMemory(as: Float.self, repeating: 0, count: bytes / 4)
    }

    deinit {
        binPower.deallocate()
        binCross.deallocate()
    }

    /// The band sums of `count` (≤ `lanes`) frames starting at `x`, `x + hop`, …: frame `i`'s
    /// band `j` into `power[i · bands + j]` and `cross[i · bands + j]`.
    func analyse(_ x: UnsafePointer<Float>, hop: Int, count: Int, power: UnsafeMutablePointer<Float>,
                 cross: UnsafeMutablePointer<Float>) {
        precondition(count >= 1 && count <= Self.lanes)
        for lane in 0..<count { transform(x + lane * hop, lane: lane) }
        flat.withUnsafeBufferPointer { fl in
            for j in 0..<bands {
                var pa = SIMD8<Float>(), pb = SIMD8<Float>()
                let g0 = fl.baseAddress! + offsets[j]
                let byte = firsts[j] &* 32
                for i in 0..<lengths[j] {
                    let g = g0[i], at = byte &+ i &* 32
                    pa += g * binPower.load(fromByteOffset: at, as: SIMD8<Float>.self)
                    pb += g * binCross.load(fromByteOffset: at, as: SIMD8<Float>.self)
                }
                for lane in 0..<count {
                    power[lane * bands + j] = pa[lane]
                    cross[lane * bands + j] = pb[lane]
                }
            }
        }
    }

    /// One frame windowed and transformed, its bins' `|X|²` and `Re(X·W̄)` into lane `lane`
    /// (four bins at a time in vector lanes, each bin computed as one at a time would be).
    private func transform(_ x: UnsafePointer<Float>, lane: Int) {
        window.withUnsafeBufferPointer { w in
            let s = fft.samples.baseAddress!
            for i in 0..<windowLength { s[i] = x[i] * w[i] }
        }
        fft.forward()
        let bins = UnsafeRawPointer(fft.spectrum.baseAddress!)
        let power = binPower.assumingMemoryBound(to: Float.self) + lane
        let cross = binCross.assumingMemoryBound(to: Float.self) + lane
        let lanes = Self.lanes
        windowRe.withUnsafeBufferPointer { wr in
            windowIm.withUnsafeBufferPointer { wi in
                var k = 0
                while k &+ 4 <= topBin {
                    let z = bins.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Float>.self)
                    let (re, im) = (z.evenHalf, z.oddHalf)
                    let a = UnsafeRawPointer(wr.baseAddress! + k), b = UnsafeRawPointer(wi.baseAddress! + k)
                    let p = re * re + im * im
                    let c = re * a.loadUnaligned(as: SIMD4<Float>.self) + im * b.loadUnaligned(as: SIMD4<Float>.self)
                    for j in 0..<4 {
                        power[(k &+ j) &* lanes] = p[j]
                        cross[(k &+ j) &* lanes] = c[j]
                    }
                    k &+= 4
                }
                while k < topBin {
                    let z = fft.spectrum[k]
                    power[k &* lanes] = z.re * z.re + z.im * z.im
                    cross[k &* lanes] = z.re * wr[k] + z.im * wi[k]
                    k &+= 1
                }
            }
        }
    }
}
