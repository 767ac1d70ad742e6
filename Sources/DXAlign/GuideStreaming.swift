#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DXAudio
import DXSignal
import Dispatch
import Synchronization

/// The guide's log-mel bands computed while the file is read, block by block, without ever
/// holding the guide in memory: a 10-minute 48 kHz guide is 115 MB of samples, and the page
/// faults of allocating that (and freeing it at exit) cost more than the analysis. Stretches of
/// frames are read and analysed at once on several cores, each with its own file handle; each
/// reads its samples a chunk at a time and decimates them to the feature rate before the
/// transforms (`FeatureAnalyzer.decimator`, edges repeated at the file's ends, exactly as the
/// whole signal in memory is decimated).
///
/// DC removal needs the mean of the whole channel before the first frame is analysed; instead
/// each frame's band energy of `x − m` is assembled afterwards from two sums the stream can
/// collect: with `X` the spectrum of the windowed frame and `W` that of the window,
/// `|X − mW|² = |X|² − 2m·Re(X·W̄) + m²·|W|²`, weighted by each band's triangle. The result is
/// the same as removing the mean first (up to single-precision rounding): the decimation filter
/// passes a constant unchanged, to the file's ends included.
enum GuideStreaming {
    /// Frame-major band energies of a stretch, and the sum of the samples it owns.
    struct Stretch: Sendable {
        var power: [[Float]]   // per channel, frame-major |X|² band sums
        var cross: [[Float]]   // per channel, frame-major Re(X·W̄) band sums
        var sums: [Double]     // per channel
    }

    /// Frames (10 ms) below which a guide is not split into stretches.
    static let minimumStretchFrames = 300

    /// A short read: the file holds less audio than its header says (the caller reads it whole instead).
    struct ShortRead: Error {}

    /// Log-mel spectrograms of every channel of `reader`'s file, DC removed, and the channel
    /// means. `configuration`: window = FFT size, at the file's rate.
    static func analyse(path: String, frameCount total: Int, channels: Int, configuration c: LogMelConfiguration,
                        decimator: Decimator, tasks: Int) throws -> (spectrograms: [LogMelSpectrogram], means: [Double]) {
        let n = c.windowLength, hop = c.hop, f = decimator.factor
        let frames = 1 + (decimator.outputCount(forInput: total) - n) / hop
        let filterbank = try MelFilterbank(sampleRate: c.sampleRate, fftSize: c.fftSize, bands: c.bands, fmin: c.fmin,
                                           fmax: c.fmax, scale: c.scale, normalization: c.normalization)
        let window = Window.make(.hann, count: n, periodic: false)
        let windowSpectrum = RealFFT(size: c.fftSize).forward(window)
        // Stretches of at least `minimumStretchFrames`: a stretch costs a file handle and an FFT
        // of its own, under a millisecond, so even a short guide is worth splitting.
        let parts = max(1, min(tasks, frames / minimumStretchFrames))
        let results = Mutex([Int: Result<Stretch, any Error>]())
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            let first = frames * p / parts, end = frames * (p + 1) / parts
            let owned = (first * hop * f)..<(p == parts - 1 ? total : end * hop * f)
            let r = Result<Stretch, any Error> {
                try stretch(path: path, channels: channels, total: total, frames: first..<end, owned: owned,
                            configuration: c, decimator: decimator, filterbank: filterbank,
                            window: window, windowSpectrum: windowSpectrum)
            }
            results.withLock { $0[p] = r }
        }
        let done = results.withLock { $0 }
        var stretches: [Stretch] = []
        for p in 0..<parts { stretches.append(try done[p]!.get()) }
        // |W|² per band: the m² term.
        var windowPower = [Float](repeating: 0, count: filterbank.binCount)
        for k in windowPower.indices { windowPower[k] = windowSpectrum[k].power }
        let windowBands = filterbank.apply(power: windowPower)
        var spectrograms: [LogMelSpectrogram] = []
        var means: [Double] = []
        // 10·log₁₀ e as 10·log₁₀ 2 · log₂ e: glibc's log2f takes half the instructions of its
        // log10f (33 against 72 a call, 100 000 calls on a 25 s guide), equal to a few ulps.
        let decibelsPerOctave: Float = 3.010_299_956_639_812
        let bands = c.bands
        for ch in 0..<channels {
            let mean = stretches.reduce(0.0) { $0 + $1.sums[ch] } / Double(total)
            let m = Float(mean)
            var values = [Float]()
            values.reserveCapacity(frames * bands)
            for s in stretches {
                s.power[ch].withUnsafeBufferPointer { a in
                    s.cross[ch].withUnsafeBufferPointer { b in
                        let count = a.count / bands
                        for t in 0..<count {
                            for j in 0..<bands {
                                let e = a[t * bands + j] - 2 * m * b[t * bands + j] + m * m * windowBands[j]
                                values.append(decibelsPerOctave * log2f(max(e, 0) + 1e-20))
                            }
                        }
                    }
                }
            }
            spectrograms.append(LogMelSpectrogram(frameCount: frames, bandCount: bands, hop: hop, values: values))
            means.append(mean)
        }
        return (spectrograms, means)
    }

    /// Frames `frames` of every channel (at the decimated rate), reading the file with a handle
    /// of its own, 256 frames at a time: each chunk reads the file samples its frames and the
    /// decimation filter need, decimates them (edges repeated at the file's ends, as the whole
    /// signal would be) and analyses its frames. Sums the samples in `owned` (each file sample
    /// is owned by one stretch).
    private static func stretch(path: String, channels: Int, total: Int, frames: Range<Int>, owned: Range<Int>,
                                configuration c: LogMelConfiguration, decimator: Decimator,
                                filterbank: MelFilterbank, window: [Float],
                                windowSpectrum: [ComplexFloat]) throws -> Stretch {
        let reader = try AudioReader(path: path)
        let n = c.windowLength, hop = c.hop, bands = c.bands
        let f = decimator.factor, half = decimator.halfLength
        let fft = RealFFT(size: c.fftSize)
        let chunkFrames = 256
        var sums = [Double](repeating: 0, count: channels)
        var power = [[Float]](repeating: [], count: channels)
        var cross = [[Float]](repeating: [], count: channels)
        for ch in 0..<channels {
            power[ch].reserveCapacity(frames.count * bands)
            cross[ch].reserveCapacity(frames.count * bands)
        }
        // The triangles flattened: band j weighs bins firsts[j] ..< firsts[j] + lengths[j].
        let firsts = filterbank.firstBins
        let lengths = filterbank.weights.map(\.count)
        let flat = filterbank.weights.flatMap { $0 }
        var a = [Float](repeating: 0, count: bands)
        var b = [Float](repeating: 0, count: bands)
        let topBin = zip(firsts, lengths).map { $0 + $1 }.max() ?? 0
        let binPower = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(topBin, 1))
        let binCross = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(topBin, 1))
        defer {
            binPower.deallocate()
            binCross.deallocate()
        }
        let raw = PCMDecoding(reader.format)
        var bytes: [UInt8] = []
        var interleaved: [Float] = []
        let capacity = ((chunkFrames - 1) * hop + n) * f + 2 * half + 1
        var buffers = [[Float]](repeating: [Float](repeating: 0, count: capacity), count: channels)
        var summedTo = owned.lowerBound

        /// Reads file samples `range` into `buffers[·][0 ..< range.count]`.
        func read(_ range: Range<Int>) throws {
            try reader.seek(toFrame: Int64(range.lowerBound))
            let count = range.count
            if let raw {
                if try raw.read(count, channels: channels, from: reader, into: &bytes) < count { throw ShortRead() }
                bytes.withUnsafeBufferPointer { p in
                    for ch in 0..<channels {
                        buffers[ch].withUnsafeMutableBufferPointer { buf in
                            raw.decode(p, frames: count, channel: ch, channels: channels, into: buf.baseAddress!)
                        }
                    }
                }
            } else {
                if interleaved.count < count * channels { interleaved = [Float](repeating: 0, count: count * channels) }
                var done = 0
                while done < count {
                    let got = try interleaved.withUnsafeMutableBufferPointer { p in
                        try reader.read(into: UnsafeMutableBufferPointer(rebasing: p[(done * channels)...]),
                                        frames: count - done)
                    }
                    if got == 0 { throw ShortRead() }
                    done += got
                }
                interleaved.withUnsafeBufferPointer { x in
                    for ch in 0..<channels {
                        buffers[ch].withUnsafeMutableBufferPointer { buf in
                            for i in 0..<count { buf[i] = x[i * channels + ch] }
                        }
                    }
                }
            }
            let lo = max(summedTo, range.lowerBound), hi = min(owned.upperBound, range.upperBound)
            if lo < hi {
                for ch in 0..<channels {
                    buffers[ch].withUnsafeBufferPointer { buf in
                        sums[ch] += DCRemoval.sum(UnsafeBufferPointer(rebasing: buf[(lo - range.lowerBound)..<(hi - range.lowerBound)]))
                    }
                }
                summedTo = hi
            }
        }

        var t0 = frames.lowerBound
        while t0 < frames.upperBound {
            let t1 = min(frames.upperBound, t0 + chunkFrames)
            let d0 = t0 * hop, d1 = (t1 - 1) * hop + n            // decimated samples of these frames
            let r0 = max(0, d0 * f - half), r1 = min(total, (d1 - 1) * f + half + 1)
            try read(r0..<r1)
            for ch in 0..<channels {
                let low = buffers[ch].withUnsafeBufferPointer { buf in
                    decimator.decimate(UnsafeBufferPointer(rebasing: buf[0..<(r1 - r0)]), from: d0 * f - r0, count: d1 - d0)
                }
                for t in t0..<t1 {
                    low.withUnsafeBufferPointer { buf in
                        window.withUnsafeBufferPointer { w in
                            let x = buf.baseAddress! + (t - t0) * hop
                            let s = fft.samples.baseAddress!
                            for i in 0..<n { s[i] = x[i] * w[i] }
                        }
                    }
                    fft.forward()
                    let spectrum = fft.spectrum
                    // |X|² and Re(X·W̄) once per bin (most bins lie in two triangles), then the sums.
                    windowSpectrum.withUnsafeBufferPointer { ws in
                        for k in 0..<topBin {
                            let x = spectrum[k], w = ws[k]
                            binPower[k] = x.re * x.re + x.im * x.im
                            binCross[k] = x.re * w.re + x.im * w.im
                        }
                    }
                    flat.withUnsafeBufferPointer { fl in
                        var offset = 0
                        for j in 0..<bands {
                            var pa: Float = 0, pb: Float = 0
                            let k0 = firsts[j]
                            for i in 0..<lengths[j] {
                                let g = fl[offset + i]
                                pa += g * binPower[k0 + i]
                                pb += g * binCross[k0 + i]
                            }
                            a[j] = pa
                            b[j] = pb
                            offset += lengths[j]
                        }
                    }
                    power[ch].append(contentsOf: a)
                    cross[ch].append(contentsOf: b)
                }
            }
            t0 = t1
        }
        // Owned samples after the last frame's reach count in the mean too.
        while summedTo < owned.upperBound {
            try read(summedTo..<min(owned.upperBound, summedTo + capacity))
        }
        return Stretch(power: power, cross: cross, sums: sums)
    }
}

/// Reads stretches of a guide's DC-free samples for the waveform refinement: from memory when
/// the guide was given as samples, else from its file (one handle, opened on first use, per
/// aligner task).
final class GuideWindows {
    private let guide: GuideAnalysis
    private var reader: AudioReader?
    /// Raw PCM bytes read back (reused from span to span).
    private var bytes: [UInt8] = []

    init(_ guide: GuideAnalysis) { self.guide = guide }

    /// Samples `range` of `channel`, clipped to the guide; `base` is the first one's frame.
    func span(_ range: Range<Int>, channel: Int) throws -> GuideSpan {
        let lo = max(0, range.lowerBound), hi = min(guide.frameCount, range.upperBound)
        guard lo < hi else { return GuideSpan(base: lo, samples: [], total: guide.frameCount) }
        switch guide.audio {
        case .memory(let channels):
            return GuideSpan(base: lo, samples: Array(channels[channel][lo..<hi]), total: guide.frameCount)
        case .file(let path, let means):
            if reader == nil {
                let r = try AudioReader(path: path)
                guard Int(r.frameCount) == guide.frameCount, r.format.channels == guide.channelCount else {
                    throw AlignError.guideChanged(path)
                }
                reader = r
            }
            let r = reader!
            try r.seek(toFrame: Int64(lo))
            let count = hi - lo, channels = guide.channelCount
            let m = means[channel]
            var samples = [Float](repeating: 0, count: count)
            if let raw = PCMDecoding(r.format) {
                // 16/24-bit PCM decoded here (bit for bit libsndfile's floats, at a fraction of its cost).
                if try raw.read(count, channels: channels, from: r, into: &bytes) < count { throw AlignError.guideChanged(path) }
                bytes.withUnsafeBufferPointer { b in
                    samples.withUnsafeMutableBufferPointer { out in
                        raw.decode(b, frames: count, channel: channel, channels: channels, into: out.baseAddress!)
                        for i in 0..<count { out[i] -= m }
                    }
                }
                return GuideSpan(base: lo, samples: samples, total: guide.frameCount)
            }
            var interleaved = [Float](repeating: 0, count: count * channels)
            var done = 0
            try interleaved.withUnsafeMutableBufferPointer { all in
                while done < count {
                    let got = try r.read(into: UnsafeMutableBufferPointer(rebasing: all[(done * channels)...]),
                                         frames: count - done)
                    if got == 0 { throw AlignError.guideChanged(path) }
                    done += got
                }
            }
            for i in 0..<count { samples[i] = interleaved[i * channels + channel] - m }
            return GuideSpan(base: lo, samples: samples, total: guide.frameCount)
        }
    }
}

/// Samples `base ..< base + samples.count` of a guide channel of `total` frames.
struct GuideSpan {
    var base: Int
    var samples: [Float]
    var total: Int
}

/// PCM decoding done here rather than by libsndfile (whose per-sample conversion cost more than
/// the whole feature analysis): 16- and 24-bit little-endian PCM (WAV, RF64) to floats, with
/// libsndfile's own scaling (full scale 2^(bits−1); every value exact in a Float), so the
/// samples are bit for bit what `AudioReader.read` returns.
struct PCMDecoding {
    let bytesPerSample: Int

    init?(_ format: AudioFormat) {
        guard format.container == .wav || format.container == .rf64 else { return nil }
        switch format.sampleFormat {
        case .pcm16: bytesPerSample = 2
        case .pcm24: bytesPerSample = 3
        default: return nil
        }
    }

    /// Reads up to `count` frames from `reader`'s position into `bytes` (grown as needed, with
    /// the byte of slack `decode` needs); returns how many it got (fewer only at the file's end).
    func read(_ count: Int, channels: Int, from reader: AudioReader, into bytes: inout [UInt8]) throws -> Int {
        let frameBytes = bytesPerSample * channels
        if bytes.count < count * frameBytes + 1 { bytes = [UInt8](repeating: 0, count: count * frameBytes + 1) }
        var done = 0
        while done < count {
            let got = try bytes.withUnsafeMutableBytes { b in
                try reader.readRaw(into: UnsafeMutableRawBufferPointer(rebasing: b[(done * frameBytes)...]),
                                   frames: count - done)
            }
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// Channel `channel` of `frames` interleaved frames in `bytes` into `out`.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, frames: Int, channel: Int, channels: Int,
                into out: UnsafeMutablePointer<Float>) {
        let stride = bytesPerSample * channels
        let b = bytes.baseAddress! + channel * bytesPerSample
        if bytesPerSample == 3 {
            // Four bytes loaded at once (the buffer has one byte of slack), the fourth shifted
            // out: the sample left-justified in 32 bits, scaled by 2^−31.
            let scale: Float = 1 / 2_147_483_648
            let raw = UnsafeRawPointer(b)
            for i in 0..<frames {
                let u = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * stride, as: UInt32.self))
                out[i] = Float(Int32(bitPattern: u << 8)) * scale
            }
        } else {
            let scale: Float = 1 / 32_768
            for i in 0..<frames {
                let p = b + i * stride
                out[i] = Float(Int16(bitPattern: UInt16(p[0]) | UInt16(p[1]) << 8)) * scale
            }
        }
    }
}

