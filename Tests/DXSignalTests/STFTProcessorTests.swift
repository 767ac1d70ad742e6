import Testing
@testable import DXSignal

@Suite("STFT processor")
struct STFTProcessorTests {
    @Test("identity processing returns the input exactly as long, per channel, in any block sizes")
    func identity() throws {
        let config = try STFTConfiguration(frameSize: 2048, hop: 512)
        let count = 33_333
        let inputs = (0..<3).map { TestSignals.noise(count, seed: 500 + UInt64($0)) }
        let processor = STFTProcessor(configuration: config, channels: 3)
        var outputs = Array(repeating: [Float](), count: 3)
        var offset = 0, block = 100
        var frameIndices: [Int] = []
        while offset < count {
            let end = min(count, offset + block)
            let out = processor.process(inputs.map { Array($0[offset..<end]) }) { frameIndices.append($0.index) }
            #expect(out.allSatisfy { $0.count == out[0].count })
            for c in 0..<3 { outputs[c] += out[c] }
            offset = end
            block += 997
        }
        let tail = processor.finish { frameIndices.append($0.index) }
        for c in 0..<3 { outputs[c] += tail[c] }
        #expect(frameIndices == Array(0..<config.frameCount(forSamples: count)))
        for c in 0..<3 {
            #expect(outputs[c].count == count)
            #expect(zip(outputs[c], inputs[c]).map { abs($0 - $1) }.max()! < 1e-5)
        }
    }

    @Test("a linked gain applied to every channel scales every channel")
    func linkedGain() throws {
        let config = try STFTConfiguration(frameSize: 1024, hop: 256)
        let inputs = (0..<2).map { TestSignals.noise(10_000, seed: 600 + UInt64($0)) }
        let processor = STFTProcessor(configuration: config, channels: 2)
        func halve(_ frames: STFTFrameSet) {
            for c in 0..<frames.channelCount {
                let s = frames[c]
                for k in s.indices { s[k] = s[k] * 0.5 }
            }
        }
        var outputs = processor.process(inputs, modify: halve)
        let tail = processor.finish(modify: halve)
        for c in 0..<2 { outputs[c] += tail[c] }
        for c in 0..<2 {
            #expect(outputs[c].count == 10_000)
            #expect(zip(outputs[c], inputs[c]).map { abs($0 - 0.5 * $1) }.max()! < 1e-5)
        }
    }
}
