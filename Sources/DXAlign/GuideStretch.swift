#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DXAudio
import DXSignal

extension GuideStreaming {
    /// Frames `frames` of every channel (at the decimated rate), reading the file with a handle
    /// of its own, 256 frames at a time: each chunk reads the file samples its frames and the
    /// decimation filter need, decimates them (edges repeated at the file's ends, as the whole
    /// signal would be) and analyses its frames. Sums the samples in `owned` (each file sample
    /// is owned by one stretch).
    static func stretch(path: String, channels: Int, total: Int, frames: Range<Int>, owned: Range<Int>,
                        configuration c: LogMelConfiguration, decimator: Decimator,
                        filterbank: MelFilterbank, window: [Float],
                        windowSpectrum: [ComplexFloat]) throws -> Stretch {
        let n = c.windowLength, hop = c.hop, bands = c.bands
        let f = decimator.factor, half = decimator.halfLength
        let chunkFrames = 256
        // Frame-major band sums, written in place (eight frames at a time, `BandSumLanes`): every
        // frame's bands are written below, so the arrays are not zero-filled first.
        let sums = frames.count * bands
        var power = (0..<channels).map { _ in [Float](unsafeUninitializedCapacity: sums) { $1 = sums } }
        var cross = (0..<channels).map { _ in [Float](unsafeUninitializedCapacity: sums) { $1 = sums } }
        let bandSums = BandSumLanes(fftSize: c.fftSize, filterbank: filterbank, window: window,
                                    windowSpectrum: windowSpectrum)
        let capacity = ((chunkFrames - 1) * hop + n) * f + 2 * half + 1
        var samples = try StretchSamples(path: path, channels: channels, owned: owned, capacity: capacity)

        var t0 = frames.lowerBound
        while t0 < frames.upperBound {
            let t1 = min(frames.upperBound, t0 + chunkFrames)
            let d0 = t0 * hop, d1 = (t1 - 1) * hop + n            // decimated samples of these frames
            let r0 = max(0, d0 * f - half), r1 = min(total, (d1 - 1) * f + half + 1)
            try samples.read(r0..<r1)
            for ch in 0..<channels {
                let low = samples.buffers[ch].withUnsafeBufferPointer { buf in
                    decimator.decimate(UnsafeBufferPointer(rebasing: buf[0..<(r1 - r0)]), from: d0 * f - r0, count: d1 - d0)
                }
                low.withUnsafeBufferPointer { buf in
                    power[ch].withUnsafeMutableBufferPointer { pw in
                        cross[ch].withUnsafeMutableBufferPointer { cr in
                            var t = t0
                            while t < t1 {
                                let count = min(BandSumLanes.lanes, t1 - t)
                                let at = (t - frames.lowerBound) * bands
                                bandSums.analyse(buf.baseAddress! + (t - t0) * hop, hop: hop, count: count,
                                                 power: pw.baseAddress! + at, cross: cr.baseAddress! + at)
                                t += count
                            }
                        }
                    }
                }
            }
            t0 = t1
        }
        // Owned samples after the last frame's reach count in the mean too.
        while samples.summedTo < owned.upperBound {
            try samples.read(samples.summedTo..<min(owned.upperBound, samples.summedTo + capacity))
        }
        return Stretch(power: power, cross: cross, sums: samples.sums)
    }
}

/// A stretch's file samples, read a chunk at a time into one buffer per channel (16/24-bit
/// WAV decoded by `PCMDecoding`, other files through libsndfile), with the running sums of
/// the samples the stretch owns (each counted once, however the chunks overlap).
struct StretchSamples {
    private let reader: AudioReader
    private let channels: Int
    private let owned: Range<Int>
    private let raw: PCMDecoding?
    private var bytes: [UInt8] = []
    private var interleaved: [Float] = []
    /// Per channel, the last chunk read in `[0 ..< chunk count]`.
    private(set) var buffers: [[Float]]
    /// Per channel, the sum of the owned samples read so far.
    private(set) var sums: [Double]
    /// Owned samples before this one are summed.
    private(set) var summedTo: Int

    init(path: String, channels: Int, owned: Range<Int>, capacity: Int) throws {
        reader = try AudioReader(path: path)
        self.channels = channels
        self.owned = owned
        raw = PCMDecoding(reader.format)
        buffers = [[Float]](repeating: [Float](repeating: 0, count: capacity), count: channels)
        sums = [Double](repeating: 0, count: channels)
        summedTo = owned.lowerBound
    }

    /// Reads file samples `range` into `buffers[·][0 ..< range.count]`.
    mutating func read(_ range: Range<Int>) throws {
        try reader.seek(toFrame: Int64(range.lowerBound))
        let count = range.count
        let channels = channels
        if let raw {
            if try raw.read(count, channels: channels, from: reader, into: &bytes) < count { throw GuideStreaming.ShortRead() }
            bytes.withUnsafeBufferPointer { p in
                for ch in 0..<channels {
                    buffers[ch].withUnsafeMutableBufferPointer { buf in
                        raw.decodeVector(p, frames: count, channel: ch, channels: channels, into: buf.baseAddress!)
                    }
                }
            }
        } else {
            if interleaved.count < count * channels { interleaved = [Float](repeating: 0, count: count * channels) }
            var done = 0
            while done < count {
                let got = try interleaved.withUnsafeMutableBufferPointer { p in
                    try reader.read(into: UnsafeMutableBufferPointer(rebasing: p[(done * channels)...]),
                                    frames: count - done)
                }
                if got == 0 { throw GuideStreaming.ShortRead() }
                done += got
            }
            interleaved.withUnsafeBufferPointer { x in
                for ch in 0..<channels {
                    buffers[ch].withUnsafeMutableBufferPointer { buf in
                        for i in 0..<count { buf[i] = x[i * channels + ch] }
                    }
                }
            }
        }
        let lo = max(summedTo, range.lowerBound), hi = min(owned.upperBound, range.upperBound)
        if lo < hi {
            for ch in 0..<channels {
                buffers[ch].withUnsafeBufferPointer { buf in
                    sums[ch] += DCRemoval.sum(UnsafeBufferPointer(rebasing: buf[(lo - range.lowerBound)..<(hi - range.lowerBound)]))
                }
            }
            summedTo = hi
        }
    }
}
