/// The three DeepFilterNet3 networks run together on feature frames: inputs are the normalised
/// ERB powers and complex low band, outputs the local SNR, ERB gains and deep-filter taps for
/// every frame. The recurrent states are kept so a long file is processed block by block with
/// memory flat in its length (convolutions look back at most 4 frames; see `contextFrames`).
public struct DFN3Network: Sendable {
    public let encoder: DFN3Encoder
    public let erbDecoder: DFN3ERBDecoder
    public let dfDecoder: DFN3DFDecoder

    /// One block's outputs.
    public struct Output: Sendable {
        /// Local SNR per frame, dB.
        public var lsnr: [Float]
        /// ERB gains `[T, 32]`, 0…1.
        public var mask: [Float]
        /// Deep-filter taps `[T, 96, 10]` (5 taps × re, im).
        public var coefs: [Float]
    }

    public init(weights: DFN3Weights) throws {
        encoder = try DFN3Encoder(weights)
        erbDecoder = try DFN3ERBDecoder(weights)
        dfDecoder = try DFN3DFDecoder(weights)
    }

    /// Loads the weights from `DFN3WeightsLocator`.
    public init() throws {
        try self.init(weights: DFN3Weights(directory: DFN3WeightsLocator.directory()))
    }

    /// Runs all frames at once from the start of a file (zero state).
    /// - Parameters:
    ///   - featErb: `[T, 32]` row-major.
    ///   - featSpec: `[2, T, 96]` (real plane, then imaginary plane).
    public func run(featErb: [Float], featSpec: [Float], frames: Int) throws -> Output {
        var state = DFN3StreamState(self)
        return try run(featErb: featErb, featSpec: featSpec, frames: frames, state: &state)
    }

    /// Runs one block of frames that follows the frames `state` has seen (a fresh state: the start
    /// of a file), and advances `state`. Blocks of any sizes give the same outputs as one pass.
    public func run(featErb: [Float], featSpec: [Float], frames: Int, state: inout DFN3StreamState) throws -> Output {
        guard featErb.count == frames * 32, featSpec.count == 2 * frames * 96 else {
            throw NeuralError.badInput("\(featErb.count) ERB and \(featSpec.count) spec values for \(frames) frames")
        }
        let enc = try encoder(featErb: FeatureMap(channels: 1, frames: frames, bins: 32, values: featErb),
                              featSpec: FeatureMap(channels: 2, frames: frames, bins: 96, values: featSpec),
                              state: &state)
        let mask = erbDecoder(enc, state: &state)
        let coefs = dfDecoder(enc, state: &state)
        return Output(lsnr: enc.lsnr, mask: mask, coefs: coefs)
    }
}
