extension AudioWriter {
    /// Copies up to `frames` frames from `reader`'s current position, bit-exact for
    /// PCM sources written at the same depth (the Int32 path). `sourceChannels`
    /// chooses and orders the source channels (0-based); nil copies all of them.
    /// Returns the frames copied (fewer only at the end of the source).
    @discardableResult
    public func copy(from reader: AudioReader, frames: Int64, sourceChannels: [Int]? = nil) throws(AudioError) -> Int64 {
        let inChannels = reader.format.channels
        let selection = sourceChannels ?? Array(0..<inChannels)
        guard selection.count == format.channels, selection.allSatisfy({ $0 >= 0 && $0 < inChannels }) else {
            throw AudioError(.unsupported, path: path,
                             "cannot copy channels \(selection) of \(reader.path) (\(inChannels) channels) into \(format.channels) channels")
        }
        let identity = selection == Array(0..<inChannels)
        if reader.format.sampleFormat == format.sampleFormat, reader.format.sampleFormat != .pcm8,
           reader.format.container.carriesBroadcastChunks, format.container.carriesBroadcastChunks {
            return try copyBytes(from: reader, frames: frames, selection: identity ? nil : selection)
        }
        let block = 1 << 14
        var input = [Int32](repeating: 0, count: block * inChannels)
        var output = identity ? [] : [Int32](repeating: 0, count: block * selection.count)
        var left = frames
        var copied: Int64 = 0
        while left > 0 {
            let want = Int(min(Int64(block), left))
            let n = try input.withUnsafeMutableBufferPointer { (b) throws(AudioError) -> Int in
                try reader.readInt32(into: b, frames: want)
            }
            if n == 0 { break }
            if identity {
                try input.withUnsafeBufferPointer { (b) throws(AudioError) in try write(int32: b, frames: n) }
            } else {
                let outChannels = selection.count
                input.withUnsafeBufferPointer { src in
                    output.withUnsafeMutableBufferPointer { dst in
                        for f in 0..<n {
                            let s = f * inChannels, d = f * outChannels
                            for (j, c) in selection.enumerated() { dst[d + j] = src[s + c] }
                        }
                    }
                }
                try output.withUnsafeBufferPointer { (b) throws(AudioError) in try write(int32: b, frames: n) }
            }
            copied += Int64(n)
            left -= Int64(n)
        }
        return copied
    }

    /// WAV/RF64 to WAV/RF64 at the same sample format: the data bytes are the same
    /// (little-endian either way), so they are moved as bytes, with no conversion.
    private func copyBytes(from reader: AudioReader, frames: Int64, selection: [Int]?) throws(AudioError) -> Int64 {
        let width = reader.format.sampleFormat.bitsPerSample / 8
        let inFrameBytes = reader.format.channels * width
        let outFrameBytes = format.channels * width
        let block = 1 << 14
        var input = [UInt8](repeating: 0, count: block * inFrameBytes)
        var output = selection == nil ? [] : [UInt8](repeating: 0, count: block * outFrameBytes)
        var left = frames
        var copied: Int64 = 0
        while left > 0 {
            let want = Int(min(Int64(block), left))
            let n = try input.withUnsafeMutableBufferPointer { (b) throws(AudioError) -> Int in
                try reader.readRaw(into: UnsafeMutableRawBufferPointer(b), frames: want)
            }
            if n == 0 { break }
            if let selection {
                input.withUnsafeBytes { src in
                    output.withUnsafeMutableBytes { dst in
                        for f in 0..<n {
                            let s = f * inFrameBytes, d = f * outFrameBytes
                            for (j, c) in selection.enumerated() {
                                for k in 0..<width { dst[d + j * width + k] = src[s + c * width + k] }
                            }
                        }
                    }
                }
                try output.withUnsafeBufferPointer { (b) throws(AudioError) in try writeRaw(UnsafeRawBufferPointer(b), frames: n) }
            } else {
                try input.withUnsafeBufferPointer { (b) throws(AudioError) in try writeRaw(UnsafeRawBufferPointer(b), frames: n) }
            }
            copied += Int64(n)
            left -= Int64(n)
        }
        return copied
    }
}
