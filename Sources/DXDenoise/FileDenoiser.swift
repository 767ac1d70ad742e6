import DXAudio
import DXNeural
import DXSignal
import Glibc

/// Denoises one audio file into a new one, streaming: memory depends on the channel count
/// and the 10 s look-ahead used to find the starting noise spectrum, never on file length.
///
/// Order: hum removal (per channel, shared fundamental) → STFT → linked log-spectral gain →
/// overlap-add. The output keeps rate, channel count, sample format (8-bit is written as
/// 16-bit), bext (with a coding-history line) and iXML. `delta` gets input − output.
public struct FileDenoiser {
    public var settings: DenoiseSettings
    /// The tool name written into the coding history.
    public var toolName: String
    /// The DeepFilterNet3 model for `method == .learned` (loaded on each run when nil; load it
    /// once with `loadLearnedModel()` for many files).
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
            case .classical: try process(input: input, output: output, delta: delta, progress: progress)
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

    private func process(input: String, output: String, delta: String?,
                         progress: ((Double) -> Void)?) throws -> DenoiseReport {
        let reader = try AudioReader(path: input)
        let format = reader.format
        let channels = format.channels
        let plan = try Plan(reader: reader, settings: settings)
        var warnings = reader.warnings
        if format.sampleFormat == .pcm8 {
            warnings.append("\(input): 8-bit input; output written as 16-bit PCM")
        }

        // Starting noise spectrum and warmed-up hum removers.
        var removers: [HumRemover] = []
        var initialNoise: [[Float]]
        var adaptive = false
        var sourceName = "adaptive"
        var amount = settings.amountDB
        var modulation: Double?
        if let f0 = plan.humFundamental {
            removers = (0..<channels).map { _ in
                HumRemover(fundamental: f0, sampleRate: Double(format.sampleRate),
                           maximumFrequency: settings.humMaximumFrequency)
            }
        }
        switch settings.noise {
        case .adaptive:
            let look = try plan.lookAhead(path: input, hum: plan.humFundamental)
            initialNoise = look.noise
            modulation = look.modulation
            if let limit = settings.speechLikeBackgroundAmountDB {
                let m = DenoiseTuning.speechLikeModulation
                let w = min(max((look.modulation - m.lowerBound) / (m.upperBound - m.lowerBound), 0), 1)
                amount = settings.amountDB + w * (min(settings.amountDB, limit) - settings.amountDB)
            }
            for (r, warm) in zip(removers, look.removers) { r.adoptTemplate(from: warm) }
            adaptive = true
        case .region(let range):
            guard range.lowerBound >= 0, range.upperBound <= reader.frameCount, range.count > 0 else {
                throw DenoiseError(.badRegion,
                    "\(input): learn region \(range.lowerBound)..<\(range.upperBound) (frames) is outside the file (0..<\(reader.frameCount))")
            }
            initialNoise = try plan.regionNoise(path: input, region: range, hum: plan.humFundamental)
            sourceName = "region"
        case .profile(let profile):
            guard profile.sampleRate == format.sampleRate, profile.frameSize == plan.frameSize else {
                throw DenoiseError(.badProfile,
                    "\(input): the noise profile is for \(profile.sampleRate) Hz (frame \(profile.frameSize)); the file is \(format.sampleRate) Hz (frame \(plan.frameSize))")
            }
            guard profile.channels.count == channels || profile.channels.count == 1 else {
                throw DenoiseError(.badProfile,
                    "\(input): the noise profile has \(profile.channels.count) channels; the file has \(channels)")
            }
            initialNoise = profile.channels.count == channels ? profile.channels
                : Array(repeating: profile.channels[0], count: channels)
            sourceName = "profile"
        }
        let config = plan.stft
        let processor = LinkedSpectralProcessor(initialNoise: initialNoise, adaptive: adaptive,
                                                framesPerSecond: Double(format.sampleRate) / Double(config.hop),
                                                amountDB: amount,
                                                sampleRate: format.sampleRate, frameSize: config.frameSize)
        let analyzers = (0..<channels).map { _ in STFTAnalyzer(configuration: config, rigor: settings.fftRigor) }
        let synthesizers = (0..<channels).map { _ in STFTSynthesizer(configuration: config, rigor: settings.fftRigor) }

        let writer = try AudioWriter(path: output, like: reader) { _, metadata in
            if let bext = metadata.bext {
                metadata.bext = bext.appendingCodingHistory(
                    BroadcastExtension.codingHistoryLine(for: Self.outputFormat(format), tool: toolName))
            }
        }
        let deltaWriter = try delta.map { (path) throws(AudioError) in try AudioWriter(path: path, like: reader) }

        let block = removers.first?.blockSize ?? max(Int(0.05 * Double(format.sampleRate)), 64)
        let interleaved = FloatRow(count: block * channels)
        let planar = (0..<channels).map { _ in FloatRow(count: block) }
        // Spectra of the frames completed by one block, per channel (the analyzer reuses its buffer).
        let framesPerBlock = (block + config.frameSize) / config.hop + 4
        let bins = config.binCount
        let pending = (0..<channels).map { _ in
            UnsafeMutableBufferPointer<ComplexFloat>.allocate(capacity: framesPerBlock * bins)
        }
        defer { for p in pending { p.deallocate() } }
        var pendingCount = [Int](repeating: 0, count: channels)
        var frameSet = pending
        // Processed output and (for the delta only) the dry input, waiting to be written.
        let wet = (0..<channels).map { _ in SampleFIFO() }
        let dry = (0..<channels).map { _ in SampleFIFO() }
        let keepDry = deltaWriter != nil
        var levelsIn = LevelHistogram(blockSize: block)
        var levelsOut = LevelHistogram(blockSize: block)
        var peakIn: Float = 0, peakOut: Float = 0
        var framesRead: Int64 = 0, framesWritten: Int64 = 0
        var outInterleaved = FloatRow(count: (block + config.frameSize) * channels)
        var deltaInterleaved = FloatRow(count: keepDry ? (block + config.frameSize) * channels : 0)
        let total = max(reader.frameCount, 1)

        func capture(_ c: Int) -> (UnsafeMutableBufferPointer<ComplexFloat>) -> Void {
            if channels == 1 {
                // Mono: nothing to link, so each frame is processed in the analyzer's own buffer.
                return { spectrum in
                    frameSet[0] = spectrum
                    processor.process(frameSet)
                    synthesizers[0].push(UnsafeBufferPointer(spectrum)) { wet[0].append($0) }
                }
            }
            return { spectrum in
                precondition(pendingCount[c] < framesPerBlock, "more STFT frames per block than planned")
                (pending[c].baseAddress! + pendingCount[c] * bins).update(from: spectrum.baseAddress!, count: bins)
                pendingCount[c] += 1
            }
        }

        func processPending() {
            let n = pendingCount[0]
            for j in 0..<n {
                for c in 0..<channels {
                    frameSet[c] = UnsafeMutableBufferPointer(start: pending[c].baseAddress! + j * bins, count: bins)
                }
                processor.process(frameSet)
                for c in 0..<channels {
                    synthesizers[c].push(UnsafeBufferPointer(frameSet[c])) { wet[c].append($0) }
                }
            }
            for c in 0..<channels { pendingCount[c] = 0 }
        }

        func flushOutput(limit: Int64) throws {
            var m = wet.map(\.count).min() ?? 0
            m = Int(min(Int64(m), limit - framesWritten))
            guard m > 0 else { return }
            if outInterleaved.count < m * channels {
                outInterleaved = FloatRow(count: m * channels)
                if keepDry { deltaInterleaved = FloatRow(count: m * channels) }
            }
            let out = outInterleaved.base, delta = deltaInterleaved.base
            for c in 0..<channels {
                let y = wet[c].head
                if channels == 1 {
                    out.update(from: y, count: m)
                } else {
                    for i in 0..<m { out[i * channels + c] = y[i] }
                }
                if keepDry {
                    let d = dry[c].head
                    for i in 0..<m { delta[i * channels + c] = d[i] - y[i] }
                    dry[c].consume(m)
                }
                wet[c].consume(m)
            }
            let buf = UnsafeBufferPointer(start: out, count: m * channels)
            peakOut = max(peakOut, VectorOps.peakMagnitude(out, m * channels))
            levelsOut.addInterleaved(buf, frames: m, channels: channels)
            try writer.write(interleaved: buf, frames: m)
            if let deltaWriter {
                try deltaWriter.write(interleaved: UnsafeBufferPointer(start: delta, count: m * channels), frames: m)
            }
            framesWritten += Int64(m)
        }

        while true {
            let n = try reader.read(into: UnsafeMutableBufferPointer(start: interleaved.base, count: block * channels),
                                    frames: block)
            if n == 0 { break }
            framesRead += Int64(n)
            let buf = UnsafeBufferPointer(start: interleaved.base, count: n * channels)
            levelsIn.addInterleaved(buf, frames: n, channels: channels)
            peakIn = max(peakIn, VectorOps.peakMagnitude(interleaved.base, n * channels))
            for c in 0..<channels {
                let x = planar[c].base, src = interleaved.base + c
                if channels == 1 {
                    x.update(from: src, count: n)
                } else {
                    for i in 0..<n { x[i] = src[i * channels] }
                }
                if keepDry { dry[c].append(UnsafeBufferPointer(start: x, count: n)) }
                if !removers.isEmpty { removers[c].process(UnsafeMutableBufferPointer(start: x, count: n)) }
                analyzers[c].push(UnsafeBufferPointer(start: x, count: n), capture(c))
            }
            processPending()
            try flushOutput(limit: Int64.max)
            progress?(min(1, Double(framesRead) / Double(total)))
        }
        for c in 0..<channels { analyzers[c].finish(capture(c)) }
        processPending()
        try flushOutput(limit: framesRead)
        try writer.finish()
        try deltaWriter?.finish()
        progress?(1)

        let hum = humReport(plan: plan, removers: removers, sampleRate: format.sampleRate)
        func dB(_ x: Float) -> Double? { x > 0 ? 20 * log10(Double(x)) : nil }
        return DenoiseReport(input: input, output: output, delta: delta, sampleRate: format.sampleRate,
                             channels: channels, frames: framesRead, noiseSource: sourceName,
                             amountDB: settings.amountDB, appliedAmountDB: amount,
                             backgroundModulation: modulation,
                             noiseFloorBeforeDBFS: levelsIn.percentile(0.1),
                             noiseFloorAfterDBFS: levelsOut.percentile(0.1),
                             peakBeforeDBFS: dB(peakIn), peakAfterDBFS: dB(peakOut), hum: hum, warnings: warnings)
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
