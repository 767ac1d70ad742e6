#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A floor under band powers: the guide's noise floor, raised a few dB, put under both
/// signals (the take first brought to the guide's level band by band), so frames near the
/// floor look alike on both sides instead of carrying the guide's noise as a difference.
///
/// Why: a line's quiet final syllable on a noisy guide sits a few dB above its floor; the
/// guide's noise fills what the clean take lets fall away, and the warp search follows that
/// level difference (line ends 20–40 ms off on bench/warp seeds 1 and 3). Above the floor
/// both signals keep their detail.
struct BandFloor: Equatable {
    /// Per band: power is multiplied by `gain[b]`, then held at least at `level[b]` (linear).
    var gain: [Float]
    var level: [Float]

    /// Share of frames below the guide's noise floor estimate (its 10th percentile per band).
    static let floorQuantile = 0.1
    /// Share of frames below the level compared between the signals (speech, per band).
    static let speechQuantile = 0.9

    /// The guide's floor raised by `raiseDB`, for the guide (`gain` 1) and for the take
    /// (scaled by the ratio of the two signals' speech levels per band).
    static func pair(guide: BandPowers, take: BandPowers, raiseDB: Float) -> (guide: BandFloor, take: BandFloor) {
        let bands = guide.bands
        let raise = powf(10, raiseDB / 10)
        var level = [Float](repeating: 0, count: bands)
        var gain = [Float](repeating: 1, count: bands)
        for b in 0..<bands {
            let g = quantiles(guide, band: b)
            let t = quantiles(take, band: b)
            level[b] = g.floor * raise
            gain[b] = t.speech > 0 ? g.speech / t.speech : 1
        }
        return (BandFloor(gain: [Float](repeating: 1, count: bands), level: level), BandFloor(gain: gain, level: level))
    }

    static func quantiles(_ p: BandPowers, band b: Int) -> (floor: Float, speech: Float) {
        guard p.frames > 0 else { return (0, 0) }
        func at(_ q: Double) -> Float { bandQuantile(p.power, frames: p.frames, bands: p.bands, band: b, quantile: q) }
        return (at(floorQuantile), at(speechQuantile))
    }

    /// Band powers (linear, frame-major) scaled and held at the floor.
    func applied(toPower power: [Float], frames: Int, bands: Int) -> [Float] {
        var out = power
        for k in 0..<frames {
            for b in 0..<bands { out[k * bands + b] = max(power[k * bands + b] * gain[b], level[b]) }
        }
        return out
    }
}
