import DXAudio
import DXNeural
import DXSignal
import Glibc

/// Denoises one audio file into a new one, streaming: memory depends on the channel count
/// and the 10 s look-ahead used to find the starting noise spectrum, never on file length.
///
/// Order: hum removal (per channel, shared fundamental) → STFT → linked log-spectral gain
/// (`auto`: mixed per band with DeepFilterNet3's gain on the same samples) → overlap-add;
/// `learned`: hum removal → DeepFilterNet3 per channel. The output keeps rate, channel count, sample format (8-bit is written as
/// 16-bit), bext (with a coding-history line) and iXML. `delta` gets input − output.
public struct FileDenoiser {
    public var settings: DenoiseSettings
    /// The tool name written into the coding history.
    public var toolName: String
    /// The DeepFilterNet3 model for `method == .learned` or `.auto` (loaded on each run when
    /// nil; load it once with `loadLearnedModel()` for many files).
    public var learnedModel: DFN3Enhancer?

    public init(settings: DenoiseSettings, toolName: String = "dx-denoise", learnedModel: DFN3Enhancer? = nil) {
        self.settings = settings
        self.toolName = toolName
        self.learnedModel = learnedModel
    }

    /// Seconds of audio read ahead to find the quietest stretch.
    static let lookAheadSeconds = 10.0
    /// Seconds of the look-ahead searched for hum.
    static let humSearchSeconds = 10.0

    /// Denoises `input` into `output` (and `delta`). `progress` gets the fraction done.
    public func run(input: String, output: String, delta: String? = nil,
                    progress: ((Double) -> Void)? = nil) throws(DenoiseError) -> DenoiseReport {
        try typed(input) {
            switch settings.method {
            case .classical, .auto: try processSpectral(input: input, output: output, delta: delta, progress: progress)
            case .learned: try processLearned(input: input, output: output, delta: delta, progress: progress)
            }
        }
    }

    /// The noise profile of a region of `input` (after hum removal when hum is found), for
    /// `--save-profile`.
    public func learnProfile(input: String, region: Range<Int64>?) throws(DenoiseError) -> NoiseProfile {
        try typed(input) {
            let reader = try AudioReader(path: input)
            let plan = try Plan(reader: reader, settings: settings)
            let r = region ?? 0..<reader.frameCount
            let noise = try plan.regionNoise(path: input, region: r, hum: plan.humFundamental)
            return NoiseProfile(sampleRate: reader.format.sampleRate, frameSize: plan.frameSize, channels: noise)
        }
    }

    /// Runs `body`, turning whatever it throws into a DenoiseError naming `input`.
    private func typed<T>(_ input: String, _ body: () throws -> T) throws(DenoiseError) -> T {
        do {
            return try body()
        } catch let e as DenoiseError {
            throw e
        } catch let e as AudioError {
            throw DenoiseError(e)
        } catch {
            throw DenoiseError(.unsupported, "\(input): \(error)")
        }
    }

    /// Where the broadband stage starts: the noise spectrum per channel, whether it is tracked,
    /// the reduction to use, and the hum removers (warmed up on the look-ahead when adaptive).
    struct BroadbandStart {
        var removers: [HumRemover] = []
        var initialNoise: [[Float]] = []
        var adaptive = false
        var sourceName = "adaptive"
        var amountDB: Double
        /// Level fluctuation of the quietest background stretch, dB (adaptive only).
        var modulation: Double?
        /// A clean recording (`Plan.lookAhead`): no noise to learn, so the noise spectrum is
        /// held at zero (the tracker would otherwise creep up under long voiced stretches) and
        /// the fused mode leaves the model out.
        var cleanRecording = false

        /// How crowd-like the background is, 0 (steady) … 1 (`DenoiseTuning.speechLikeModulation`).
        var crowd: Double {
            guard let m = modulation else { return 0 }
            let r = DenoiseTuning.speechLikeModulation
            return min(max((m - r.lowerBound) / (r.upperBound - r.lowerBound), 0), 1)
        }
    }

    func broadbandStart(plan: Plan, reader: AudioReader, input: String) throws -> BroadbandStart {
        let format = reader.format, channels = format.channels
        var start = BroadbandStart(amountDB: settings.amountDB)
        if let f0 = plan.humFundamental {
            start.removers = (0..<channels).map { _ in
                HumRemover(fundamental: f0, sampleRate: Double(format.sampleRate),
                           maximumFrequency: settings.humMaximumFrequency)
            }
        }
        switch settings.noise {
        case .adaptive:
            let look = try plan.lookAhead(path: input, hum: plan.humFundamental)
            start.initialNoise = look.noise
            start.modulation = look.modulation
            if let limit = settings.speechLikeBackgroundAmountDB {
                start.amountDB = settings.amountDB + start.crowd * (min(settings.amountDB, limit) - settings.amountDB)
            }
            for (r, warm) in zip(start.removers, look.removers) { r.adoptTemplate(from: warm) }
            start.adaptive = !look.clean
            start.cleanRecording = look.clean
        case .region(let range):
            guard range.lowerBound >= 0, range.upperBound <= reader.frameCount, range.count > 0 else {
                throw DenoiseError(.badRegion,
                    "\(input): learn region \(range.lowerBound)..<\(range.upperBound) (frames) is outside the file (0..<\(reader.frameCount))")
            }
            start.initialNoise = try plan.regionNoise(path: input, region: range, hum: plan.humFundamental)
            start.sourceName = "region"
        case .profile(let profile):
            guard profile.sampleRate == format.sampleRate, profile.frameSize == plan.frameSize else {
                throw DenoiseError(.badProfile,
                    "\(input): the noise profile is for \(profile.sampleRate) Hz (frame \(profile.frameSize)); the file is \(format.sampleRate) Hz (frame \(plan.frameSize))")
            }
            guard profile.channels.count == channels || profile.channels.count == 1 else {
                throw DenoiseError(.badProfile,
                    "\(input): the noise profile has \(profile.channels.count) channels; the file has \(channels)")
            }
            start.initialNoise = profile.channels.count == channels ? profile.channels
                : Array(repeating: profile.channels[0], count: channels)
            start.sourceName = "profile"
        }
        return start
    }

    /// The classical and fused passes: hum removal, then one gain per band on the STFT
    /// (`SpectralPass`), streamed block by block.
    private func processSpectral(input: String, output: String, delta: String?,
                                 progress: ((Double) -> Void)?) throws -> DenoiseReport {
        let enhancer = settings.method == .auto ? try learnedModel ?? Self.loadLearnedModel() : nil
        let reader = try AudioReader(path: input)
        let format = reader.format, channels = format.channels
        let plan = try Plan(reader: reader, settings: settings)
        let start = try broadbandStart(plan: plan, reader: reader, input: input)
        let fused = enhancer != nil && !start.cleanRecording
        let config = plan.stft
        let processor = LinkedSpectralProcessor(initialNoise: start.initialNoise, adaptive: start.adaptive,
                                                framesPerSecond: Double(format.sampleRate) / Double(config.hop),
                                                amountDB: start.amountDB,
                                                sampleRate: format.sampleRate, frameSize: config.frameSize)
        processor.learnedAmountFloorDB = Float(settings.amountDB * DenoiseTuning.floorPerAmount)
        // The model runs without its own attenuation limit: the fused gain has its own floors.
        let learned = try enhancer.map { e in
            try (0..<channels).map { _ in try LearnedChannel(enhancer: e, sampleRate: format.sampleRate, amountDB: 100) }
        }.flatMap { fused ? $0 : nil } ?? []
        let pass = SpectralPass(config: config, processor: processor, channels: channels, sampleRate: format.sampleRate,
                                rigor: settings.fftRigor, learned: learned, crowd: Float(start.crowd))
        let sink = try DenoiseSink(reader: reader, output: output, delta: delta, toolName: toolName)
        let hum = start.removers.first?.blockSize ?? max(Int(0.05 * Double(format.sampleRate)), 64)
        // Fused: blocks of about a second, so the model's convolutions batch over 100 frames.
        let block = fused ? max(1, Int(Self.learnedBlockSeconds * Double(format.sampleRate)) / hum) * hum : hum
        let total = max(reader.frameCount, 1)
        var framesRead: Int64 = 0
        while var planar = try sink.read(reader, frames: block) {
            framesRead += Int64(planar[0].count)
            // Fused: what the de-hum stage took out (input − de-hummed), for `HumResidueGuard`.
            var removed: [[Float]]? = fused && !start.removers.isEmpty ? planar : nil
            if !start.removers.isEmpty {
                for c in 0..<channels { planar[c].withUnsafeMutableBufferPointer { start.removers[c].process($0) } }
            }
            if removed != nil {
                for c in 0..<channels { for i in planar[c].indices { removed![c][i] -= planar[c][i] } }
            }
            try pass.push(planar, hum: removed, into: sink.wet)
            try sink.flush(limit: Int64.max)
            progress?(min(1, Double(framesRead) / Double(total)))
        }
        try pass.finish(into: sink.wet)
        try sink.flush(limit: framesRead)
        try sink.finish()
        progress?(1)
        var report = sink.report(input: input, output: output, delta: delta, format: format, frames: framesRead)
        report.method = settings.method.rawValue
        report.noiseSource = start.sourceName
        report.amountDB = settings.amountDB
        report.appliedAmountDB = start.amountDB
        report.backgroundModulation = start.modulation
        report.hum = humReport(plan: plan, removers: start.removers, sampleRate: format.sampleRate)
        report.learnedShare = processor.fusedFrames > 0 ? processor.learnedShareSum / Double(processor.fusedFrames) : 0
        return report
    }

    static func outputFormat(_ format: AudioFormat) -> AudioFormat {
        var f = format
        if f.sampleFormat == .pcm8 { f.sampleFormat = .pcm16 }
        return f
    }
}

extension LevelHistogram {
    mutating func addInterleaved(_ buf: UnsafeBufferPointer<Float>, frames: Int, channels: Int) {
        addFrames(buf, frames: frames, channels: channels)
    }
}
