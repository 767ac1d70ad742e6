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
    static func localNCC(_ template: [[Float]], guide: FeatureTrack, lags: Range<Int>) -> [Float] {
        let m = template[0].count
        var energy = 0.0
        for band in template { for v in band { energy += Double(v) * Double(v) } }
        let norm = energy.squareRoot()
        var out = [Float](repeating: 0, count: lags.count)
        for (i, lag) in lags.enumerated() {
            var dot: Float = 0
            for b in 0..<template.count {
                template[b].withUnsafeBufferPointer { t in
                    guide.bands[b].withUnsafeBufferPointer { g in
                        var s: Float = 0
                        for j in 0..<m { s += t[j] * g[lag + j] }
                        dot += s
                    }
                }
            }
            let e = guide.centredEnergy(start: lag, count: m)
            out[i] = e > 0.01 * energy && norm > 0 ? Float(min(1, max(-1, Double(dot) / (norm * e.squareRoot())))) : 0
        }
        return out
    }
}
