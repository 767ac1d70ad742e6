/// Everything DeepFilterNet3's networks remember between blocks of frames, so a long file is
/// run block by block with memory flat in its length and results equal to one pass:
/// the five GRUs' hidden vectors and the frames the time convolutions look back on
/// (2 frames of each input for the 3×3 input convs, 4 frames of `c0` for the DF pathway's 5×1 conv).
/// A fresh state (zeros) is the start of a file.
public struct DFN3StreamState: Sendable {
    /// Encoder GRU (1 × 256).
    public var encoder: [[Float]]
    /// ERB decoder GRUs (2 × 256).
    public var erbDecoder: [[Float]]
    /// DF decoder GRUs (2 × 256).
    public var dfDecoder: [[Float]]
    /// Last 2 frames of `feat_erb` `[1, 2, 32]` and of `feat_spec` `[2, 2, 96]`.
    public var featErbHistory: FeatureMap
    public var featSpecHistory: FeatureMap
    /// Last 4 frames of the encoder's `c0` `[64, 4, 96]`.
    public var c0History: FeatureMap

    public init(_ network: DFN3Network) {
        encoder = network.encoder.gru.initialState()
        erbDecoder = network.erbDecoder.gru.initialState()
        dfDecoder = network.dfDecoder.gru.initialState()
        featErbHistory = network.encoder.erbConv0.emptyHistory(bins: 32)
        featSpecHistory = network.encoder.dfConv0dw.emptyHistory(bins: 96)
        c0History = network.dfDecoder.convpDw.emptyHistory(bins: 96)
    }
}
