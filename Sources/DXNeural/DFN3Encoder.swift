/// DeepFilterNet3's encoder (`enc.onnx`, scripts/dfn3/GRAPH.md "enc"): two convolutional
/// pathways (ERB band powers and the complex low band) merged into one embedding, one GRU,
/// and the local-SNR head.
public struct DFN3Encoder: Sendable {
    /// Everything the decoders need, for `frames` frames.
    public struct Output: Sendable {
        /// ERB pathway maps: e0 `[64, T, 32]`, e1 `[64, T, 16]`, e2 `[64, T, 8]`, e3 `[64, T, 8]`.
        public var e0, e1, e2, e3: FeatureMap
        /// DF pathway first map `[64, T, 96]` (the DF decoder's convolutional input).
        public var c0: FeatureMap
        /// Embedding `[T, 512]`, row-major.
        public var emb: [Float]
        /// Local SNR estimate per frame, dB, in −15…35.
        public var lsnr: [Float]
    }

    let erbConv0, erbConv1dw, erbConv1pw, erbConv2dw, erbConv2pw, erbConv3dw, erbConv3pw: Conv2D
    let dfConv0dw, dfConv0pw, dfConv1dw, dfConv1pw: Conv2D
    let dfFcEmb: GroupedLinear
    let gru: GroupedGRU
    let lsnrWeight: [Float]
    let lsnrBias: Float
    let lsnrMin: Float, lsnrRange: Float

    public init(_ w: DFN3Weights) throws {
        erbConv0 = try w.conv("enc.erb_conv0", inChannels: 1, groups: 1, bias: true)
        erbConv1dw = try w.conv("enc.erb_conv1.dw", inChannels: 64, groups: 64, strideF: 2, bias: false)
        erbConv1pw = try w.conv("enc.erb_conv1.pw", inChannels: 64, groups: 1, bias: true)
        erbConv2dw = try w.conv("enc.erb_conv2.dw", inChannels: 64, groups: 64, strideF: 2, bias: false)
        erbConv2pw = try w.conv("enc.erb_conv2.pw", inChannels: 64, groups: 1, bias: true)
        erbConv3dw = try w.conv("enc.erb_conv3.dw", inChannels: 64, groups: 64, strideF: 1, bias: false)
        erbConv3pw = try w.conv("enc.erb_conv3.pw", inChannels: 64, groups: 1, bias: true)
        dfConv0dw = try w.conv("enc.df_conv0.dw", inChannels: 2, groups: 2, bias: false)
        dfConv0pw = try w.conv("enc.df_conv0.pw", inChannels: 64, groups: 1, bias: true)
        dfConv1dw = try w.conv("enc.df_conv1.dw", inChannels: 64, groups: 64, strideF: 2, bias: false)
        dfConv1pw = try w.conv("enc.df_conv1.pw", inChannels: 64, groups: 1, bias: true)
        dfFcEmb = try w.linear("enc.df_fc_emb")
        gru = try GroupedGRU(w, prefix: "enc.emb_gru", layers: 1, output: true)
        lsnrWeight = try w.tensor("enc.lsnr_fc.weight").values
        lsnrBias = try w.tensor("enc.lsnr_fc.bias").values[0]
        lsnrMin = Float(try w.config("lsnr_min"))
        lsnrRange = Float(try w.config("lsnr_max")) - lsnrMin
    }

    /// - Parameters:
    ///   - featErb: `[1, T, 32]` normalised ERB band powers.
    ///   - featSpec: `[2, T, 96]` normalised low band, real plane then imaginary plane.
    ///   - state: the GRU's hidden vector and the input frames before this block; updated.
    public func callAsFunction(featErb: FeatureMap, featSpec: FeatureMap, state: inout DFN3StreamState) throws -> Output {
        guard featErb.channels == 1, featErb.bins == 32, featSpec.channels == 2, featSpec.bins == 96,
              featErb.frames == featSpec.frames
        else { throw NeuralError.badInput("feat_erb \(featErb.channels)×\(featErb.frames)×\(featErb.bins), feat_spec \(featSpec.channels)×\(featSpec.frames)×\(featSpec.bins)") }
        let frames = featErb.frames
        func block(_ dw: Conv2D, _ pw: Conv2D, _ x: FeatureMap) -> FeatureMap {
            var y = pw(dw(x))
            y.relu()
            return y
        }
        var e0 = erbConv0(featErb, history: &state.featErbHistory)
        e0.relu()
        let e1 = block(erbConv1dw, erbConv1pw, e0)
        let e2 = block(erbConv2dw, erbConv2pw, e1)
        let e3 = block(erbConv3dw, erbConv3pw, e2)
        var c0 = dfConv0pw(dfConv0dw(featSpec, history: &state.featSpecHistory))
        c0.relu()
        let c1 = block(dfConv1dw, dfConv1pw, c0)
        var emb = dfFcEmb(c1.frameFlattened(), frames: frames)
        let e3flat = e3.frameFlattened()
        for i in emb.indices { emb[i] = max(emb[i], 0) + e3flat[i] }
        emb = gru(emb, frames: frames, state: &state.encoder)
        var lsnr = [Float](repeating: 0, count: frames)
        emb.withUnsafeBufferPointer { ev in
            for t in 0..<frames {
                let s = VectorMath.dot(ev.baseAddress! + t * 512, lsnrWeight, 512) + lsnrBias
                lsnr[t] = VectorMath.sigmoid(s) * lsnrRange + lsnrMin
            }
        }
        return Output(e0: e0, e1: e1, e2: e2, e3: e3, c0: c0, emb: emb, lsnr: lsnr)
    }
}
