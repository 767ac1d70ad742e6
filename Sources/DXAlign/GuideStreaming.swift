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
            // Written in place (appending one value at a time cost a third as much as the logarithms).
            let values = [Float](unsafeUninitializedCapacity: frames * bands) { out, done in
                var o = 0
                for s in stretches {
                    s.power[ch].withUnsafeBufferPointer { a in
                        s.cross[ch].withUnsafeBufferPointer { b in
                            windowBands.withUnsafeBufferPointer { wb in
                                let count = min(a.count, out.count - o) / bands
                                for t in 0..<count {
                                    for j in 0..<bands {
                                        let i = t * bands + j
                                        let e = a[i] - 2 * m * b[i] + m * m * wb[j]
                                        out[o + i] = decibelsPerOctave * log2f(max(e, 0) + 1e-20)
                                    }
                                }
                                o += count * bands
                            }
                        }
                    }
                }
                precondition(o == out.count, "stretches hold \(o) band values, expected \(out.count)")
                done = o
            }
            spectrograms.append(LogMelSpectrogram(frameCount: frames, bandCount: bands, hop: hop, values: values))
            means.append(mean)
        }
        return (spectrograms, means)
    }
}
