import Foundation
import Testing
@testable import DXSignal

@Suite("Mel features")
struct MelTests {
    @Test("HTK filterbank: centres and every weight equal the textbook triangle formula")
    func htkAgainstFormula() throws {
        let sr = 16_000.0, n = 512, bands = 40, lo = 80.0, hi = 7_000.0
        let bank = try MelFilterbank(sampleRate: sr, fftSize: n, bands: bands, fmin: lo, fmax: hi,
                                     scale: .htk, normalization: .none)
        // Independent reference: mel = 2595 log10(1 + f/700), edges evenly spaced in mel.
        func mel(_ f: Double) -> Double { 2595 * log10(1 + f / 700) }
        func hz(_ m: Double) -> Double { 700 * (pow(10, m / 2595) - 1) }
        let edges = (0...(bands + 1)).map { hz(mel(lo) + (mel(hi) - mel(lo)) * Double($0) / Double(bands + 1)) }
        let matrix = bank.denseMatrix()
        #expect(matrix.count == bands && matrix.allSatisfy { $0.count == n / 2 + 1 })
        var worst = 0.0
        for b in 0..<bands {
            #expect(abs(bank.centerFrequencies[b] - edges[b + 1]) < 1e-6 * edges[b + 1])
            for k in 0...(n / 2) {
                let f = Double(k) * sr / Double(n)
                let want = max(0, min((f - edges[b]) / (edges[b + 1] - edges[b]), (edges[b + 2] - f) / (edges[b + 2] - edges[b + 1])))
                worst = max(worst, abs(Double(matrix[b][k]) - want))
            }
        }
        #expect(worst < 1e-6)
        // Known value: HTK mel(1000 Hz) = 999.99 (the scale is built so).
        #expect(abs(MelScale.htk.mel(fromHz: 1_000) - 999.985) < 0.01)
    }

    @Test("Slaney scale: linear to 1 kHz, 27 mels per factor 6.4 above; area-normalised rows integrate to 1")
    func slaneyArea() throws {
        #expect(abs(MelScale.slaney.mel(fromHz: 1_000) - 15) < 1e-9)
        #expect(abs(MelScale.slaney.mel(fromHz: 6_400) - 42) < 1e-9)
        #expect(abs(MelScale.slaney.mel(fromHz: 500) - 7.5) < 1e-9)
        for f in [10.0, 999.0, 1_001.0, 7_777.0] {
            #expect(abs(MelScale.slaney.hz(fromMel: MelScale.slaney.mel(fromHz: f)) - f) < 1e-6)
        }
        let sr = 48_000.0, n = 2_048
        let bank = try MelFilterbank(sampleRate: sr, fftSize: n, bands: 64, fmin: 0, fmax: 20_000)
        let binHz = sr / Double(n)
        for (b, row) in bank.weights.enumerated() {
            // ∫ triangle × 2/width = 1; the sampled sum is within a bin's worth of that.
            let width = bank.centerFrequencies.indices.contains(b) ? row.count : 0
            guard width >= 8 else { continue }
            let area = Double(row.reduce(0, +)) * binHz
            #expect(abs(area - 1) < 0.05, "band \(b) area \(area)")
        }
        // White power spectrum → equal band energies (the purpose of area normalisation).
        let white = bank.apply(power: [Float](repeating: 1, count: bank.binCount))
        let wide = white.enumerated().filter { bank.weights[$0.offset].count >= 8 }.map { Double($0.element) * binHz }
        #expect(wide.allSatisfy { abs($0 - 1) < 0.05 })
    }

    @Test("log-mel of a 1 kHz tone: frame count, loudest band at 1 kHz, floor 50 dB under the peak")
    func logMelTone() throws {
        let extractor = try LogMelExtractor()
        let tone = TestSignals.sine(16_000, frequency: 1_000, rate: 16_000)
        let silence = [Float](repeating: 0, count: 8_000)
        let features = extractor.compute(tone + silence)
        #expect(features.frameCount == 1 + (24_000 - 512) / 160)
        #expect(features.bandCount == 40)
        let centres = extractor.filterbank.centerFrequencies
        let nearest = centres.indices.min { abs(centres[$0] - 1_000) < abs(centres[$1] - 1_000) }!
        let middle = features.frameCount / 4
        let loudest = (0..<40).max { features[middle, $0] < features[middle, $1] }!
        #expect(abs(loudest - nearest) <= 1)
        let peak = features.values.max()!
        let last = features.frameCount - 1
        #expect((0..<40).allSatisfy { features[last, $0] == peak - 50 })
        // A 0.5-amplitude sine's power in its band: (n·0.5/2 · Σw/n)² ≈ big; peak well above the floor.
        #expect(features.frameLevels[middle] == peak)
        let grouped = try features.summingBandGroups(8)
        #expect(grouped.bandCount == 8 && grouped.frameCount == features.frameCount)
        #expect(abs(grouped[middle, 0] - (0..<5).reduce(0) { $0 + features[middle, $1] }) < 1e-3)
        #expect(throws: SignalError.self) { try features.summingBandGroups(7) }
    }

    @Test("log-mel frame counts at the edges")
    func frameCounts() throws {
        let extractor = try LogMelExtractor()
        #expect(extractor.compute([]).frameCount == 0)
        #expect(extractor.compute([Float](repeating: 0.1, count: 100)).frameCount == 1)
        #expect(extractor.frameCount(forSamples: 512) == 1)
        #expect(extractor.frameCount(forSamples: 671) == 1)
        #expect(extractor.frameCount(forSamples: 672) == 2)
    }

    @Test("mel parameters out of range are refused")
    func refusals() {
        #expect(throws: SignalError.self) { try MelFilterbank(sampleRate: 16_000, fftSize: 512, bands: 40, fmin: 100, fmax: 9_000) }
        #expect(throws: SignalError.self) { try MelFilterbank(sampleRate: 16_000, fftSize: 512, bands: 0) }
        var config = LogMelConfiguration()
        config.fftSize = 256
        #expect(throws: SignalError.self) { try LogMelExtractor(configuration: config) }
    }

    @Test("four spectra's band sums side by side equal each spectrum's own, bit for bit")
    func laneSumsEqualSingleSums() throws {
        let bank = try MelFilterbank(sampleRate: 16_000, fftSize: 512, bands: 64, fmin: 50, fmax: 7_000)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Float {  // xorshift, scaled to [-1, 1)
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Float(Int64(bitPattern: state >> 11) - (1 << 52)) / Float(1 << 52)
        }
        for count in 1...4 {
            let spectra = (0..<count).map { _ in (0..<bank.binCount).map { _ in ComplexFloat(next() * 30, next()) } }
            var lanes = [SIMD4<Float>](repeating: SIMD4(repeating: .nan), count: bank.binCount)
            for (l, s) in spectra.enumerated() { for k in s.indices { lanes[k][l] = s[k].power } }
            var together = [Float](repeating: .nan, count: count * bank.bandCount)
            lanes.withUnsafeBufferPointer { p in
                together.withUnsafeMutableBufferPointer { bank.apply(lanes: p, count: count, into: $0.baseAddress!) }
            }
            for (l, s) in spectra.enumerated() {
                var alone = [Float](repeating: .nan, count: bank.bandCount)
                s.withUnsafeBufferPointer { sp in alone.withUnsafeMutableBufferPointer { bank.apply(spectrum: sp, into: $0) } }
                let mine = Array(together[(l * bank.bandCount)..<((l + 1) * bank.bandCount)])
                #expect(mine.map(\.bitPattern) == alone.map(\.bitPattern), "\(count) spectra, spectrum \(l)")
                #expect(alone.allSatisfy { $0 > 0 })
            }
        }
    }
}
