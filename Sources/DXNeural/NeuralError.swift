/// Errors raised by DXNeural. Each names the file or tensor at fault, so a broken or
/// mismatched weights install is diagnosed without a debugger.
public enum NeuralError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The weights directory could not be found (the message lists where it was looked for).
    case weightsNotFound(String)
    /// weights.json or weights.bin cannot be read or does not describe the expected model.
    case badWeights(String)
    /// Network inputs with the wrong shape (frames, bins or channels).
    case badInput(String)

    public var description: String {
        switch self {
        case .weightsNotFound(let m): return "DeepFilterNet3 weights not found: \(m)"
        case .badWeights(let m): return "DeepFilterNet3 weights: \(m)"
        case .badInput(let m): return "DeepFilterNet3 input: \(m)"
        }
    }
}
