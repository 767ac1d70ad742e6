import DXAudio
import DXNeural
import DXSignal
import Foundation

/// `--method learned`: the classical path's hum stage, then DeepFilterNet3 per channel instead
/// of the log-spectral gain. Same file handling as `FileDenoiser`'s classical pass (streamed,
/// metadata kept, coding history appended, input never written), memory flat in file length.
extension FileDenoiser {
    /// Loads the DeepFilterNet3 weights (`DFN3WeightsLocator`); `.unavailable` names where it looked.
    public static func loadLearnedModel() throws(DenoiseError) -> DFN3Enhancer {
        do {
            return try DFN3Enhancer(weights: DFN3Weights(directory: DFN3WeightsLocator.directory()))
        } catch {
            throw DenoiseError(.unavailable, "\(error)")
        }
    }

    /// Samples read per block in learned mode (1 s at 48 kHz: 100 network frames per call).
    static let learnedBlockSeconds = 1.0

    func processLearned(input: String, output: String, delta: String?,
                        progress: ((Double) -> Void)?) throws -> DenoiseReport {
        let enhancer = try learnedModel ?? Self.loadLearnedModel()
        let reader = try AudioReader(path: input)
        let format = reader.format, channels = format.channels
        let plan = try Plan(reader: reader, settings: settings)
        let removers: [HumRemover] = plan.humFundamental.map { f0 in
            plan.warmedHumRemovers(hum: f0).map { warm in
                let r = HumRemover(fundamental: f0, sampleRate: Double(format.sampleRate),
                                   maximumFrequency: settings.humMaximumFrequency)
                r.adoptTemplate(from: warm)
                return r
            }
        } ?? []
        let chains = try (0..<channels).map { _ in
            try LearnedChannel(enhancer: enhancer, sampleRate: format.sampleRate, amountDB: settings.amountDB)
        }
        let sink = try DenoiseSink(reader: reader, output: output, delta: delta, toolName: toolName)
        let hum = removers.first?.blockSize ?? 2400
        let block = max(1, Int(Self.learnedBlockSeconds * Double(format.sampleRate)) / hum) * hum
        let total = max(reader.frameCount, 1)
        var framesRead: Int64 = 0
        while let planar = try sink.read(reader, frames: block) {
            framesRead += Int64(planar[0].count)
            for c in 0..<channels {
                var x = planar[c]
                if !removers.isEmpty { x.withUnsafeMutableBufferPointer { removers[c].process($0) } }
                sink.wet[c].appendArray(try chains[c].process(x))
            }
            try sink.flush(limit: Int64.max)
            progress?(min(1, Double(framesRead) / Double(total)))
        }
        for c in 0..<channels { sink.wet[c].appendArray(try chains[c].finish()) }
        try sink.flush(limit: framesRead)
        try sink.finish()
        progress?(1)
        var report = sink.report(input: input, output: output, delta: delta, format: format, frames: framesRead)
        report.noiseSource = "learned"
        report.method = DenoiseMethod.learned.rawValue
        report.learnedShare = 1
        report.amountDB = settings.amountDB
        report.appliedAmountDB = settings.amountDB
        report.hum = humReport(plan: plan, removers: removers, sampleRate: format.sampleRate)
        return report
    }

    func humReport(plan: Plan, removers: [HumRemover], sampleRate: Int) -> DenoiseReport.Hum {
        let energy = removers.reduce(0.0) { $0 + $1.removedEnergy }
        let samples = removers.reduce(0) { $0 + $1.samplesProcessed }
        return DenoiseReport.Hum(
            found: plan.humFundamental != nil,
            fundamentalHz: plan.humFundamental,
            finalFundamentalHz: removers.first?.currentFrequency,
            harmonics: plan.humFundamental.map { Int(min(settings.humMaximumFrequency, Double(sampleRate) * 0.45) / $0) } ?? 0,
            removedLevelDBFS: samples > 0 && energy > 0 ? 10 * log10(energy / Double(samples)) : nil)
    }
}

/// One channel through DeepFilterNet3 at its 48 kHz: resampled up and back down (DXSignal's
/// soxr resampler, streamed) when the file is at another rate.
final class LearnedChannel {
    private let stream: DFN3EnhancerStream
    private let up: Resampler?
    private let down: Resampler?

    /// `amountDB` is the attenuation limit: output = (1 − g)·enhanced + g·input, g = 10^(−dB/20).
    init(enhancer: DFN3Enhancer, sampleRate: Int, amountDB: Double) throws {
        stream = DFN3EnhancerStream(enhancer, attenuationLimitDB: Float(amountDB))
        let model = enhancer.sampleRate
        up = sampleRate == model ? nil : try Resampler(from: sampleRate, to: model)
        down = sampleRate == model ? nil : try Resampler(from: model, to: sampleRate)
    }

    /// The model's local SNR (dB) of the network frames run so far, from network frame
    /// `localSNRStart` on (older values are dropped by `dropLocalSNR(before:)`).
    private(set) var localSNR: [Float] = []
    private(set) var localSNRStart = 0
    private var networkFrames = 0

    func process(_ x: [Float]) throws -> [Float] {
        let y = try keep(stream.process(up?.process(x) ?? x))
        return try down?.process(y) ?? y
    }

    /// The rest of the output (the model's look-ahead and the resamplers' tails).
    func finish() throws -> [Float] {
        var y = try up.map { try keep(stream.process($0.finish())) } ?? []
        y += try keep(stream.finish())
        guard let down else { return y }
        return try down.process(y) + down.finish()
    }

    private func keep(_ piece: DFN3EnhancerStream.Piece) -> [Float] {
        localSNR += piece.network.lsnr
        networkFrames += piece.network.lsnr.count
        return piece.samples
    }

    /// Mean local SNR (dB) of the network frames whose enhanced STFT frame is centred in
    /// `range` (input samples at `sampleRate`); nil when none has been run. Network frame
    /// `t` enhances the model's STFT frame `t − lookahead`, centred on model sample
    /// `(t − lookahead)·hop`.
    func meanLocalSNR(in range: Range<Int>, sampleRate: Int) -> Float? {
        let e = stream.enhancer
        let first = (range.lowerBound * e.sampleRate / sampleRate + e.hop - 1) / e.hop + e.lookahead
        let last = ((range.upperBound - 1) * e.sampleRate / sampleRate) / e.hop + e.lookahead
        let lo = max(first, localSNRStart), hi = min(last, localSNRStart + localSNR.count - 1)
        guard lo <= hi else { return nil }
        var s: Float = 0
        for t in lo...hi { s += localSNR[t - localSNRStart] }
        return s / Float(hi - lo + 1)
    }

    /// Forgets the local SNR of network frames before the one centred on input sample `sample`.
    func dropLocalSNR(before sample: Int, sampleRate: Int) {
        let e = stream.enhancer
        let t = max(sample, 0) * e.sampleRate / sampleRate / e.hop + e.lookahead - 1
        let n = min(max(t - localSNRStart, 0), localSNR.count)
        guard n > 256 else { return }
        localSNR.removeFirst(n)
        localSNRStart += n
    }
}

extension SampleFIFO {
    func appendArray(_ x: [Float]) { x.withUnsafeBufferPointer { append($0) } }
}
