import Foundation
import Testing
import TestSupport
@testable import DXAudio

@Suite("Plain PCM WAV read by DXAudio itself")
struct PlainWAVTests {
    @Test("a 16/24-bit WAV is read without libsndfile, sample for sample", arguments: [
        (SampleFormat.pcm16, 1), (.pcm16, 2), (.pcm24, 1), (.pcm24, 2),
    ])
    func plainReadsExactly(format: SampleFormat, channels: Int) throws {
        let dir = try TempDir()
        let path = dir.path("p.wav")
        let frames = 5003
        let samples = pcmSamples(bits: format.bitsPerSample, count: frames * channels, seed: UInt64(format.bitsPerSample + channels))
        let fmt = AudioFormat(sampleRate: 48000, channels: channels, sampleFormat: format, container: .wav)
        try writeInt32File(path, fmt, samples)
        let scan = try #require(try RIFFScan.scan(path: path))
        let plain = try #require(PlainWAV(path: path, scan: scan))
        plain.closeFile()
        #expect(plain.format == fmt)
        #expect(plain.frameCount == Int64(frames))

        let (_, ints) = try readInt32File(path)
        #expect(firstDifference(ints, samples) == nil)
        let (buffer, readFormat, _) = try AudioFile.read(path)
        #expect(readFormat == fmt)
        #expect(firstDifference(buffer.interleaved(), samples.map { Float($0) / 2_147_483_648 }) == nil)

        // Raw bytes from a frame in the middle are the file's own, and stop at its end.
        let reader = try AudioReader(path: path)
        let frameBytes = channels * format.bitsPerSample / 8
        try reader.seek(toFrame: Int64(frames - 700))
        var raw = [UInt8](repeating: 0, count: 1000 * frameBytes)
        let got = try raw.withUnsafeMutableBytes { try reader.readRaw(into: $0, frames: 1000) }
        #expect(got == 700)
        let file = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let start = Int(try #require(scan.dataOffset)) + (frames - 700) * frameBytes
        #expect(Array(raw[0..<(700 * frameBytes)]) == Array(file[start..<(start + 700 * frameBytes)]))
    }

    @Test("a file with anything unusual is left to libsndfile and still read")
    func unusualFilesGoToLibsndfile() throws {
        let dir = try TempDir()
        let samples: [Int16] = (0..<400).map { Int16(truncatingIfNeeded: $0 &* 811) }
        let fmt = HandMadeWAV.fmt16(channels: 2, rate: 48000)
        var badRate = fmt
        badRate.replaceSubrange(8..<12, with: HandMadeWAV.le32(12345))
        let cases: [(String, HandMadeWAV, Int)] = [
            ("plain", HandMadeWAV(chunks: [("fmt ", fmt), ("data", pcm16Bytes(samples))]), 200),
            ("byte rate disagrees", HandMadeWAV(chunks: [("fmt ", badRate), ("data", pcm16Bytes(samples))]), 200),
            ("not whole frames", HandMadeWAV(chunks: [("fmt ", fmt), ("data", pcm16Bytes(samples) + [0, 0])]), 200),
        ]
        // A second data chunk: libsndfile refuses the file, and so does the reader.
        let twice = dir.path("twice.wav")
        try HandMadeWAV(chunks: [("fmt ", fmt), ("data", pcm16Bytes(samples)), ("data", pcm16Bytes(samples))]).write(to: twice)
        #expect(PlainWAV(path: twice, scan: try #require(try RIFFScan.scan(path: twice))) == nil)
        #expect(throws: AudioError.self) { _ = try AudioReader(path: twice) }
        for (name, wav, frames) in cases {
            let path = dir.path("\(name).wav")
            try wav.write(to: path)
            let scan = try #require(try RIFFScan.scan(path: path))
            let plain = PlainWAV(path: path, scan: scan)
            plain?.closeFile()
            #expect((plain != nil) == (name == "plain"), "\(name)")
            let reader = try AudioReader(path: path)
            #expect(reader.frameCount == Int64(frames), "\(name)")
            var back = [Int32](repeating: 0, count: frames * 2)
            let n = try back.withUnsafeMutableBufferPointer { try reader.readInt32(into: $0, frames: frames) }
            #expect(n == frames, "\(name)")
            #expect(firstDifference(back, samples.map { Int32($0) << 16 }) == nil, "\(name)")
        }
    }
}
