import DXTimecode

extension BroadcastExtension {
    /// The timecode of the file's first sample at `rate`: the frame containing sample
    /// `timeReference` (so a TimeReference between frames reads as the frame it falls
    /// in). Nil when `timeReference` is beyond any real clock (≥ 2^40 samples, over
    /// 60 days at 192 kHz), which only a damaged header holds.
    public func startTimecode(rate: FrameRate, sampleRate: Int) -> Timecode? {
        guard timeReference < 1 << 40, sampleRate > 0 else { return nil }
        return Timecode(samplePosition: Int64(timeReference), sampleRate: sampleRate, rate: rate)
    }

    /// A copy whose TimeReference is the first sample of `timecode`'s frame.
    public func starting(at timecode: Timecode, sampleRate: Int) -> BroadcastExtension {
        var copy = self
        copy.timeReference = UInt64(max(0, timecode.samplePosition(sampleRate: sampleRate)))
        return copy
    }
}
