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
        let sink = try LearnedSink(reader: reader, output: output, delta: delta, toolName: toolName)
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

    func process(_ x: [Float]) throws -> [Float] {
        let y = try stream.process(up?.process(x) ?? x).samples
        return try down?.process(y) ?? y
    }

    /// The rest of the output (the model's look-ahead and the resamplers' tails).
    func finish() throws -> [Float] {
        var y = try up.map { try stream.process($0.finish()).samples } ?? []
        y += try stream.finish().samples
        guard let down else { return y }
        return try down.process(y) + down.finish()
    }
}

/// Learned mode's reading and writing: planar blocks in, processed samples queued per channel,
/// written interleaved with the delta (input − output) and the level figures of the report.
final class LearnedSink {
    let wet: [SampleFIFO]
    private let dry: [SampleFIFO]
    private let writer: AudioWriter
    private let deltaWriter: AudioWriter?
    private let channels: Int
    private var levelsIn: LevelHistogram
    private var levelsOut: LevelHistogram
    private var peakIn: Float = 0, peakOut: Float = 0
    private var framesWritten: Int64 = 0
    private let warnings: [String]

    init(reader: AudioReader, output: String, delta: String?, toolName: String) throws {
        let format = reader.format
        channels = format.channels
        writer = try AudioWriter(path: output, like: reader) { _, metadata in
            if let bext = metadata.bext {
                metadata.bext = bext.appendingCodingHistory(
                    BroadcastExtension.codingHistoryLine(for: FileDenoiser.outputFormat(format), tool: toolName))
            }
        }
        deltaWriter = try delta.map { (path) throws(AudioError) in try AudioWriter(path: path, like: reader) }
        wet = (0..<channels).map { _ in SampleFIFO() }
        dry = (0..<channels).map { _ in SampleFIFO() }
        let levelBlock = max(Int(0.05 * Double(format.sampleRate)), 64)
        levelsIn = LevelHistogram(blockSize: levelBlock)
        levelsOut = LevelHistogram(blockSize: levelBlock)
        var w = reader.warnings
        if format.sampleFormat == .pcm8 { w.append("\(reader.path): 8-bit input; output written as 16-bit PCM") }
        warnings = w
    }

    /// The next block, planar (nil at the end); the dry copy is kept for the delta.
    func read(_ reader: AudioReader, frames: Int) throws -> [[Float]]? {
        var interleaved = [Float](repeating: 0, count: frames * channels)
        let n = try interleaved.withUnsafeMutableBufferPointer { try reader.read(into: $0, frames: frames) }
        guard n > 0 else { return nil }
        interleaved.withUnsafeBufferPointer { buf in
            let b = UnsafeBufferPointer(rebasing: buf[0..<n * channels])
            levelsIn.addInterleaved(b, frames: n, channels: channels)
            peakIn = max(peakIn, VectorOps.peakMagnitude(b.baseAddress!, n * channels))
        }
        let planar = (0..<channels).map { c in (0..<n).map { interleaved[$0 * channels + c] } }
        if deltaWriter != nil { for c in 0..<channels { dry[c].appendArray(planar[c]) } }
        return planar
    }

    /// Writes what every channel has ready, at most up to frame `limit`.
    func flush(limit: Int64) throws {
        let m = Int(min(Int64(wet.map(\.count).min() ?? 0), limit - framesWritten))
        guard m > 0 else { return }
        var out = [Float](repeating: 0, count: m * channels)
        var removed = [Float](repeating: 0, count: deltaWriter == nil ? 0 : m * channels)
        for c in 0..<channels {
            let y = wet[c].head
            for i in 0..<m { out[i * channels + c] = y[i] }
            if deltaWriter != nil {
                let d = dry[c].head
                for i in 0..<m { removed[i * channels + c] = d[i] - y[i] }
                dry[c].consume(m)
            }
            wet[c].consume(m)
        }
        try out.withUnsafeBufferPointer { buf in
            peakOut = max(peakOut, VectorOps.peakMagnitude(buf.baseAddress!, m * channels))
            levelsOut.addInterleaved(buf, frames: m, channels: channels)
            try writer.write(interleaved: buf, frames: m)
        }
        try removed.withUnsafeBufferPointer { try deltaWriter?.write(interleaved: $0, frames: m) }
        framesWritten += Int64(m)
    }

    func finish() throws {
        try writer.finish()
        try deltaWriter?.finish()
    }

    /// The report's file and level fields (hum and amount are filled in by the caller).
    func report(input: String, output: String, delta: String?, format: AudioFormat, frames: Int64) -> DenoiseReport {
        func dB(_ x: Float) -> Double? { x > 0 ? 20 * log10(Double(x)) : nil }
        let noHum = DenoiseReport.Hum(found: false, fundamentalHz: nil, finalFundamentalHz: nil, harmonics: 0,
                                      removedLevelDBFS: nil)
        return DenoiseReport(input: input, output: output, delta: delta, sampleRate: format.sampleRate,
                             channels: channels, frames: frames, noiseSource: "learned",
                             amountDB: 0, appliedAmountDB: 0, backgroundModulation: nil,
                             noiseFloorBeforeDBFS: levelsIn.percentile(0.1),
                             noiseFloorAfterDBFS: levelsOut.percentile(0.1),
                             peakBeforeDBFS: dB(peakIn), peakAfterDBFS: dB(peakOut), hum: noHum,
                             warnings: warnings, method: DenoiseMethod.learned.rawValue)
    }
}

extension SampleFIFO {
    func appendArray(_ x: [Float]) { x.withUnsafeBufferPointer { append($0) } }
}
