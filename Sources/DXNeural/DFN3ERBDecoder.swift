/// DeepFilterNet3's ERB decoder (`erb_dec.onnx`, GRAPH.md "erb_dec"): two GRUs on the
/// embedding, then a U-Net-like path back up the encoder's ERB maps (1×1 depthwise skips added,
/// transposed convs doubling the bands) to a sigmoid gain per ERB band.
public struct DFN3ERBDecoder: Sendable {
    let gru: GroupedGRU
    let conv3p, conv2p, conv1p, conv0p: Conv2D
    let convt3dw, convt3pw, convt2pw, convt1pw, conv0Out: Conv2D
    let convt2, convt1: DepthwiseConvTranspose

    public init(_ w: DFN3Weights) throws {
        gru = try GroupedGRU(w, prefix: "erb_dec.emb_gru", layers: 2, output: true)
        conv3p = try w.conv("erb_dec.conv3p", inChannels: 64, groups: 64, bias: true)
        conv2p = try w.conv("erb_dec.conv2p", inChannels: 64, groups: 64, bias: true)
        conv1p = try w.conv("erb_dec.conv1p", inChannels: 64, groups: 64, bias: true)
        conv0p = try w.conv("erb_dec.conv0p", inChannels: 64, groups: 64, bias: true)
        convt3dw = try w.conv("erb_dec.convt3.dw", inChannels: 64, groups: 64, bias: false)
        convt3pw = try w.conv("erb_dec.convt3.pw", inChannels: 64, groups: 1, bias: true)
        let t2 = try w.tensor("erb_dec.convt2.ct.weight"), t1 = try w.tensor("erb_dec.convt1.ct.weight")
        convt2 = try DepthwiseConvTranspose(weight: t2.values, shape: t2.shape)
        convt1 = try DepthwiseConvTranspose(weight: t1.values, shape: t1.shape)
        convt2pw = try w.conv("erb_dec.convt2.pw", inChannels: 64, groups: 1, bias: true)
        convt1pw = try w.conv("erb_dec.convt1.pw", inChannels: 64, groups: 1, bias: true)
        conv0Out = try w.conv("erb_dec.conv0_out", inChannels: 64, groups: 1, bias: true)
    }

    /// Returns the ERB gains `[T, 32]` (row-major), each in 0…1.
    public func callAsFunction(_ enc: DFN3Encoder.Output, state: inout DFN3StreamState) -> [Float] {
        let frames = enc.e3.frames
        let x = gru(enc.emb, frames: frames, state: &state.erbDecoder)
        var y = FeatureMap.unflattening(x, frames: frames, bins: 8, channels: 64)
        func skip(_ conv: Conv2D, _ e: FeatureMap, _ y: inout FeatureMap) {
            var s = conv(e)
            s.relu()
            y.add(s)
        }
        skip(conv3p, enc.e3, &y)
        y = convt3pw(convt3dw(y))
        y.relu()
        skip(conv2p, enc.e2, &y)
        y = convt2pw(convt2(y))
        y.relu()
        skip(conv1p, enc.e1, &y)
        y = convt1pw(convt1(y))
        y.relu()
        skip(conv0p, enc.e0, &y)
        var m = conv0Out(y).values  // [1, T, 32] is already [T, 32] row-major
        VectorMath.sigmoid(&m)
        return m
    }
}
