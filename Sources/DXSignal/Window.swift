import Glibc

/// Analysis/synthesis window shapes.
public enum WindowShape: Sendable, Hashable {
    /// All ones.
    case rectangular
    /// Hann, `0.5 − 0.5·cos(2πn/N)`. Sums to a constant at hop N/2, N/4, … (periodic form).
    case hann
    /// √Hann: the usual analysis *and* synthesis window for STFT processing (their product is
    /// Hann, so overlap-add reconstructs at hop N/2, N/4, …).
    case sqrtHann
    /// Hamming, `0.54 − 0.46·cos(2πn/N)`.
    case hamming
    /// Blackman, `0.42 − 0.5·cos(2πn/N) + 0.08·cos(4πn/N)`.
    case blackman
}

/// Window tables.
public enum Window {
    /// `count` window values. `periodic: true` (the default, right for STFT) uses period
    /// `count` (the DFT-even form, as `scipy.signal.get_window`); `false` gives the symmetric
    /// form with period `count − 1` (filter design).
    public static func make(_ shape: WindowShape, count: Int, periodic: Bool = true) -> [Float] {
        precondition(count >= 1, "window length must be positive")
        if count == 1 { return [1] }
        let period = Double(periodic ? count : count - 1)
        return (0..<count).map { n in
            let phase = 2 * Double.pi * Double(n) / period
            let value: Double
            switch shape {
            case .rectangular: value = 1
            case .hann: value = 0.5 - 0.5 * cos(phase)
            case .sqrtHann: value = (0.5 - 0.5 * cos(phase)).squareRoot()
            case .hamming: value = 0.54 - 0.46 * cos(phase)
            case .blackman: value = 0.42 - 0.5 * cos(phase) + 0.08 * cos(2 * phase)
            }
            return Float(value)
        }
    }
}
