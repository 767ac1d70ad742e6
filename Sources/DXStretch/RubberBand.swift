import CRubberBand

/// One offline Rubber Band stretcher (time ratio varying along key frames, pitch unchanged,
/// formants preserved, channels processed together so a stereo image stays put; R3 with its
/// short window, or R2).
/// Not thread-safe: one per take.
final class RubberBand {
    private let state: RubberBandState
    let channels: Int
    /// Frames `retrieve` returns at most.
    let capacity: Int
    private let outputStorage: UnsafeMutablePointer<Float>

    init(sampleRate: Int, channels: Int, engine: StretchEngine, timeRatio: Double, capacity: Int) throws {
        // Rubber Band is opened here, at the first stretch, not linked (see CRubberBand).
        if dx_rubberband_load() != 0 {
            throw StretchError.unavailable(dx_rubberband_load_error().map { String(cString: $0) } ?? "cannot load Rubber Band")
        }
        guard sampleRate > 0, channels > 0, timeRatio > 0, timeRatio.isFinite else {
            throw StretchError.stretcherFailed("bad stretch: \(sampleRate) Hz, \(channels) channels, ratio \(timeRatio)")
        }
        var options = Int32(RubberBandOptionProcessOffline.rawValue) | Int32(RubberBandOptionFormantPreserved.rawValue)
            | Int32(RubberBandOptionChannelsTogether.rawValue) | Int32(RubberBandOptionThreadingNever.rawValue)
        // R3 with its short window: on the warp bench's speech (true maps) it scored PESQ-WB
        // 3.244 against 3.219 with the standard window, followed the map more closely (flux
        // lag p95 2.4 against 2.9 ms) and took half the CPU. R2 scored 2.641.
        if engine == .finer {
            options |= Int32(RubberBandOptionEngineFiner.rawValue) | Int32(RubberBandOptionWindowShort.rawValue)
        }
        guard let made = dx_rubberband_new(UInt32(sampleRate), UInt32(channels), options, timeRatio, 1.0) else {
            throw StretchError.stretcherFailed("cannot create a stretcher for \(sampleRate) Hz, \(channels) channels")
        }
        state = made
        self.channels = channels
        self.capacity = capacity
        outputStorage = .allocate(capacity: channels * capacity)
    }

    deinit {
        dx_rubberband_delete(state)
        outputStorage.deallocate()
    }

    func prepare(inputFrames: Int, blockFrames: Int) {
        dx_rubberband_set_expected_input_duration(state, UInt32(clamping: inputFrames))
        dx_rubberband_set_max_process_size(state, UInt32(clamping: blockFrames))
    }

    /// Must be called after `study` and before the first `process`.
    func setKeyFrames(_ frames: [StretchPlan.KeyFrame]) {
        guard !frames.isEmpty else { return }
        var from = frames.map { UInt32(clamping: $0.input) }
        var to = frames.map { UInt32(clamping: $0.output) }
        dx_rubberband_set_key_frame_map(state, UInt32(frames.count), &from, &to)
    }

    /// Studies (first pass) or processes (second pass) `frames` frames of `block` starting at
    /// `offset`; `final` on the call that holds the take's last frame. (An empty final call
    /// after the last frame makes R3 end early and drop the tail.)
    func feed(_ pass: Pass, _ block: [[Float]], offset: Int, frames: Int, final: Bool) {
        withChannelPointers(block, offset: offset) {
            switch pass {
            case .study: dx_rubberband_study(state, $0, UInt32(frames), final ? 1 : 0)
            case .process: dx_rubberband_process(state, $0, UInt32(frames), final ? 1 : 0)
            }
        }
    }

    enum Pass { case study, process }

    /// Frames ready to retrieve; -1 once everything has been returned after the final block.
    var available: Int { Int(dx_rubberband_available(state)) }

    /// Retrieves up to `frames` (at most `capacity`) ready frames into the stretcher's own
    /// output buffer (`output(channel:)`), returning how many. Asking for more than
    /// `available` makes Rubber Band print a warning.
    func retrieve(_ frames: Int) -> Int {
        let pointers: [UnsafeMutablePointer<Float>?] = (0..<channels).map { outputStorage + $0 * capacity }
        let n = UInt32(min(frames, capacity))
        return Int(pointers.withUnsafeBufferPointer { dx_rubberband_retrieve(state, $0.baseAddress, n) })
    }

    /// The frames the last `retrieve` returned for `channel`.
    func output(channel: Int, frames: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: outputStorage + channel * capacity, count: frames)
    }

    /// Calls `body` with a C array of pointers to each channel's samples.
    private func withChannelPointers(_ block: [[Float]], offset: Int,
                                     _ body: (UnsafePointer<UnsafePointer<Float>?>) -> Void) {
        var pointers: [UnsafePointer<Float>?] = []
        func recurse(_ c: Int) {
            if c == block.count {
                pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
                return
            }
            block[c].withUnsafeBufferPointer { b in
                pointers.append(b.baseAddress.map { $0 + offset })
                recurse(c + 1)
            }
        }
        recurse(0)
    }
}
