import Testing
@testable import DXSignal

@Suite("STFT")
struct STFTTests {
    static let configurations: [(Int, Int, WindowShape, WindowShape)] = [
        (2048, 256, .sqrtHann, .sqrtHann),
        (2048, 512, .sqrtHann, .sqrtHann),
        (2048, 1024, .sqrtHann, .sqrtHann),
        (2048, 512, .hann, .rectangular),
        (512, 128, .hann, .hann),
        (400, 160, .hamming, .hamming),
    ]

    @Test("ISTFT(STFT(noise)) reconstructs to < 1e-5", arguments: 0..<configurations.count)
    func reconstruction(index: Int) throws {
        let (size, hop, analysis, synthesis) = Self.configurations[index]
        let config = try STFTConfiguration(frameSize: size, hop: hop, analysisWindow: analysis, synthesisWindow: synthesis)
        let count = 48_000 + 123
        let x = TestSignals.noise(count, seed: UInt64(size * 31 + hop))
        let frames = STFT.analyze(x, configuration: config)
        #expect(frames.count == config.frameCount(forSamples: count))
        let y = STFT.synthesize(frames, configuration: config, count: count)
        #expect(y.count == count)
        let worst = zip(x, y).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-5, "max reconstruction error \(worst) for \(size)/\(hop)")
    }

    @Test("streaming in odd-sized blocks equals whole-signal processing, latency frameSize − hop")
    func streamingBlocks() throws {
        let config = try STFTConfiguration(frameSize: 2048, hop: 256)
        #expect(config.latency == 1792)
        let count = 20_000
        let x = TestSignals.noise(count, seed: 5)
        let analyzer = STFTAnalyzer(configuration: config)
        let synthesizer = STFTSynthesizer(configuration: config)
        var output: [Float] = []
        var offset = 0, block = 1
        while offset < count {
            let end = min(count, offset + block)
            analyzer.push(Array(x[offset..<end])) { frame in
                synthesizer.push(UnsafeBufferPointer(frame), appendingTo: &output)
            }
            // Every sample more than `latency` behind the input is already out.
            #expect(output.count >= end - config.latency - config.hop + 1)
            #expect(output.count <= max(0, end - config.latency))
            offset = end
            block = block * 3 + 7
        }
        analyzer.finish { synthesizer.push(UnsafeBufferPointer($0), appendingTo: &output) }
        #expect(output.count >= count)
        let worst = zip(x, output.prefix(count)).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-5)
    }

    @Test("a sine's STFT peaks at its bin in every interior frame")
    func sinePeak() throws {
        let config = try STFTConfiguration(frameSize: 2048, hop: 512, analysisWindow: .hann, synthesisWindow: .rectangular)
        let rate = 48_000.0, frequency = 1_500.0   // bin 64 exactly
        let x = TestSignals.sine(24_000, frequency: frequency, rate: rate)
        let frames = STFT.analyze(x, configuration: config)
        for frame in frames.dropFirst(4).dropLast(4) {
            let peak = frame.indices.max { frame[$0].power < frame[$1].power }!
            #expect(peak == 64)
        }
    }

    @Test("windows: periodic Hann overlap-adds to 1 at hop N/2; √Hann squared is Hann")
    func windows() {
        let hann = Window.make(.hann, count: 1024)
        #expect(hann[0] == 0 && abs(hann[512] - 1) < 1e-7)
        for i in 0..<512 { #expect(abs(hann[i] + hann[i + 512] - 1) < 1e-6) }
        let root = Window.make(.sqrtHann, count: 1024)
        #expect(zip(root, hann).allSatisfy { abs($0 * $0 - $1) < 1e-6 })
        let symmetric = Window.make(.hann, count: 9, periodic: false)
        #expect(symmetric[0] == 0 && symmetric[8] < 1e-7 && abs(symmetric[4] - 1) < 1e-7)
    }

    @Test("invalid configurations are refused")
    func invalidConfigurations() {
        #expect(throws: SignalError.self) { try STFTConfiguration(frameSize: 2047, hop: 256) }
        #expect(throws: SignalError.self) { try STFTConfiguration(frameSize: 2048, hop: 0) }
        #expect(throws: SignalError.self) { try STFTConfiguration(frameSize: 2048, hop: 4096) }
        // Periodic Hann analysis at hop = N has a zero at sample 0: nothing can undo it.
        #expect(throws: SignalError.self) {
            try STFTConfiguration(frameSize: 2048, hop: 2048, analysisWindow: .hann, synthesisWindow: .rectangular)
        }
    }

    @Test("empty input produces only flush frames and no output beyond zero samples")
    func emptyInput() throws {
        let config = try STFTConfiguration(frameSize: 1024, hop: 256)
        let frames = STFT.analyze([], configuration: config)
        #expect(frames.count == 3)
        #expect(STFT.synthesize(frames, configuration: config, count: 0).isEmpty)
    }
}
