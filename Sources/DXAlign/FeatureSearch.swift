import CVectorKernels
import DXSignal

/// The coarse stage: a take utterance's features correlated over one guide channel's
/// features by overlap-save FFT correlation, as a locally centred normalised correlation
/// (Pearson per lag, so level, EQ and room tone offsets between guide and take cancel).
struct FeatureSearch {
    /// NCC at lags `lags` (guide frame where the template's first frame lands).
    let curve: CorrelationCurve
    /// The best NCC of the time-reversed template over the same lags: what an unrelated
    /// utterance with this take's spectral statistics reaches on this guide (a null level).
    let nullPeak: Float

    /// `nil` when the template does not fit inside the guide or the window is empty.
    init?(template range: Range<Int>, take: FeatureTrack, guide: FeatureTrack, window: Range<Int>?) throws {
        let m = range.count
        let n = guide.frameCount
        guard m >= 2, m <= n else { return nil }
        var lags = 0..<(n - m + 1)
        if let window { lags = lags.clamped(to: window) }
        guard !lags.isEmpty else { return nil }
        curve = try Self.ncc(take.centredTemplate(range), guide: guide, lags: lags)
        let reversed = try Self.ncc(take.centredTemplate(range, reversed: true), guide: guide, lags: lags)
        nullPeak = reversed.values.max() ?? 0
    }

    static func ncc(_ template: [[Float]], guide: FeatureTrack, lags: Range<Int>) throws -> CorrelationCurve {
        let m = template[0].count
        var energy = 0.0
        for band in template { for v in band { energy += Double(v) * Double(v) } }
        let correlator = try CrossCorrelator(templates: template)
        var curve = correlator.correlate(channels: guide.bands, lags: lags)
        let norm = energy.squareRoot()
        // A guide window with under 1 % of the template's variation is (near) silence: its
        // correlation is single-precision rounding noise divided by almost nothing.
        let quiet = 0.01 * energy
        for i in curve.values.indices {
            let e = guide.centredEnergy(start: curve.firstLag + i, count: m)
            curve.values[i] = e > quiet && norm > 0 ? Float(min(1, max(-1, Double(curve.values[i]) / (norm * e.squareRoot())))) : 0
        }
        return curve
    }

    /// Direct (no FFT) centred NCC of a short template at lags `lags`; for segment voting.
    /// Eight lags at a time: each template value times eight consecutive guide frames, so each
    /// lag's dot product is summed in the same order as one lag at a time would be.
    static func localNCC(_ template: [[Float]], guide: FeatureTrack, lags: Range<Int>) -> [Float] {
        let m = template[0].count
        var energy = 0.0
        for band in template { for v in band { energy += Double(v) * Double(v) } }
        let norm = energy.squareRoot()
        let count = lags.count
        var dots = [Float](repeating: 0, count: count)
        if Decimator.avx {
            bandDotsAVX(template, guide: guide, lags: lags, into: &dots)
        } else {
            portableBandDots(template, guide: guide, lags: lags, into: &dots)
        }
        var out = [Float](repeating: 0, count: count)
        for (i, lag) in lags.enumerated() {
            let e = guide.centredEnergy(start: lag, count: m)
            out[i] = e > 0.01 * energy && norm > 0 ? Float(min(1, max(-1, Double(dots[i]) / (norm * e.squareRoot())))) : 0
        }
        return out
    }

    /// `portableBandDots` with each band's dot products by the decimator's AVX filter
    /// (`dx_decimate_filter_avx`: output i = Σ_j t[j] · g[lag_i + j], summed from 0 in the order
    /// of j, products never fused; the same floats in under half the instructions).
    static func bandDotsAVX(_ template: [[Float]], guide: FeatureTrack, lags: Range<Int>, into dots: inout [Float]) {
        let m = template[0].count, count = lags.count
        var band = [Float](repeating: 0, count: count)
        var sources = [UnsafePointer<Float>?](repeating: nil, count: m)
        dots.withUnsafeMutableBufferPointer { d in
            for b in 0..<template.count {
                template[b].withUnsafeBufferPointer { t in
                    guide.bands[b].withUnsafeBufferPointer { g in
                        for j in 0..<m { sources[j] = g.baseAddress! + lags.lowerBound + j }
                        sources.withUnsafeBufferPointer { src in
                            band.withUnsafeMutableBufferPointer { out in
                                dx_decimate_filter_avx(src.baseAddress, t.baseAddress, m, out.baseAddress, count)
                            }
                        }
                    }
                }
                for i in 0..<count { d[i] += band[i] }
            }
        }
    }

    /// Σ over bands of the template band's dot product with the guide band at every lag, into
    /// `dots` (zeros on entry): per band and lag the products summed from 0 in the order of the
    /// template's frames, then added to the lag's total band after band.
    static func portableBandDots(_ template: [[Float]], guide: FeatureTrack, lags: Range<Int>, into dots: inout [Float]) {
        let m = template[0].count, count = lags.count
        dots.withUnsafeMutableBufferPointer { d in
            for b in 0..<template.count {
                template[b].withUnsafeBufferPointer { t in
                    guide.bands[b].withUnsafeBufferPointer { g in
                        var i = 0
                        // Sixteen lags a round where there are that many (each template value
                        // loaded once for both halves), then eight.
                        while i + 16 <= count {
                            let base = UnsafeRawPointer(g.baseAddress! + lags.lowerBound + i)
                            var low = SIMD8<Float>(), high = SIMD8<Float>()
                            for j in 0..<m {
                                let tj = t[j], p = base + j &* 4
                                low += tj * p.loadUnaligned(as: SIMD8<Float>.self)
                                high += tj * p.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                            }
                            for l in 0..<8 {
                                d[i + l] += low[l]
                                d[i + 8 + l] += high[l]
                            }
                            i += 16
                        }
                        while i + 8 <= count {
                            let base = UnsafeRawPointer(g.baseAddress! + lags.lowerBound + i)
                            var acc = SIMD8<Float>()
                            for j in 0..<m {
                                acc += t[j] * base.loadUnaligned(fromByteOffset: j &* 4, as: SIMD8<Float>.self)
                            }
                            for l in 0..<8 { d[i + l] += acc[l] }
                            i += 8
                        }
                        while i < count {
                            let lag = lags.lowerBound + i
                            var s: Float = 0
                            for j in 0..<m { s += t[j] * g[lag + j] }
                            d[i] += s
                            i += 1
                        }
                    }
                }
            }
        }
    }
}
