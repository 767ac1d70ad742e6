import DXAudio

/// Reads stretches of a guide's DC-free samples for the waveform refinement: from memory when
/// the guide was given as samples, else from its file (one handle, opened on first use, per
/// aligner task).
final class GuideWindows {
    private let guide: GuideAnalysis
    private var reader: AudioReader?
    /// Raw PCM bytes read back (reused from span to span).
    private var bytes: [UInt8] = []

    init(_ guide: GuideAnalysis) { self.guide = guide }

    /// Samples `range` of `channel`, clipped to the guide; `base` is the first one's frame.
    func span(_ range: Range<Int>, channel: Int) throws -> GuideSpan {
        let lo = max(0, range.lowerBound), hi = min(guide.frameCount, range.upperBound)
        guard lo < hi else { return GuideSpan(base: lo, samples: [], total: guide.frameCount) }
        switch guide.audio {
        case .memory(let channels):
            return GuideSpan(base: lo, samples: Array(channels[channel][lo..<hi]), total: guide.frameCount)
        case .file(let path, let means):
            if reader == nil {
                let r = try AudioReader(path: path)
                guard Int(r.frameCount) == guide.frameCount, r.format.channels == guide.channelCount else {
                    throw AlignError.guideChanged(path)
                }
                reader = r
            }
            let r = reader!
            try r.seek(toFrame: Int64(lo))
            let count = hi - lo, channels = guide.channelCount
            let m = means[channel]
            if let raw = PCMDecoding(r.format) {
                // 16/24-bit PCM decoded here (bit for bit libsndfile's floats, at a fraction of its
                // cost), straight into the span (no zero-filled array first).
                if try raw.read(count, channels: channels, from: r, into: &bytes) < count { throw AlignError.guideChanged(path) }
                let samples = bytes.withUnsafeBufferPointer { b in
                    [Float](unsafeUninitializedCapacity: count) { out, done in
                        raw.decodeVector(b, frames: count, channel: channel, channels: channels, into: out.baseAddress!)
                        for i in 0..<count { out[i] -= m }
                        done = count
                    }
                }
                return GuideSpan(base: lo, samples: samples, total: guide.frameCount)
            }
            var samples = [Float](repeating: 0, count: count)
            var interleaved = [Float](repeating: 0, count: count * channels)
            var done = 0
            try interleaved.withUnsafeMutableBufferPointer { all in
                while done < count {
                    let got = try r.read(into: UnsafeMutableBufferPointer(rebasing: all[(done * channels)...]),
                                         frames: count - done)
                    if got == 0 { throw AlignError.guideChanged(path) }
                    done += got
                }
            }
            for i in 0..<count { samples[i] = interleaved[i * channels + channel] - m }
            return GuideSpan(base: lo, samples: samples, total: guide.frameCount)
        }
    }
}
