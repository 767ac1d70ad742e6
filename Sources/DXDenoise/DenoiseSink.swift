import DXAudio
import DXSignal
import Glibc

/// Every method's reading and writing: planar blocks in, processed samples queued per channel,
/// written interleaved with the delta (input − output) and the level figures of the report.
final class DenoiseSink {
    let wet: [SampleFIFO]
    private let dry: [SampleFIFO]
    private let writer: AudioWriter
    private let deltaWriter: AudioWriter?
    private let channels: Int
    private var levelsIn: LevelHistogram
    private var levelsOut: LevelHistogram
    private var peakIn: Float = 0, peakOut: Float = 0
    private var framesWritten: Int64 = 0
    private let warnings: [String]

    init(reader: AudioReader, output: String, delta: String?, toolName: String) throws {
        let format = reader.format
        channels = format.channels
        writer = try AudioWriter(path: output, like: reader) { _, metadata in
            if let bext = metadata.bext {
                metadata.bext = bext.appendingCodingHistory(
                    BroadcastExtension.codingHistoryLine(for: FileDenoiser.outputFormat(format), tool: toolName))
            }
        }
        deltaWriter = try delta.map { (path) throws(AudioError) in try AudioWriter(path: path, like: reader) }
        wet = (0..<channels).map { _ in SampleFIFO() }
        dry = (0..<channels).map { _ in SampleFIFO() }
        let levelBlock = max(Int(0.05 * Double(format.sampleRate)), 64)
        levelsIn = LevelHistogram(blockSize: levelBlock)
        levelsOut = LevelHistogram(blockSize: levelBlock)
        var w = reader.warnings
        if format.sampleFormat == .pcm8 { w.append("\(reader.path): 8-bit input; output written as 16-bit PCM") }
        warnings = w
    }

    /// The next block, planar (nil at the end); the dry copy is kept for the delta.
    func read(_ reader: AudioReader, frames: Int) throws -> [[Float]]? {
        var interleaved = [Float](repeating: 0, count: frames * channels)
        let n = try interleaved.withUnsafeMutableBufferPointer { try reader.read(into: $0, frames: frames) }
        guard n > 0 else { return nil }
        interleaved.withUnsafeBufferPointer { buf in
            let b = UnsafeBufferPointer(rebasing: buf[0..<n * channels])
            levelsIn.addInterleaved(b, frames: n, channels: channels)
            peakIn = max(peakIn, VectorOps.peakMagnitude(b.baseAddress!, n * channels))
        }
        let planar = (0..<channels).map { c in (0..<n).map { interleaved[$0 * channels + c] } }
        if deltaWriter != nil { for c in 0..<channels { dry[c].appendArray(planar[c]) } }
        return planar
    }

    /// Writes what every channel has ready, at most up to frame `limit`.
    func flush(limit: Int64) throws {
        let m = Int(min(Int64(wet.map(\.count).min() ?? 0), limit - framesWritten))
        guard m > 0 else { return }
        var out = [Float](repeating: 0, count: m * channels)
        var removed = [Float](repeating: 0, count: deltaWriter == nil ? 0 : m * channels)
        for c in 0..<channels {
            let y = wet[c].head
            for i in 0..<m { out[i * channels + c] = y[i] }
            if deltaWriter != nil {
                let d = dry[c].head
                for i in 0..<m { removed[i * channels + c] = d[i] - y[i] }
                dry[c].consume(m)
            }
            wet[c].consume(m)
        }
        try out.withUnsafeBufferPointer { buf in
            peakOut = max(peakOut, VectorOps.peakMagnitude(buf.baseAddress!, m * channels))
            levelsOut.addInterleaved(buf, frames: m, channels: channels)
            try writer.write(interleaved: buf, frames: m)
        }
        try removed.withUnsafeBufferPointer { try deltaWriter?.write(interleaved: $0, frames: m) }
        framesWritten += Int64(m)
    }

    func finish() throws {
        try writer.finish()
        try deltaWriter?.finish()
    }

    /// The report's file and level fields (method, noise source, hum and amount are filled in by the caller).
    func report(input: String, output: String, delta: String?, format: AudioFormat, frames: Int64) -> DenoiseReport {
        func dB(_ x: Float) -> Double? { x > 0 ? 20 * log10(Double(x)) : nil }
        let noHum = DenoiseReport.Hum(found: false, fundamentalHz: nil, finalFundamentalHz: nil, harmonics: 0,
                                      removedLevelDBFS: nil)
        return DenoiseReport(input: input, output: output, delta: delta, sampleRate: format.sampleRate,
                             channels: channels, frames: frames, noiseSource: "",
                             amountDB: 0, appliedAmountDB: 0, backgroundModulation: nil,
                             noiseFloorBeforeDBFS: levelsIn.percentile(0.1),
                             noiseFloorAfterDBFS: levelsOut.percentile(0.1),
                             peakBeforeDBFS: dB(peakIn), peakAfterDBFS: dB(peakOut), hum: noHum,
                             warnings: warnings)
    }
}
