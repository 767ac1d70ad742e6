import DXSignal

/// DeepFilterNet3 on a 48 kHz mono signal, offline, reproducing libDF's streaming
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
/// `DFN3EnhancerStream` runs it on pieces of a signal with flat memory; `process` is one stream
/// over a whole array.
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

    /// Bins per spectrum: `fftSize/2 + 1`.
    public var bins: Int { fftSize / 2 + 1 }

    /// Appends the half spectrum of `signal[start ..< start + fftSize]` (zeros past its end),
    /// windowed and scaled by 1/fftSize as libDF's analysis does.
    func analyse(_ signal: [Float], at start: Int, fft: RealFFT, into spectra: inout [ComplexFloat]) {
        let scale = 1 / Float(fftSize)
        for i in 0..<fftSize { fft.samples[i] = start + i < signal.count ? signal[start + i] * window[i] : 0 }
        fft.forward()
        for k in 0..<bins { spectra.append(ComplexFloat(fft.spectrum[k].re * scale, fft.spectrum[k].im * scale)) }
    }

    /// Leaves in `fft.samples` the unwindowed inverse FFT of enhanced frame `frame` of `spectra`
    /// (`[frames, bins]`, needing frames `frame − 2 … frame + 2`): ERB gains times the noisy
    /// spectrum, the deep filter on bins 0..<96, then the attenuation limit `limit` (linear gain).
    func enhance(spectra: [ComplexFloat], frame: Int, network net: DFN3Network.Output, networkFrame tn: Int,
                 limit: Float?, fft: RealFFT) {
        let x = frame * bins
        let y = fft.spectrum
        var k = 0
        let widths = bands.widths
        for (b, w) in widths.enumerated() {
            let g = net.mask[tn * widths.count + b]
            for j in k..<k + w { y[j] = ComplexFloat(spectra[x + j].re * g, spectra[x + j].im * g) }
            k += w
        }
        for f in 0..<dfBins {
            var ar: Float = 0, ai: Float = 0
            for o in 0..<dfOrder {
                let v = spectra[(frame - lookahead + o) * bins + f]
                let c = tn * DFN3DFDecoder.coefsPerFrame + f * 2 * dfOrder + 2 * o
                let cr = net.coefs[c], ci = net.coefs[c + 1]
                ar += v.re * cr - v.im * ci
                ai += v.re * ci + v.im * cr
            }
            y[f] = ComplexFloat(ar, ai)
        }
        if let g = limit {
            for j in 0..<bins {
                y[j] = ComplexFloat((1 - g) * y[j].re + g * spectra[x + j].re, (1 - g) * y[j].im + g * spectra[x + j].im)
            }
        }
        fft.inverse()
    }

    /// The network inputs for the first `frames` frames of `input` (as `process` computes them).
    public func features(_ input: [Float], frames: Int) -> (erb: [Float], re: [Float], im: [Float]) {
        let padded = [Float](repeating: 0, count: hop) + input
        let fft = RealFFT(size: fftSize)
        var extractor = DFN3FeatureExtractor(bands: bands, dfBins: dfBins, alpha: alpha)
        var spectra: [ComplexFloat] = []
        var erb: [Float] = [], re: [Float] = [], im: [Float] = []
        for t in 0..<frames {
            spectra.removeAll(keepingCapacity: true)
            analyse(padded, at: t * hop, fft: fft, into: &spectra)
            spectra.withUnsafeBufferPointer { extractor.append($0, erb: &erb, re: &re, im: &im) }
        }
        return (erb, re, im)
    }

    /// Enhances a whole signal (48 kHz mono, full scale ±1) through a `DFN3EnhancerStream`.
    /// - Parameter attenuationLimitDB: at most this much noise reduction (nil: none, libDF's ≥ 100 dB).
    /// - Returns: the enhanced samples (same length and alignment as `input`) and the network
    ///   outputs of every frame run (network frame `s + 2` enhanced STFT frame `s`); these take
    ///   about 4 KB per frame (384 KB per second), so long files go through `DFN3EnhancerStream`
    ///   piece by piece instead.
    public func process(_ input: [Float], attenuationLimitDB: Float? = nil) throws -> DFN3EnhancerStream.Piece {
        let stream = DFN3EnhancerStream(self, attenuationLimitDB: attenuationLimitDB)
        var piece = try stream.process(input)
        let rest = try stream.finish()
        piece.samples += rest.samples
        piece.network.lsnr += rest.network.lsnr
        piece.network.mask += rest.network.mask
        piece.network.coefs += rest.network.coefs
        return piece
    }
}

#if canImport(Glibc)
import Glibc
#endif
