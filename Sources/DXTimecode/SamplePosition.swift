/// Frame ↔ audio sample conversions, exact for any rate and sample rate.
///
/// Frame N occupies the samples from ⌈N·s⌉ to ⌈(N+1)·s⌉ (exclusive), where
/// s = sampleRate · den / num is the (possibly fractional) samples per frame. So the
/// sample of a frame's start maps back to that frame, and every sample belongs to
/// exactly one frame, at 29.97 and 48 kHz (1601.6 samples per frame) as at 24.
extension Timecode {
    /// The first sample at or after this frame's start, at `sampleRate` Hz.
    public func samplePosition(sampleRate: Int) -> Int64 {
        FrameRate.samples(forFrames: frames, rate: rate, sampleRate: sampleRate)
    }

    /// The frame that contains sample `position` (e.g. a BWF TimeReference).
    public init(samplePosition position: Int64, sampleRate: Int, rate: FrameRate) {
        let num = Int64(rate.numerator)
        let den = Int64(rate.denominator) * Int64(sampleRate)
        self.init(frames: floorDiv(position * num, den), rate: rate)
    }

    /// Whether the frame starts exactly on a sample (no fractional remainder).
    public func isSampleAligned(sampleRate: Int) -> Bool {
        (frames * Int64(rate.denominator) * Int64(sampleRate)) % Int64(rate.numerator) == 0
    }

    /// This instant at another frame rate: the frame of the new rate that contains it.
    public func converted(to other: FrameRate) -> Timecode {
        let n = frames * Int64(rate.denominator) * Int64(other.numerator)
        let d = Int64(rate.numerator) * Int64(other.denominator)
        return Timecode(frames: floorDiv(n, d), rate: other)
    }
}

extension FrameRate {
    /// ⌈frames · sampleRate · den / num⌉: samples from 0 to the start of `frames`.
    public static func samples(forFrames frames: Int64, rate: FrameRate, sampleRate: Int) -> Int64 {
        let n = frames * Int64(rate.denominator) * Int64(sampleRate)
        return -floorDiv(-n, Int64(rate.numerator))
    }
}

/// Floor division for a positive divisor.

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
