import DXAudio
import DXSignal

/// A take read in blocks at a given rate (resampled on the way when its own rate differs),
/// one array per channel: the stretcher's input, read once to study and once to process
/// without holding the whole take.
final class TakeBlocks {
    let path: String
    let rate: Int
    let channels: Int
    let blockFrames: Int
    /// The take's length at `rate`.
    let frames: Int

    init(path: String, rate: Int, blockFrames: Int) throws {
        let reader = try AudioReader(path: path)
        self.path = path
        self.rate = rate
        self.channels = reader.format.channels
        self.blockFrames = blockFrames
        let own = Int(reader.frameCount)
        frames = reader.format.sampleRate == rate
            ? own : Resampler.outputCount(forInput: own, from: reader.format.sampleRate, to: rate)
    }

    /// Calls `body` with consecutive blocks (channels, frames) covering the whole take.
    func eachBlock(_ body: ([[Float]], Int) throws -> Void) throws {
        let reader = try AudioReader(path: path)
        let resampler = reader.format.sampleRate == rate
            ? nil : try Resampler(from: reader.format.sampleRate, to: rate, channels: channels)
        var interleaved = [Float](repeating: 0, count: blockFrames * channels)
        var pending: [Float] = []
        var delivered = 0
        func deliver(_ samples: [Float]) throws {
            var start = 0
            while start < samples.count {
                let n = min(blockFrames, (samples.count - start) / channels, frames - delivered)
                guard n > 0 else { return }
                try body(Self.split(samples, from: start, frames: n, channels: channels), n)
                delivered += n
                start += n * channels
            }
        }
        while true {
            let got = try interleaved.withUnsafeMutableBufferPointer { try reader.read(into: $0, frames: blockFrames) }
            if got == 0 { break }
            let block = Array(interleaved[0..<(got * channels)])
            if let resampler { pending = try resampler.process(block) } else { pending = block }
            try deliver(pending)
        }
        if let resampler { try deliver(try resampler.finish()) }
    }

    /// De-interleaves `frames` frames starting at sample `start`.
    static func split(_ x: [Float], from start: Int, frames: Int, channels: Int) -> [[Float]] {
        if channels == 1 { return [Array(x[start..<(start + frames)])] }
        var out = [[Float]](repeating: [Float](repeating: 0, count: frames), count: channels)
        for c in 0..<channels {
            out[c].withUnsafeMutableBufferPointer { o in
                for i in 0..<frames { o[i] = x[start + i * channels + c] }
            }
        }
        return out
    }
}
