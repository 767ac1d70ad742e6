import Glibc

/// Short-term levels of a stream (50 ms blocks, all channels) in a fixed histogram, so the
/// noise floor (a low percentile of block levels) is measured on files of any length in
/// constant memory.
struct LevelHistogram {
    private static let lowest = -160.0, step = 0.1
    private var counts = [Int](repeating: 0, count: 1701)
    private var blockEnergy = 0.0
    private var blockFill = 0
    private let blockSize: Int
    private var total = 0

    init(blockSize: Int) { self.blockSize = max(blockSize, 1) }

    /// Adds `frames` interleaved frames of `channels` samples.
    mutating func addFrames(_ buf: UnsafeBufferPointer<Float>, frames: Int, channels: Int) {
        guard frames > 0, let base = buf.baseAddress else { return }
        var i = 0
        while i < frames {
            let take = min(blockSize - blockFill, frames - i)
            blockEnergy += Double(VectorOps.sumOfSquares(base + i * channels, take * channels))
            blockFill += take
            i += take
            if blockFill == blockSize { close(channels: channels) }
        }
    }

    private mutating func close(channels: Int) {
        let mean = blockEnergy / Double(blockFill * max(channels, 1))
        let db = 10 * log10(max(mean, 1e-30))
        let k = Int(((db - Self.lowest) / Self.step).rounded())
        counts[min(max(k, 0), counts.count - 1)] += 1
        total += 1
        blockEnergy = 0
        blockFill = 0
    }

    /// The level (dBFS RMS) below which `fraction` of the blocks lie; nil when nothing but
    /// digital silence (or nothing) was seen.
    func percentile(_ fraction: Double) -> Double? {
        guard total > 0 else { return nil }
        let target = max(1, Int((Double(total) * fraction).rounded(.up)))
        var seen = 0
        for (k, n) in counts.enumerated() {
            seen += n
            if seen >= target {
                return k == 0 ? nil : Self.lowest + Double(k) * Self.step
            }
        }
        return nil
    }
}
