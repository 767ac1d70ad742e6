import DXSignal

/// The features `LocalRefinement` compares: fewer, wider bands over a longer window than the
/// search's, with the guide's and the take's noise floors made equal.
///
/// Why not the search's features: started from the true map, the best shift of a 240 ms
/// window of the search's features (40 bands, 25 ms) wanders 2.1 / 1.7 ms rms (room / dry
/// guides, bench/warp seeds 1–3) — word-scale error, the part that costs PESQ. Its causes
/// are differences between the signals that look like timing: a pitch-shifted take moves
/// its harmonics and, with its formants, its spectral slopes across narrow bands (a formant
/// glide shifted in frequency reads as shifted in time), and the two recordings' different
/// noise floors move where a syllable's decay meets the floor. 16 bands over a 32 ms window
/// (1.7 / 1.0 ms rms with floors matched; 12 or 20 bands, 25 or 40 ms windows, 2 ms hops
/// measured worse) and a common floor per band (each band held at least 6 dB above the
/// louder of the two floors) take most of that out.
enum RefinementFeatures {
    /// Analysis window, samples at `WarpFeatures.analysisRate` (32 ms).
    static let window = 512
    static let bands = 16
    /// How far above the louder of the two noise floors each band is held, dB.
    static let floorMarginDB: Float = 6
    /// Which quantile of a band's levels over the signal is its noise floor (the 10th
    /// percentile, as good on bench/warp, lifted the floor of a guide in a strong room — RT60
    /// 0.5 s, DRR 0 dB — into its syllables' tails: the map's median error there rose 0.3 ms).
    static let floorQuantile = 0.05

    typealias Pair = (guide: WarpFeatures, take: WarpFeatures)

    /// Guide and take features frame for frame with the search's (`WarpFeatures`, same hop,
    /// same frame centres): `guide` and `take` at `WarpFeatures.analysisRate`, the take heard
    /// in the guide's `room`.
    static func pair(guide: [Float], take: [Float], room: RoomModel) throws -> Pair {
        let g = BandPowers(try spectrogram(analysis: guide))
        let t = BandPowers(try spectrogram(analysis: take))
        var guideDirect = WarpFeatures.direct(g)
        var takeDirect = WarpFeatures.direct(t, room: room)
        let floor = zip(noiseFloors(guideDirect, frames: g.frames), noiseFloors(takeDirect, frames: t.frames)).map {
            max($0, $1) + floorMarginDB
        }
        raise(&guideDirect, to: floor)
        raise(&takeDirect, to: floor)
        return (
            WarpFeatures(direct: guideDirect, bands: bands, levels: g.levels),
            WarpFeatures(direct: takeDirect, bands: bands, levels: t.levels)
        )
    }

    /// Log-mel bands of `x` with frame `k` centred where the search's frame `k` is: the
    /// signal is padded by half the difference of the windows at both ends, so the frame
    /// counts agree too.
    static func spectrogram(analysis x: [Float]) throws -> LogMelSpectrogram {
        let lead = [Float](repeating: 0, count: (window - WarpFeatures.window) / 2)
        var config = LogMelConfiguration()
        config.sampleRate = Double(WarpFeatures.analysisRate)
        config.windowLength = window
        config.hop = WarpFeatures.hop
        config.fftSize = window
        config.bands = bands
        config.fmin = 60
        config.fmax = 7_600
        config.floorBelowPeakDB = 80
        return try LogMelExtractor(configuration: config).compute(lead + x + lead)
    }

    /// Each band's `floorQuantile` level over the frames, dB.
    static func noiseFloors(_ levels: [Float], frames: Int) -> [Float] {
        guard frames > 0 else { return [Float](repeating: -.infinity, count: bands) }
        return (0..<bands).map { bandQuantile(levels, frames: frames, bands: bands, band: $0, quantile: floorQuantile) }
    }

    static func raise(_ levels: inout [Float], to floor: [Float]) {
        for i in levels.indices { levels[i] = max(levels[i], floor[i % bands]) }
    }
}
