import CVectorKernels
import DXSignal

/// The two band sums `GuideStreaming` keeps for each frame of the guide: each mel triangle's
/// weighted sum of `|X|²` and of `Re(X·W̄)` (`X` the windowed frame's spectrum, `W` the
/// window's), for up to eight frames at once. The frames' bins are laid out lane by lane and
/// each triangle is summed in the vector lanes, one frame per lane: each lane adds the same
/// products in the same order as a frame summed alone, so the sums are the same floats, for a
/// ninth of the instructions (the triangle sums were the analysis's largest loop).
/// On AVX processors the bins are computed and transposed into their lanes eight frames at
/// once, and the triangles summed, by `dx_band_bins_avx` and `dx_band_sums_avx` (the same
/// operations in the same order: the same floats).
/// Owns an FFT and its buffers (not `Sendable`): one per stretch.
final class BandSumLanes {
    /// Frames summed at once (vector lanes).
    static let lanes = 8

    let bands: Int
    private let windowLength: Int
    private let fft: RealFFT
    private let window: [Float]
    private let windowSpectrum: [ComplexFloat]
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
    /// One frame's `|X|²` then `Re(X·W̄)` bins (`2 · topBin` floats), before they go to their lane.
    private let rows: UnsafeMutablePointer<Float>
    /// With AVX: each lane's spectrum up to `topBin` (interleaved, `2 · topBin` floats a lane),
    /// and the band sums of all lanes (`bands` × `lanes`, power then cross).
    private let avx: Bool
    private let spectra: UnsafeMutablePointer<Float>
    private let sums: UnsafeMutablePointer<Float>

    /// `window`: the analysis window (`windowLength` samples); `windowSpectrum` its transform;
    /// `avx`: whether to use the AVX kernels (tests compare both ways).
    init(fftSize: Int, filterbank: MelFilterbank, window: [Float], windowSpectrum: [ComplexFloat],
         avx: Bool = Decimator.avx) {
        self.avx = avx
        bands = filterbank.bandCount
        windowLength = window.count
        fft = RealFFT(size: fftSize)
        self.window = window
        self.windowSpectrum = windowSpectrum
        firsts = filterbank.firstBins
        lengths = filterbank.weights.map(\.count)
        var offsets: [Int] = [], total = 0
        for l in lengths {
            offsets.append(total)
            total += l
        }
        self.offsets = offsets
        flat = filterbank.weights.flatMap { $0 }
        topBin = zip(firsts, lengths).map { $0 + $1 }.max() ?? 0
        let bytes = max(topBin, 1) * Self.lanes * MemoryLayout<Float>.stride
        binPower = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 32)
        binCross = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 32)
        binPower.initializeMemory(as: Float.self, repeating: 0, count: bytes / 4)
        binCross.initializeMemory(as: Float.self, repeating: 0, count: bytes / 4)
        rows = .allocate(capacity: max(2 * topBin, 1))
        rows.initialize(repeating: 0, count: max(2 * topBin, 1))
        spectra = .allocate(capacity: avx ? max(2 * topBin, 1) * Self.lanes : 1)
        sums = .allocate(capacity: avx ? 2 * bands * Self.lanes : 1)
    }

    deinit {
        binPower.deallocate()
        binCross.deallocate()
        rows.deallocate()
        spectra.deallocate()
        sums.deallocate()
    }

    /// The band sums of `count` (≤ `lanes`) frames starting at `x`, `x + hop`, …: frame `i`'s
    /// band `j` into `power[i · bands + j]` and `cross[i · bands + j]`.
    func analyse(_ x: UnsafePointer<Float>, hop: Int, count: Int, power: UnsafeMutablePointer<Float>,
                 cross: UnsafeMutablePointer<Float>) {
        precondition(count >= 1 && count <= Self.lanes)
        for lane in 0..<count { transform(x + lane * hop, lane: lane) }
        if avx { return sumLanes(count: count, power: power, cross: cross) }
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

    /// `analyse` on AVX: the lanes' bins from their spectra, then the triangle sums.
    private func sumLanes(count: Int, power: UnsafeMutablePointer<Float>, cross: UnsafeMutablePointer<Float>) {
        let stride = 2 * topBin
        // Lanes past `count` repeat lane 0 (their sums are not read).
        let lanes = (0..<Self.lanes).map { UnsafePointer<Float>?(spectra + ($0 < count ? $0 : 0) * stride) }
        let (binP, binC) = (binPower.assumingMemoryBound(to: Float.self), binCross.assumingMemoryBound(to: Float.self))
        windowSpectrum.withUnsafeBufferPointer { ws in
            ws.withMemoryRebound(to: Float.self) { w in
                dx_band_bins_avx(lanes, w.baseAddress, topBin, binP, binC)
            }
        }
        let (sumP, sumC) = (sums, sums + bands * Self.lanes)
        dx_band_sums_avx(binP, binC, flat, firsts, lengths, offsets, bands, sumP, sumC)
        for j in 0..<bands {
            for lane in 0..<count {
                power[lane * bands + j] = sumP[j * Self.lanes + lane]
                cross[lane * bands + j] = sumC[j * Self.lanes + lane]
            }
        }
    }

    /// One frame windowed and transformed, its bins' `|X|²` and `Re(X·W̄)` into lane `lane`
    /// (with AVX: its spectrum kept for `sumLanes`).
    private func transform(_ x: UnsafePointer<Float>, lane: Int) {
        window.withUnsafeBufferPointer { w in
            let s = fft.samples.baseAddress!
            for i in 0..<windowLength { s[i] = x[i] * w[i] }
        }
        fft.forward()
        if avx {
            UnsafeMutableRawPointer(spectra + lane * 2 * topBin)
                .copyMemory(from: fft.spectrum.baseAddress!, byteCount: topBin * MemoryLayout<ComplexFloat>.stride)
            return
        }
        // The bins into two contiguous rows first (a loop the compiler vectorises), then each
        // row into its lane.
        let spectrum = UnsafePointer(fft.spectrum.baseAddress!)
        let (rowPower, rowCross) = (rows, rows + topBin)
        windowSpectrum.withUnsafeBufferPointer { ws in
            let w = ws.baseAddress!
            for k in 0..<topBin {
                let x = spectrum[k]
                rowPower[k] = x.re * x.re + x.im * x.im
                rowCross[k] = x.re * w[k].re + x.im * w[k].im
            }
        }
        let power = binPower.assumingMemoryBound(to: Float.self) + lane
        let cross = binCross.assumingMemoryBound(to: Float.self) + lane
        for k in 0..<topBin {
            power[k &* Self.lanes] = rowPower[k]
            cross[k &* Self.lanes] = rowCross[k]
        }
    }
}
