/// The recurrent core shared by all three networks: a grouped linear layer that squeezes the
/// 512-wide embedding to the GRU width (ReLU), one or two GRU layers of 256, and optionally a
/// grouped linear layer back up to 512 (ReLU). Encoder: 1 GRU with the output layer; ERB
/// decoder: 2 GRUs with it; DF decoder: 2 GRUs without (GRAPH.md).
public struct GroupedGRU: Sendable {
    let linearIn: GroupedLinear
    let layers: [GRULayer]
    let linearOut: GroupedLinear?

    /// Loads `<prefix>.linear_in`, `<prefix>.gru0` … and, if `output`, `<prefix>.linear_out`.
    init(_ w: DFN3Weights, prefix: String, layers: Int, output: Bool) throws {
        linearIn = try w.linear("\(prefix).linear_in")
        self.layers = try (0..<layers).map { try w.gru("\(prefix).gru\($0)") }
        linearOut = output ? try w.linear("\(prefix).linear_out") : nil
    }

    /// Hidden vectors of zeros, one per GRU layer: the state at the start of a file.
    public func initialState() -> [[Float]] { layers.map { [Float](repeating: 0, count: $0.hiddenSize) } }

    /// `[frames, 512]` → `[frames, 512]` (with the output layer) or `[frames, 256]`; `state` is
    /// advanced to the last frame so blocks of frames can follow one another.
    public func callAsFunction(_ x: [Float], frames: Int, state: inout [[Float]]) -> [Float] {
        var y = linearIn(x, frames: frames)
        for i in y.indices { y[i] = max(y[i], 0) }
        for (l, gru) in layers.enumerated() { y = gru(y, frames: frames, state: &state[l]) }
        if let linearOut {
            y = linearOut(y, frames: frames)
            for i in y.indices { y[i] = max(y[i], 0) }
        }
        return y
    }
}
