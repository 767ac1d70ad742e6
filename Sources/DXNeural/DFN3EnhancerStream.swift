import DXSignal

/// `DFN3Enhancer`'s pipeline run on a signal delivered in pieces, with memory flat in the
/// signal's length: it keeps the input not yet framed, the normalisation and network states,
/// the last 4 noisy spectra (the deep filter's taps reach 2 frames back from the frame it
/// enhances, which is itself 2 frames behind the newest) and the overlap-add tail.
/// Output lines up with input; because of the look-ahead, `process` returns fewer samples than
/// it was given until `finish` flushes the rest. Not `Sendable` (it owns FFT buffers): one per task.
public final class DFN3EnhancerStream {
    public let enhancer: DFN3Enhancer
    public let attenuationLimit: Float?
    /// At most this many frames go through the networks at once (bounds memory for big pieces).
    public let maxBlockFrames: Int

    private let fft: RealFFT
    private var networkState: DFN3StreamState
    private var features: DFN3FeatureExtractor
    /// Input not yet fully framed, starting at the next frame's first sample (begins with `hop` zeros).
    private var pending: [Float]
    /// Spectra of the 4 frames before the next one (zeros before the file).
    private var history: [ComplexFloat]
    /// Overlap-add tail: the next output frame's first `fftSize − hop` samples so far.
    private var tail: [Float]
    private var nextFrame = 0
    private var inputCount = 0
    private var outputCount = 0
    private var toSkip: Int

    /// - Parameter attenuationLimitDB: at most this much noise reduction (nil or ≥ 100: none).
    public init(_ enhancer: DFN3Enhancer, attenuationLimitDB: Float? = nil, maxBlockFrames: Int = 500) {
        self.enhancer = enhancer
        attenuationLimit = attenuationLimitDB.flatMap { abs($0) >= 100 ? nil : powf(10, -abs($0) / 20) }
        self.maxBlockFrames = max(1, maxBlockFrames)
        fft = RealFFT(size: enhancer.fftSize)
        networkState = DFN3StreamState(enhancer.network)
        features = DFN3FeatureExtractor(bands: enhancer.bands, dfBins: enhancer.dfBins, alpha: enhancer.alpha)
        pending = [Float](repeating: 0, count: enhancer.hop)
        history = [ComplexFloat](repeating: .zero, count: 2 * enhancer.lookahead * enhancer.bins)
        tail = [Float](repeating: 0, count: enhancer.fftSize - enhancer.hop)
        toSkip = enhancer.hop
    }

    /// One call's results: enhanced samples ready so far, and the network outputs of the frames run.
    public struct Piece: Sendable {
        public var samples: [Float]
        public var network: DFN3Network.Output
    }

    /// Feeds the next input samples; returns the output samples that are now final.
    public func process(_ input: [Float]) throws -> Piece {
        inputCount += input.count
        var piece = Piece(samples: [], network: .init(lsnr: [], mask: [], coefs: []))
        let hop = enhancer.hop, fftSize = enhancer.fftSize
        // Taken in slices of one block, so `pending` stays short however large the piece is.
        var next = 0
        while next < input.count {
            let take = min(input.count - next, maxBlockFrames * hop)
            pending += input[next..<next + take]
            next += take
            while pending.count >= fftSize {
                let frames = min(maxBlockFrames, (pending.count - fftSize) / hop + 1)
                let out = try block(frames: frames)
                piece.samples += out.samples
                piece.network.lsnr += out.network.lsnr
                piece.network.mask += out.network.mask
                piece.network.coefs += out.network.coefs
                pending.removeFirst(frames * hop)
            }
        }
        return piece
    }

    /// Flushes the look-ahead with zeros; returns the remaining output (total output = total input).
    public func finish() throws -> Piece {
        let hop = enhancer.hop
        // Enough zeros that every input sample's output frame, and its look-ahead, is run.
        var piece = try process([Float](repeating: 0, count: enhancer.fftSize + (enhancer.lookahead + 1) * hop))
        inputCount -= enhancer.fftSize + (enhancer.lookahead + 1) * hop
        let excess = outputCount - inputCount
        if excess > 0 { piece.samples.removeLast(min(excess, piece.samples.count)) }
        outputCount = inputCount
        return piece
    }

    /// Runs `frames` frames starting at `pending[0]`: analysis, features, networks, then the
    /// output frames 2 behind them.
    private func block(frames: Int) throws -> Piece {
        let e = enhancer, bins = e.bins, hop = e.hop, la = e.lookahead
        var spectra = history
        spectra.reserveCapacity(history.count + frames * bins)
        var erb: [Float] = [], re: [Float] = [], im: [Float] = []
        for t in 0..<frames {
            e.analyse(pending, at: t * hop, fft: fft, into: &spectra)
            spectra.withUnsafeBufferPointer { sp in
                features.append(UnsafeBufferPointer(rebasing: sp[sp.count - bins..<sp.count]), erb: &erb, re: &re, im: &im)
            }
        }
        let net = try e.network.run(featErb: erb, featSpec: re + im, frames: frames, state: &networkState)
        // spectra[i] is frame nextFrame − 2·la + i; network frame nextFrame + j enhances frame nextFrame + j − la.
        var output = tail + [Float](repeating: 0, count: frames * hop)
        var produced = 0
        for j in 0..<frames {
            let s = nextFrame + j - la
            guard s >= 0 else { continue }
            e.enhance(spectra: spectra, frame: la + j, network: net, networkFrame: j, limit: attenuationLimit, fft: fft)
            let at = produced * hop
            for i in 0..<e.fftSize { output[at + i] += fft.samples[i] * e.window[i] }
            produced += 1
        }
        nextFrame += frames
        history = Array(spectra[(spectra.count - 2 * la * bins)...])
        tail = Array(output[(produced * hop)..<(produced * hop + e.fftSize - hop)])
        var ready = Array(output[0..<produced * hop])
        let skip = min(toSkip, ready.count)
        ready.removeFirst(skip)
        toSkip -= skip
        outputCount += ready.count
        return Piece(samples: ready, network: net)
    }
}

#if canImport(Glibc)
import Glibc
#endif
