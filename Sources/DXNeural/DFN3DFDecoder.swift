/// DeepFilterNet3's deep-filter decoder (`df_dec.onnx`, GRAPH.md "df_dec"): two GRUs on the
/// embedding plus a grouped-linear skip give 5 complex taps for each of the lowest 96 bins,
/// added to a causal 5-frame convolution of the encoder's first DF map.
public struct DFN3DFDecoder: Sendable {
    let skip, out: GroupedLinear
    let gru: GroupedGRU
    let convpDw, convpPw: Conv2D
    /// Coefficients per frame: 96 bins × 5 taps × (re, im).
    public static let coefsPerFrame = 960

    public init(_ w: DFN3Weights) throws {
        gru = try GroupedGRU(w, prefix: "df_dec.df_gru", layers: 2, output: false)
        skip = try w.linear("df_dec.df_skip")
        out = try w.linear("df_dec.df_out")
        convpDw = try w.conv("df_dec.df_convp.dw", inChannels: 64, groups: 2, bias: false)
        convpPw = try w.conv("df_dec.df_convp.pw", inChannels: 10, groups: 1, bias: true)
    }

    /// Returns `[T, 96, 10]` row-major; element `2·tap + part` of a bin (part 0 real, 1 imaginary).
    public func callAsFunction(_ enc: DFN3Encoder.Output, state: inout DFN3StreamState) -> [Float] {
        let frames = enc.c0.frames
        var x = gru(enc.emb, frames: frames, state: &state.dfDecoder)
        let s = skip(enc.emb, frames: frames)
        for i in x.indices { x[i] += s[i] }
        var coefs = out(x, frames: frames)
        VectorMath.tanh(&coefs)
        var p = convpPw(convpDw(enc.c0, history: &state.c0History))  // [10, T, 96]
        p.relu()
        let flat = p.frameFlattened()  // [T, 96·10], index f·10 + c: the same layout as coefs
        for i in coefs.indices { coefs[i] += flat[i] }
        return coefs
    }
}
