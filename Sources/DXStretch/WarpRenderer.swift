import DXAudio
import DXWarp

/// Renders a take along its warp map with Rubber Band's offline time-varying stretch
/// (pitch unchanged, formants preserved) into a new audio file at the map's rate.
///
/// The take is read twice in blocks (Rubber Band studies it, then stretches it) and the
/// output written as it comes, so memory stays flat however long the take. The file is
/// written beside its target and renamed (DXAudio's writer), never over an input.
public enum WarpRenderer {
    /// - Parameters:
    ///   - window: the guide samples the output covers (output sample n = guide sample
    ///     window.lowerBound + n); nil = the stretched take itself (see `StretchPlan`),
    ///     starting no earlier than guide sample `earliest`.
    ///   - adjust: sets the output's metadata (bext, iXML), given the plan and the format.
    /// - Returns: the plan that was rendered.
    @discardableResult
    public static func render(take path: String, map: WarpMap, window: Range<Int>? = nil, earliest: Int = .min,
                              settings: StretchSettings = StretchSettings(), to output: String,
                              adjust: (StretchPlan, AudioFormat, inout AudioMetadata) -> Void = { _, _, _ in }) throws -> StretchPlan {
        let blocks = try TakeBlocks(path: path, rate: map.sampleRate, blockFrames: settings.blockFrames)
        let spacing = Int((settings.minKeyFrameSpacing * Double(map.sampleRate)).rounded())
        let plan = try StretchPlan(map: map, takeFrames: blocks.frames, window: window, earliest: earliest,
                                   minSpacing: spacing)
        let stretcher = try RubberBand(sampleRate: map.sampleRate, channels: blocks.channels, engine: settings.engine,
                                       timeRatio: Double(plan.stretchedFrames) / Double(plan.inputFrames),
                                       capacity: settings.blockFrames)
        stretcher.prepare(inputFrames: plan.inputFrames, blockFrames: settings.processFrames)
        try feed(blocks, to: stretcher, pass: .study, settings: settings) { true }
        stretcher.setKeyFrames(plan.keyFrames)

        let reader = try AudioReader(path: path)
        let writer = try AudioWriter(path: output, like: reader) { format, metadata in
            format.sampleRate = map.sampleRate
            adjust(plan, format, &metadata)
        }
        let sink = WindowSink(plan: plan, writer: writer, channels: blocks.channels)
        try sink.silence(plan.leadingSilence)
        func drain() throws {
            while !sink.full, case let ready = stretcher.available, ready > 0 {
                let got = stretcher.retrieve(ready)
                if got == 0 { break }
                try sink.take(stretcher, frames: got)
            }
        }
        try feed(blocks, to: stretcher, pass: .process, settings: settings) {
            try drain()
            return !sink.full
        }
        try drain()
        try sink.silence(plan.windowFrames - sink.written)
        try writer.finish()
        return plan
    }

    /// Hands the whole take to the stretcher in steps of `settings.processFrames` (Rubber
    /// Band follows key frames to the step: R3 fed 1024-frame steps drifted 5 ms where
    /// 256-frame steps stayed within 2 ms), marking the step with the last frame final.
    /// `between` runs after each step; it returns false to stop early.
    private static func feed(_ blocks: TakeBlocks, to stretcher: RubberBand, pass: RubberBand.Pass,
                             settings: StretchSettings, between: () throws -> Bool) throws {
        var fed = 0
        var going = true
        try blocks.eachBlock { block, frames in
            var offset = 0
            while going, offset < frames {
                let n = min(settings.processFrames, frames - offset)
                fed += n
                stretcher.feed(pass, block, offset: offset, frames: n, final: fed >= blocks.frames)
                offset += n
                going = try between()
            }
        }
    }
}

/// The output window: drops stretched frames before it, writes those inside it, stops at its end.
private final class WindowSink {
    let plan: StretchPlan
    let writer: AudioWriter
    let channels: Int
    private var toSkip: Int
    private var stretchedLeft: Int
    private(set) var written = 0
    private var interleaved: [Float] = []

    init(plan: StretchPlan, writer: AudioWriter, channels: Int) {
        self.plan = plan
        self.writer = writer
        self.channels = channels
        toSkip = plan.leadingSkip
        stretchedLeft = plan.framesInWindow
    }

    var full: Bool { stretchedLeft == 0 && written >= plan.leadingSilence }

    func silence(_ frames: Int) throws {
        guard frames > 0 else { return }
        let zeros = [Float](repeating: 0, count: min(frames, 16_384) * channels)
        var left = frames
        while left > 0 {
            let n = min(left, zeros.count / channels)
            try zeros.withUnsafeBufferPointer { try writer.write(interleaved: $0, frames: n) }
            left -= n
            written += n
        }
    }

    func take(_ stretcher: RubberBand, frames: Int) throws {
        let skip = min(toSkip, frames)
        toSkip -= skip
        let n = min(frames - skip, stretchedLeft)
        guard n > 0 else { return }
        if interleaved.count < n * channels { interleaved = [Float](repeating: 0, count: n * channels) }
        for c in 0..<channels {
            let block = stretcher.output(channel: c, frames: frames)
            for i in 0..<n { interleaved[i * channels + c] = block[skip + i] }
        }
        try interleaved.withUnsafeBufferPointer { try writer.write(interleaved: $0, frames: n) }
        stretchedLeft -= n
        written += n
    }
}
