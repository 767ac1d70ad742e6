/// The frequency resolution of the gain: single STFT bins up to 8 kHz, pairs up to 16 kHz,
/// groups of four above. Speech detail that matters to intelligibility and to the ear's
/// judgement of quality sits below 8 kHz; above it, averaging neighbouring bins makes the
/// noise estimate and speech-presence decision steadier (less "musical" residue) and halves
/// the per-frame cost of the gain rule.
struct GainBands: Sendable {
    /// Runs of equal-width bands: first bin, bins per band, number of bands.
    struct Run: Sendable {
        let firstBin: Int
        let width: Int
        let count: Int
    }
    let runs: [Run]
    let binCount: Int
    /// Number of bands (what the tracker and gain rule work on).
    let count: Int

    init(binCount: Int, sampleRate: Int, frameSize: Int) {
        self.binCount = binCount
        let binHz = Double(sampleRate) / Double(frameSize)
        var runs: [Run] = []
        var k = 0
        for (edge, width) in [(8000.0, 1), (16000.0, 2), (Double.infinity, 4)] {
            let stop = edge.isFinite ? min(binCount, Int((edge / binHz).rounded(.up))) : binCount
            let n = max(stop - k, 0) / width
            if n > 0 { runs.append(Run(firstBin: k, width: width, count: n)) }
            k += n * width
        }
        if k < binCount { runs.append(Run(firstBin: k, width: 1, count: binCount - k)) }
        self.runs = runs
        count = runs.reduce(0) { $0 + $1.count }
    }

    /// Band means of a per-bin row (`binCount` values → `count`).
    func average(_ bins: UnsafePointer<Float>, into bands: UnsafeMutablePointer<Float>) {
        var u = 0
        for run in runs {
            let w = run.width, scale = 1 / Float(w)
            let src = bins + run.firstBin, dst = bands + u
            switch w {
            case 1: dst.update(from: src, count: run.count)
            case 2: for j in 0..<run.count { dst[j] = (src[2 * j] + src[2 * j + 1]) * 0.5 }
            case 4:
                for j in 0..<run.count {
                    dst[j] = ((src[4 * j] + src[4 * j + 1]) + (src[4 * j + 2] + src[4 * j + 3])) * 0.25
                }
            default:
                for j in 0..<run.count {
                    var s: Float = 0
                    for t in 0..<w { s += src[j * w + t] }
                    dst[j] = s * scale
                }
            }
            u += run.count
        }
    }

    /// Band means of a per-bin array.
    func average(_ bins: [Float]) -> [Float] {
        precondition(bins.count == binCount)
        var out = [Float](repeating: 0, count: count)
        bins.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { o in average(b.baseAddress!, into: o.baseAddress!) }
        }
        return out
    }

    /// Multiplies each bin of an interleaved complex spectrum by its band's gain.
    func apply(_ gains: UnsafePointer<Float>, to spectrum: UnsafeMutablePointer<Float>) {
        var u = 0
        for run in runs {
            let w = run.width
            let g = gains + u, s = spectrum + 2 * run.firstBin
            switch w {
            case 1:
                for j in 0..<run.count {
                    let x = g[j]
                    s[2 * j] *= x
                    s[2 * j + 1] *= x
                }
            case 2:
                let raw = UnsafeMutableRawPointer(s)
                for j in 0..<run.count {
                    let v = raw.loadUnaligned(fromByteOffset: 16 * j, as: SIMD4<Float>.self)
                    raw.storeBytes(of: v * g[j], toByteOffset: 16 * j, as: SIMD4<Float>.self)
                }
            case 4:
                let raw = UnsafeMutableRawPointer(s)
                for j in 0..<run.count {
                    let v = raw.loadUnaligned(fromByteOffset: 32 * j, as: SIMD8<Float>.self)
                    raw.storeBytes(of: v * g[j], toByteOffset: 32 * j, as: SIMD8<Float>.self)
                }
            default:
                for j in 0..<run.count {
                    let x = g[j]
                    for t in 0..<(2 * w) { s[2 * w * j + t] *= x }
                }
            }
            u += run.count
        }
    }
}
