import DXSignal

/// DeepFilterNet3 on a whole 48 kHz mono signal, offline, reproducing libDF's streaming
/// pipeline (its C API's defaults: no post filter, every frame enhanced):
///
/// 1. STFT: 960-sample Vorbis window `sin(π/2·sin²(π(n+½)/960))`, hop 480, spectrum × 1/960;
///    frame `t` covers input samples `(t−1)·480 ..< (t+1)·480` (480 zeros before the start).
/// 2. Features per frame (`DFN3FeatureExtractor`), the three networks over all frames.
/// 3. Frame `s` is enhanced with the outputs of network frame `s + 2` (the 2-frame look-ahead):
///    every bin times its ERB band's gain; bins 0..<96 replaced by the deep filter
///    `Σ_{o=0..4} X_{s−2+o}[k] · c_{s+2}[k, o]` (complex; taps over two past, the current and two
///    future frames of the *noisy* spectrum).
/// 4. Optional attenuation limit: `Y ← (1 − g)·Y + g·X`, `g = 10^(−dB/20)`.
/// 5. Inverse FFT (unnormalised), Vorbis window, overlap-add; output sample `k` lines up with
///    input sample `k` (libDF's own output is 1440 samples late: 480 of STFT, 960 of look-ahead).
///
/// Memory is proportional to the file here (all spectra kept); streaming in blocks with the
/// recurrent and normalisation states carried is the next step (see scripts/dfn3/GRAPH.md).
public struct DFN3Enhancer: Sendable {
    public let network: DFN3Network
    public let sampleRate: Int, fftSize: Int, hop: Int, dfBins: Int, dfOrder: Int, lookahead: Int
    public let bands: ERBBands
    public let alpha: Float
    let window: [Float]

    public init(weights: DFN3Weights) throws {
        network = try DFN3Network(weights: weights)
        sampleRate = try weights.config("sr")
        fftSize = try weights.config("fft_size")
        hop = try weights.config("hop_size")
        dfBins = try weights.config("nb_df")
        dfOrder = try weights.config("df_order")
        lookahead = max(try weights.config("conv_lookahead"), try weights.config("df_lookahead"))
        guard sampleRate == 48000, fftSize == 2 * hop, dfOrder == 5, dfBins == 96 else {
            throw NeuralError.badWeights("unsupported config sr \(sampleRate) fft \(fftSize) hop \(hop) df \(dfBins)×\(dfOrder)")
        }
        bands = ERBBands(sampleRate: sampleRate, fftSize: fftSize, bands: try weights.config("nb_erb"),
                         minBins: try weights.config("min_nb_erb_freqs"))
        guard let tau = Float(weights.df["norm_tau"] ?? "") else { throw NeuralError.badWeights("config norm_tau missing") }
        alpha = DFN3FeatureExtractor.normAlpha(sampleRate: sampleRate, hop: hop, tau: tau)
        let half = Double(fftSize / 2)
        window = (0..<fftSize).map { n in
            let s = sin(0.5 * Double.pi * (Double(n) + 0.5) / half)
            return Float(sin(0.5 * Double.pi * s * s))
        }
    }

    /// STFT of `padded` (which starts with `hop` zeros): `frames` half spectra `[frames, 481]`,
    /// each windowed and scaled by 1/fftSize as libDF's analysis does.
    func analyse(_ padded: [Float], frames: Int, fft: RealFFT) -> [ComplexFloat] {
        let bins = fftSize / 2 + 1
        let scale = 1 / Float(fftSize)
        var spectra = [ComplexFloat](repeating: .zero, count: frames * bins)
        for t in 0..<frames {
            for i in 0..<fftSize { fft.samples[i] = t * hop + i < padded.count ? padded[t * hop + i] * window[i] : 0 }
            fft.forward()
            for k in 0..<bins {
                spectra[t * bins + k] = ComplexFloat(fft.spectrum[k].re * scale, fft.spectrum[k].im * scale)
            }
        }
        return spectra
    }

    /// The network inputs of `frames` spectra, from fresh normalisation states:
    /// `erb [frames, 32]`, `re`, `im` `[frames, 96]` each.
    func features(_ spectra: [ComplexFloat], frames: Int) -> (erb: [Float], re: [Float], im: [Float]) {
        let bins = fftSize / 2 + 1
        var extractor = DFN3FeatureExtractor(bands: bands, dfBins: dfBins, alpha: alpha)
        var erb: [Float] = [], re: [Float] = [], im: [Float] = []
        erb.reserveCapacity(frames * bands.widths.count)
        re.reserveCapacity(frames * dfBins)
        im.reserveCapacity(frames * dfBins)
        spectra.withUnsafeBufferPointer { sp in
            for t in 0..<frames {
                extractor.append(UnsafeBufferPointer(rebasing: sp[t * bins..<(t + 1) * bins]), erb: &erb, re: &re, im: &im)
            }
        }
        return (erb, re, im)
    }

    /// The network inputs for the first `frames` frames of `input` (as `process` computes them).
    public func features(_ input: [Float], frames: Int) -> (erb: [Float], re: [Float], im: [Float]) {
        let padded = [Float](repeating: 0, count: hop) + input
        return features(analyse(padded, frames: frames, fft: RealFFT(size: fftSize)), frames: frames)
    }

    /// Per-frame results of one run, for callers that combine gains themselves.
    public struct Result: Sendable {
        /// The enhanced signal, same length and alignment as the input.
        public var samples: [Float]
        /// Network outputs per frame (network frame `s + 2` enhanced STFT frame `s`).
        public var network: DFN3Network.Output
    }

    /// Enhances `input` (48 kHz mono, full scale ±1).
    /// - Parameter attenuationLimitDB: at most this much noise reduction (nil: none, libDF's ≥ 100 dB).
    public func process(_ input: [Float], attenuationLimitDB: Float? = nil) throws -> Result {
        let n = input.count
        let bins = fftSize / 2 + 1
        // Frames whose output covers every input sample, plus the look-ahead frames.
        let outFrames = (n + hop - 1) / hop + 1
        let frames = outFrames + lookahead
        var padded = [Float](repeating: 0, count: (frames + 1) * hop)
        for i in 0..<n { padded[hop + i] = input[i] }

        let fft = RealFFT(size: fftSize)
        let spectra = analyse(padded, frames: frames, fft: fft)
        let f = features(spectra, frames: frames)
        let net = try network.run(featErb: f.erb, featSpec: f.re + f.im, frames: frames)

        let limit: Float? = attenuationLimitDB.flatMap { $0 >= 100 ? nil : powf(10, -abs($0) / 20) }
        var output = [Float](repeating: 0, count: (outFrames + 1) * hop)
        var y = [ComplexFloat](repeating: .zero, count: bins)
        let widths = bands.widths
        for s in 0..<outFrames {
            let tn = s + lookahead  // network frame whose outputs enhance STFT frame s
            let x = s * bins
            var k = 0
            for (b, w) in widths.enumerated() {
                let g = net.mask[tn * widths.count + b]
                for j in k..<k + w { y[j] = ComplexFloat(spectra[x + j].re * g, spectra[x + j].im * g) }
                k += w
            }
            for f in 0..<dfBins {
                var ar: Float = 0, ai: Float = 0
                for o in 0..<dfOrder {
                    let src = s - lookahead + o
                    if src < 0 || src >= frames { continue }
                    let v = spectra[src * bins + f]
                    let c = tn * DFN3DFDecoder.coefsPerFrame + f * 2 * dfOrder + 2 * o
                    let cr = net.coefs[c], ci = net.coefs[c + 1]
                    ar += v.re * cr - v.im * ci
                    ai += v.re * ci + v.im * cr
                }
                y[f] = ComplexFloat(ar, ai)
            }
            if let g = limit {
                for j in 0..<bins {
                    y[j] = ComplexFloat((1 - g) * y[j].re + g * spectra[x + j].re,
                                        (1 - g) * y[j].im + g * spectra[x + j].im)
                }
            }
            for j in 0..<bins { fft.spectrum[j] = y[j] }
            fft.inverse()
            for i in 0..<fftSize { output[s * hop + i] += fft.samples[i] * window[i] }
        }
        return Result(samples: Array(output[hop..<hop + n]), network: net)
    }
}

#if canImport(Glibc)
import Glibc
#endif
