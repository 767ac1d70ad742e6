import Glibc
import DXAudio
import DXSignal

/// The per-file decisions made before the main pass: STFT framing, whether there is hum,
/// and the noise spectrum to start from (from a bounded look-ahead, never the whole file).
struct Plan {
    let frameSize: Int
    let stft: STFTConfiguration
    let sampleRate: Int
    let channels: Int
    let settings: DenoiseSettings
    /// The first `FileDenoiser.lookAheadSeconds` of audio, planar.
    let head: [[Float]]
    let humDetection: HumDetection?
    /// The fundamental when hum is to be removed.
    var humFundamental: Double? { humDetection?.isPresent == true ? humDetection?.fundamental : nil }

    init(reader: AudioReader, settings: DenoiseSettings) throws {
        let format = reader.format
        guard format.sampleRate >= 8000 else {
            throw DenoiseError(.unsupported, "\(reader.path): \(format.sampleRate) Hz audio; dx-denoise needs at least 8000 Hz")
        }
        sampleRate = format.sampleRate
        channels = format.channels
        self.settings = settings
        frameSize = DenoiseSettings.frameSize(sampleRate: format.sampleRate)
        stft = try STFTConfiguration(frameSize: frameSize, hop: frameSize / max(settings.hopDivisor, 2))
        // Look-ahead through a second reader, so the main pass starts at frame 0 untouched.
        let ahead = try AudioReader(path: reader.path, acceptTruncated: false)
        let want = Int(min(Int64(FileDenoiser.lookAheadSeconds * Double(sampleRate)), ahead.frameCount))
        head = try Self.readPlanar(ahead, frames: want)
        if settings.hum == .auto, let first = head.first, !first.isEmpty {
            let n = min(first.count, Int(FileDenoiser.humSearchSeconds * Double(sampleRate)))
            // Mono is searched as it is (no second copy of the look-ahead to sum into: what the
            // sum would change, 0 + (−0) = +0, the search's integer decimation cannot see).
            var mix = head.count > 1 ? [Float](repeating: 0, count: n) : n == first.count ? first : Array(first.prefix(n))
            if head.count > 1 { for c in head { for i in 0..<n { mix[i] += c[i] } } }
            humDetection = HumDetector.detect(mix, sampleRate: Double(sampleRate), rigor: settings.fftRigor)
        } else {
            humDetection = nil
        }
    }

    static func readPlanar(_ reader: AudioReader, frames: Int) throws -> [[Float]] {
        let ch = reader.format.channels
        var planar = [[Float]](repeating: [Float](repeating: 0, count: frames), count: ch)
        let chunk = 1 << 14
        var buf = [Float](repeating: 0, count: chunk * ch)
        var done = 0
        while done < frames {
            let n = try buf.withUnsafeMutableBufferPointer { (b) throws(AudioError) in
                try reader.read(into: b, frames: min(chunk, frames - done))
            }
            if n == 0 { break }
            buf.withUnsafeBufferPointer { b in
                for c in 0..<ch {
                    planar[c].withUnsafeMutableBufferPointer { p in
                        let dst = p.baseAddress! + done, src = b.baseAddress! + c
                        for i in 0..<n { dst[i] = src[i * ch] }
                    }
                }
            }
            done += n
        }
        if done < frames { for c in 0..<ch { planar[c].removeLast(frames - done) } }
        return planar
    }

    /// One hum remover per channel, warmed up on the look-ahead (its template learned).
    func warmedHumRemovers(hum: Double) -> [HumRemover] {
        (0..<channels).map { c in
            let r = HumRemover(fundamental: hum, sampleRate: Double(sampleRate),
                               maximumFrequency: settings.humMaximumFrequency)
            var warmUp = head[c]
            warmUp.withUnsafeMutableBufferPointer { r.process($0) }
            return r
        }
    }

    /// Hum-removed look-ahead: the quietest half second's mean spectrum per channel (the
    /// adaptive tracker's start and floor), and the warmed-up hum removers.
    func lookAhead(path: String, hum: Double?) throws -> (noise: [[Float]], modulation: Double, removers: [HumRemover], clean: Bool) {
        var audio = head
        let removers = hum.map { warmedHumRemovers(hum: $0) } ?? []
        if let hum {
            for (c, r) in removers.enumerated() {
                // The noise is measured on the look-ahead as the main pass will hear it: with
                // the learned template from the first sample. Measured on the warm-up pass
                // itself, a quietest stretch near the start carries the residue of a template
                // still settling, not the main pass's; that error sits in the tracker's floor,
                // which the estimate never goes below, for the whole file (bench seed 1, 20 dB
                // SNR: hum50 +7.95 → +9.42 dB, hum60 +6.22 → +7.14 dB SI-SDRi).
                let settled = HumRemover(fundamental: hum, sampleRate: Double(sampleRate),
                                         maximumFrequency: settings.humMaximumFrequency)
                settled.adoptTemplate(from: r)
                audio[c].withUnsafeMutableBufferPointer { settled.process($0) }
            }
        }
        let quiet = QuietestStretch.measure(audio, frameSize: frameSize, sampleRate: sampleRate, rigor: settings.fftRigor)
        // The modulation is measured before hum removal: the remover's residual while its
        // template settles fluctuates (bench hum cases measured up to 3.4 dB after removal,
        // 0.1 dB before), and a crowd under hum still shows through the steady hum lines.
        let modulation = hum == nil ? quiet.modulation
            : QuietestStretch.measure(head, frameSize: frameSize, sampleRate: sampleRate, rigor: settings.fftRigor).modulation
        // A clean recording: a pause of digital silence (no recorded background has one), and
        // the quietest stretch that is not silent fluctuates like a voice, not like a steady
        // background (room tone after a silent pre-roll stays noise). There is no noise to
        // learn; taking the quietest words for it cost whispered voices 15 dB of SI-SDR.
        if quiet.hasSilence && modulation >= DenoiseTuning.cleanRecordingModulation {
            return (quiet.noise.map { [Float](repeating: 0, count: $0.count) }, 0, removers, true)
        }
        return (quiet.noise, modulation, removers, false)
    }

    /// Mean spectrum per channel of `region` (frames), streamed; hum removed first (with a
    /// warm-up pass over the region) when `hum` is given.
    func regionNoise(path: String, region: Range<Int64>, hum: Double?) throws -> [[Float]] {
        let minimum = Int64(frameSize)
        guard region.count >= minimum else {
            throw DenoiseError(.badRegion,
                "\(path): learn region of \(region.count) frames is too short; it needs at least \(minimum) (\(frameSize * 1000 / sampleRate) ms)")
        }
        var removers: [HumRemover] = []
        if let hum {
            removers = (0..<channels).map { _ in
                HumRemover(fundamental: hum, sampleRate: Double(sampleRate), maximumFrequency: settings.humMaximumFrequency)
            }
            // Warm-up over (at most 5 s of) the region, then measure with the learned template.
            let warm = try regionReader(path: path, start: region.lowerBound)
            let audio = try Self.readPlanar(warm, frames: min(region.count, 5 * sampleRate))
            var fresh: [HumRemover] = []
            for c in 0..<channels {
                var a = audio[c]
                let r = HumRemover(fundamental: hum, sampleRate: Double(sampleRate), maximumFrequency: settings.humMaximumFrequency)
                a.withUnsafeMutableBufferPointer { r.process($0) }
                fresh.append(r)
            }
            for (r, w) in zip(removers, fresh) { r.adoptTemplate(from: w) }
        }
        let reader = try regionReader(path: path, start: region.lowerBound)
        let config = try STFTConfiguration(frameSize: frameSize, hop: frameSize / 2)
        let skip = (config.padding + config.hop - 1) / config.hop
        let empty = PeriodogramAverage(binCount: config.binCount, skip: skip)
        var accumulators = [PeriodogramAverage](repeating: empty, count: channels)
        let analyzers = (0..<channels).map { _ in STFTAnalyzer(configuration: config, rigor: settings.fftRigor) }
        let chunk = removers.first?.blockSize ?? 4096
        var buf = [Float](repeating: 0, count: chunk * channels)
        var plane = [Float](repeating: 0, count: chunk)
        var left = Int64(region.count)
        while left > 0 {
            let n = try buf.withUnsafeMutableBufferPointer { (b) throws(AudioError) in
                try reader.read(into: b, frames: Int(min(Int64(chunk), left)))
            }
            if n == 0 { break }
            left -= Int64(n)
            for c in 0..<channels {
                for i in 0..<n { plane[i] = buf[i * channels + c] }
                plane.withUnsafeMutableBufferPointer { p in
                    let part = UnsafeMutableBufferPointer(rebasing: p[0..<n])
                    if !removers.isEmpty { removers[c].process(part) }
                    analyzers[c].push(UnsafeBufferPointer(part)) { accumulators[c].add($0) }
                }
            }
        }
        return accumulators.map { $0.mean }
    }

    private func regionReader(path: String, start: Int64) throws -> AudioReader {
        let r = try AudioReader(path: path)
        try r.seek(toFrame: start)
        return r
    }
}

/// Interquartile range of `values` after subtracting their least-squares straight line.
func detrendedInterquartileRange(_ values: [Double]) -> Double {
    let n = values.count
    guard n >= 2 else { return 0 }
    let mt = Double(n - 1) / 2
    let mv = values.reduce(0, +) / Double(n)
    var stt = 0.0, stv = 0.0
    for (i, v) in values.enumerated() {
        stt += (Double(i) - mt) * (Double(i) - mt)
        stv += (Double(i) - mt) * (v - mv)
    }
    let slope = stt > 0 ? stv / stt : 0
    let residuals = values.enumerated().map { $0.element - mv - slope * (Double($0.offset) - mt) }.sorted()
    func quantile(_ q: Double) -> Double {
        let x = q * Double(n - 1)
        let i = Int(x), f = x - Double(i)
        return i + 1 < n ? residuals[i] + f * (residuals[i + 1] - residuals[i]) : residuals[i]
    }
    return quantile(0.75) - quantile(0.25)
}

/// Mean periodogram of the frames it is given, skipping the first `skip` (the STFT's
/// zero-padded start).
struct PeriodogramAverage {
    private var sum: [Double]
    private var frames = 0
    private var skip: Int

    init(binCount: Int, skip: Int) {
        sum = [Double](repeating: 0, count: binCount)
        self.skip = skip
    }

    mutating func add(_ spectrum: UnsafeMutableBufferPointer<ComplexFloat>) {
        if skip > 0 { skip -= 1; return }
        for k in 0..<sum.count { sum[k] += Double(spectrum[k].power) }
        frames += 1
    }

    var mean: [Float] { sum.map { frames > 0 ? Float($0 / Double(frames)) : 0 } }
}

/// The quietest stretch of a look-ahead: the half second with the least energy (all channels
/// together, digital silence ignored), whose mean spectrum starts the adaptive tracker, and
/// how much the level of that background fluctuates from frame to frame.
enum QuietestStretch {
    /// Sub-band edges (Hz) of the modulation measure: the speech range in four bands.
    static let modulationBandEdges: [Double] = [300, 800, 1600, 3200, 6000]

    static func noise(of audio: [[Float]], frameSize: Int, sampleRate: Int, rigor: FFTPlanningRigor) -> [[Float]] {
        measure(audio, frameSize: frameSize, sampleRate: sampleRate, rigor: rigor).noise
    }

    /// - Returns: the mean spectrum per channel, whether the look-ahead holds a pause of
    ///   digital silence (a quarter second or more), and the modulation of the stretch, dB: the
    ///   mean over four speech sub-bands of the interquartile range of the band's level across
    ///   the stretch's frames, after removing the level's straight-line trend (a passing car
    ///   or a fade is a trend, not a fluctuation). Bench seeds 1 and 2: steady noise (white,
    ///   pink, HVAC, hum) and traffic 0.04–1.3 dB, babble 3.4–6.9 dB (each talker's syllables
    ///   come and go); the edge of a tone burst inside the stretch 1.2 dB.
    static func measure(_ audio: [[Float]], frameSize: Int, sampleRate: Int,
                        rigor: FFTPlanningRigor) -> (noise: [[Float]], modulation: Double, hasSilence: Bool) {
        let channels = audio.count
        let binCount = frameSize / 2 + 1
        guard let count = audio.first?.count, count >= frameSize,
              let config = try? STFTConfiguration(frameSize: frameSize, hop: frameSize / 2) else {
            return ([[Float]](repeating: [Float](repeating: 0, count: binCount), count: channels), 0, false)
        }
        let frames = LookAheadSpectra(audio, config: config, rigor: rigor)
        let span = max(Int(0.5 * Double(sampleRate) / Double(config.hop)), 4)
        let silence = 1e-12 * Double(frameSize) * Double(channels)
        let stretch = frames.quietestStretch(frames: span, silence: silence)
        let binHz = Double(sampleRate) / Double(frameSize)
        let edges = modulationBandEdges.map { min(Int($0 / binHz), binCount) }
        let modulation = frames.modulation(over: stretch, bandEdges: edges)
        let noise = (0..<channels).map { frames.meanSpectrum(channel: $0, over: stretch) }
        let longest = frames.longestRun(below: silence)
        return (noise, modulation, longest * config.hop >= sampleRate / 4)
    }
}

/// Every frame's power spectrum of the look-ahead (all channels side by side in one row) and
/// its energy over bins ≥ 2, from one STFT pass per channel.
private struct LookAheadSpectra {
    var spectra: [[Float]] = []
    var energy: [Double] = []
    let channels: Int
    let binCount: Int

    init(_ audio: [[Float]], config: STFTConfiguration, rigor: FFTPlanningRigor) {
        channels = audio.count
        binCount = config.frameSize / 2 + 1
        let skip = (config.padding + config.hop - 1) / config.hop
        for c in 0..<channels {
            let a = STFTAnalyzer(configuration: config, rigor: rigor)
            var j = 0
            a.push(audio[c]) { s in
                if j >= skip { add(frame: j - skip, channel: c, s) }
                j += 1
            }
        }
    }

    private mutating func add(frame i: Int, channel c: Int, _ s: UnsafeMutableBufferPointer<ComplexFloat>) {
        if i == spectra.count {
            spectra.append([Float](repeating: 0, count: binCount * channels))
            energy.append(0)
        }
        var e: Float = 0
        let binCount = self.binCount
        spectra[i].withUnsafeMutableBufferPointer { row in
            let dst = row.baseAddress! + c * binCount
            for k in 0..<binCount {
                let p = s[k].power
                dst[k] = p
                if k >= 2 { e += p }
            }
        }
        energy[i] += Double(e)
    }

    /// The `frames`-long stretch of least energy holding no frame of digital silence (the
    /// first stretch when none qualifies or the look-ahead is shorter).
    func quietestStretch(frames span: Int, silence: Double) -> Range<Int> {
        var best = 0, bestSum = Double.infinity
        if energy.count > span {
            for start in 0...(energy.count - span) {
                var s = 0.0, silent = false
                for i in start..<(start + span) {
                    if energy[i] < silence { silent = true; break }
                    s += energy[i]
                }
                if !silent, s < bestSum { bestSum = s; best = start }
            }
        }
        return best..<min(best + span, energy.count)
    }

    /// Mean over the speech sub-bands of the detrended interquartile range of each band's
    /// level (dB) across `stretch`; bands with a silent frame are left out.
    func modulation(over stretch: Range<Int>, bandEdges edges: [Int]) -> Double {
        var modulation = 0.0, bands = 0
        var levels = [Double](repeating: 0, count: max(stretch.count, 0))
        for b in 0..<(edges.count - 1) where edges[b + 1] > edges[b] && stretch.count >= 4 {
            var silent = false
            for i in stretch {
                let e = bandEnergy(frame: i, bins: edges[b]..<edges[b + 1])
                if e <= 0 { silent = true; break }
                levels[i - stretch.lowerBound] = 10 * log10(e)
            }
            if silent { continue }
            modulation += detrendedInterquartileRange(levels)
            bands += 1
        }
        return bands > 0 ? modulation / Double(bands) : 0
    }

    private func bandEnergy(frame i: Int, bins: Range<Int>) -> Double {
        var e = 0.0
        spectra[i].withUnsafeBufferPointer { row in
            for c in 0..<channels { for k in bins { e += Double(row[c * binCount + k]) } }
        }
        return e
    }

    /// Mean power spectrum of one channel over `stretch`.
    func meanSpectrum(channel c: Int, over stretch: Range<Int>) -> [Float] {
        var sum = [Double](repeating: 0, count: binCount)
        for i in stretch {
            spectra[i].withUnsafeBufferPointer { row in
                for k in 0..<binCount { sum[k] += Double(row[c * binCount + k]) }
            }
        }
        let used = Double(max(stretch.count, 1))
        return sum.map { Float($0 / used) }
    }

    /// Longest run of frames whose energy is below `silence`.
    func longestRun(below silence: Double) -> Int {
        var run = 0, longest = 0
        for e in energy {
            run = e < silence ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
