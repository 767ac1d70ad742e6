import CSoxr

/// libsoxr conversion quality.
public enum ResamplerQuality: Sendable, Hashable {
    /// `SOXR_HQ`: 20-bit precision, linear phase, passband to 91 % of Nyquist. The default:
    /// far below the noise of any production recording.
    case high
    /// `SOXR_VHQ`: 28-bit precision, for material that will be processed further in float.
    case veryHigh

    var recipe: UInt {
        switch self {
        case .high: return 4      // SOXR_20_BITQ
        case .veryHigh: return 6  // SOXR_28_BITQ
        }
    }
}

/// Sample-rate conversion through libsoxr (linear phase, so no time shift: output sample `j`
/// sits at time `j / to`, exactly where the input's time base puts it).
///
/// **Output length** is exact and the same for the one-shot and streaming forms: a
/// `count`-frame input gives `outputCount(forInput: count)` = `ceil(count · to / from)` frames —
/// the number of output sample instants `j / to` inside the input's duration `count / from`.
/// 44 100 frames at 44.1 kHz → 48 000 at 48 kHz; 1 frame → 2 at 2× up; 3 → 1 at 3× down.
///
/// The streaming form is a non-`Sendable` class over one `soxr_t`: push blocks with
/// `process`, then `finish` once; it never returns more than the exact length allows, so a
/// streamed result equals the one-shot result sample for sample.
public final class Resampler {
    /// Input rate (Hz).
    public let inputRate: Int
    /// Output rate (Hz).
    public let outputRate: Int
    /// Interleaved channels.
    public let channels: Int
    private let handle: soxr_t
    private var framesIn = 0
    private var framesOut = 0
    private var finished = false
    private var scratch: [Float] = []
    /// Output libsoxr produced beyond what the input so far allows (held for the next call).
    private var pending: [Float] = []

    /// A streaming resampler for `channels` interleaved channels.
    /// - Throws: `SignalError.invalidParameter` for non-positive rates or channels,
    ///   `SignalError.resampler` when libsoxr refuses the configuration,
    ///   `SignalError.unavailable` when libsoxr cannot be loaded.
    public init(from inputRate: Int, to outputRate: Int, channels: Int = 1, quality: ResamplerQuality = .high) throws {
        guard inputRate > 0, outputRate > 0 else {
            throw SignalError.invalidParameter("sample rates must be positive (got \(inputRate) → \(outputRate))")
        }
        guard channels >= 1, channels <= 1024 else {
            throw SignalError.invalidParameter("channel count must be 1…1024 (got \(channels))")
        }
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.channels = channels
        // libsoxr is opened here, at the first resampler, not linked (see CSoxr).
        if dx_soxr_load() != 0 {
            throw SignalError.unavailable(dx_soxr_load_error().map { String(cString: $0) } ?? "cannot load libsoxr")
        }
        var io = dx_soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var q = dx_soxr_quality_spec(quality.recipe, 0)
        var runtime = dx_soxr_runtime_spec(1)
        var error: soxr_error_t?
        let created = dx_soxr_create(Double(inputRate), Double(outputRate), UInt32(channels), &error, &io, &q, &runtime)
        if let error {
            if let created { dx_soxr_delete(created) }
            throw SignalError.resampler(String(cString: error))
        }
        guard let created else { throw SignalError.resampler("soxr_create returned no resampler") }
        handle = created
    }

    deinit { dx_soxr_delete(handle) }

    /// The exact number of output frames for `count` input frames: `ceil(count · to / from)`.
    public static func outputCount(forInput count: Int, from inputRate: Int, to outputRate: Int) -> Int {
        precondition(count >= 0 && inputRate > 0 && outputRate > 0)
        let (product, overflow) = count.multipliedReportingOverflow(by: outputRate)
        precondition(!overflow, "resampler length overflow")
        return (product + inputRate - 1) / inputRate
    }

    /// Resamples a whole mono signal (or interleaved `channels`) at once.
    public static func resample(_ x: [Float], from inputRate: Int, to outputRate: Int,
                                channels: Int = 1, quality: ResamplerQuality = .high) throws -> [Float] {
        if inputRate == outputRate && inputRate > 0 { return x }
        let resampler = try Resampler(from: inputRate, to: outputRate, channels: channels, quality: quality)
        var output = try resampler.process(x)
        output += try resampler.finish()
        return output
    }

    /// Pushes interleaved samples (a whole number of frames) and returns the output frames
    /// that are ready (interleaved). Output lags input by the filter length inside libsoxr;
    /// `finish` returns the rest.
    public func process(_ x: [Float]) throws -> [Float] {
        precondition(!finished, "Resampler.process after finish")
        guard x.count % channels == 0 else {
            throw SignalError.invalidParameter("\(x.count) samples is not a whole number of \(channels)-channel frames")
        }
        let frames = x.count / channels
        framesIn += frames
        return try x.withUnsafeBufferPointer { try run(input: $0.baseAddress, frames: frames) }
    }

    /// Ends the input and returns the remaining output, so that the total is exactly
    /// `outputCount(forInput:)` frames (zero-padded in the rare case libsoxr's flush is short).
    public func finish() throws -> [Float] {
        precondition(!finished, "Resampler.finish called twice")
        finished = true
        var output = try run(input: nil, frames: 0)
        let total = Resampler.outputCount(forInput: framesIn, from: inputRate, to: outputRate)
        if framesOut < total {
            output += [Float](repeating: 0, count: (total - framesOut) * channels)
            framesOut = total
        }
        return output
    }

    /// One soxr_process loop: feeds all `frames` (or, with `nil`, flushes) and collects the
    /// output, capped at the exact length the input so far allows.
    private func run(input: UnsafePointer<Float>?, frames: Int) throws -> [Float] {
        let limit = Resampler.outputCount(forInput: framesIn, from: inputRate, to: outputRate)
        var output: [Float] = []
        output.reserveCapacity(pending.count)
        var consumed = 0
        // Bounded scratch: long inputs loop over several soxr_process calls.
        let chunkFrames = min(1 << 16, max(4096, Int(Double(frames) * Double(outputRate) / Double(inputRate)) + 256))
        if scratch.count < chunkFrames * channels { scratch = [Float](repeating: 0, count: chunkFrames * channels) }
        while true {
            var idone = 0
            var odone = 0
            let error: soxr_error_t? = scratch.withUnsafeMutableBufferPointer { out in
                if let input {
                    return dx_soxr_process(handle, input + consumed * channels, frames - consumed, &idone,
                                        out.baseAddress, chunkFrames, &odone)
                }
                return dx_soxr_process(handle, nil, 0, nil, out.baseAddress, chunkFrames, &odone)
            }
            if let error { throw SignalError.resampler(String(cString: error)) }
            consumed += idone
            pending.append(contentsOf: scratch[0..<(odone * channels)])
            if input != nil {
                if consumed >= frames && odone < chunkFrames { break }
            } else if odone == 0 || framesOut + pending.count / channels >= limit {
                break
            }
        }
        let keep = min(pending.count / channels, max(0, limit - framesOut))
        output.append(contentsOf: pending[0..<(keep * channels)])
        pending.removeFirst(keep * channels)
        framesOut += keep
        return output
    }
}
