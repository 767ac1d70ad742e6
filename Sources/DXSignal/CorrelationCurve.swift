/// A correlation as a function of an integer lag.
///
/// Lag convention, everywhere in DXSignal: the value at lag `l` is
/// `Σᵢ template[i] · signal[l + i]` (the signal taken as zero outside its samples), so a
/// template that occurs in the signal starting at signal sample `l` peaks at lag `l`. Lags are
/// integers (sample offsets); sub-sample refinements are a separate `fraction`.
public struct CorrelationCurve: Sendable {
    /// The lag of `values[0]`.
    public let firstLag: Int
    /// One value per lag, `firstLag`, `firstLag + 1`, ….
    public var values: [Float]

    public init(firstLag: Int, values: [Float]) {
        self.firstLag = firstLag
        self.values = values
    }

    /// The lags covered: `firstLag ..< firstLag + values.count`.
    public var lags: Range<Int> { firstLag..<(firstLag + values.count) }

    /// The value at `lag` (`lags` must contain it).
    public subscript(lag lag: Int) -> Float { values[lag - firstLag] }

    /// The highest value (or highest |value| with `magnitude: true`, for polarity-blind search)
    /// among `lags ∩ range`, refined by parabolic interpolation. `nil` when the range is empty.
    public func peak(magnitude: Bool = false, in range: Range<Int>? = nil) -> CorrelationPeak? {
        let window = range.map { $0.clamped(to: lags) } ?? lags
        guard !window.isEmpty else { return nil }
        var best = window.lowerBound - firstLag
        var bestScore = -Float.infinity
        for i in (window.lowerBound - firstLag)..<(window.upperBound - firstLag) {
            let score = magnitude ? abs(values[i]) : values[i]
            if score > bestScore {
                bestScore = score
                best = i
            }
        }
        return makePeak(at: best, magnitude: magnitude)
    }

    /// Up to `count` peaks in decreasing order, each the maximum of the curve outside
    /// `±minimumSeparation` lags of the peaks already chosen (top-K candidates for an
    /// ambiguity check: a repeated line gives a runner-up close to the peak).
    public func peaks(count: Int, minimumSeparation: Int, magnitude: Bool = false) -> [CorrelationPeak] {
        precondition(minimumSeparation >= 0)
        var chosen: [CorrelationPeak] = []
        // K linear scans (K is small), each skipping lags near the peaks already chosen.
        while chosen.count < count {
            var best = -1
            var bestScore = -Float.infinity
            for i in values.indices {
                let score = magnitude ? abs(values[i]) : values[i]
                guard score > bestScore else { continue }
                let lag = firstLag + i
                if chosen.allSatisfy({ abs($0.lag - lag) > minimumSeparation }) {
                    best = i
                    bestScore = score
                }
            }
            guard best >= 0 else { break }
            chosen.append(makePeak(at: best, magnitude: magnitude))
        }
        return chosen
    }

    private func makePeak(at index: Int, magnitude: Bool) -> CorrelationPeak {
        func score(_ i: Int) -> Float { magnitude ? abs(values[i]) : values[i] }
        var fraction = 0.0
        if index > 0 && index + 1 < values.count {
            fraction = Peak.parabolicOffset(score(index - 1), score(index), score(index + 1))
        }
        return CorrelationPeak(lag: firstLag + index, fraction: fraction, value: values[index])
    }
}

/// A correlation maximum: an integer lag, its sub-sample refinement, and the (signed) value.
public struct CorrelationPeak: Sendable, Hashable {
    /// The lag of the largest sample of the curve.
    public let lag: Int
    /// Parabolic refinement, in −0.5…0.5 samples: the peak is at `lag + fraction`.
    public let fraction: Double
    /// The curve's value at `lag`; negative for a polarity-inverted match found by magnitude.
    public let value: Float

    /// True when the match is polarity-inverted (the peak value is negative).
    public var isInverted: Bool { value < 0 }
    /// `lag + fraction`, for reporting only (keep `lag` for sample arithmetic).
    public var refinedLag: Double { Double(lag) + fraction }
}

/// Peak interpolation.
public enum Peak {
    /// The vertex offset of the parabola through (−1, a), (0, b), (1, c), clamped to
    /// −0.5…0.5; 0 when the three points are not a strict local maximum shape.
    public static func parabolicOffset(_ a: Float, _ b: Float, _ c: Float) -> Double {
        let a = Double(a), b = Double(b), c = Double(c)
        let denominator = a - 2 * b + c
        guard denominator < 0 else { return 0 }
        let offset = 0.5 * (a - c) / denominator
        return min(0.5, max(-0.5, offset))
    }
}
