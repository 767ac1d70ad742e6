import ArgumentParser
import DXAudio
import DXCLI
import DXTimecode

extension DXConform {
    /// Writes a copy of an audio file with production metadata (bext TimeReference,
    /// iXML scene/take/tape/track names), as a recorder would have: used by `make demo`
    /// to turn generated speech into production sound (hidden from help).
    struct TagBWF: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tag-bwf",
            abstract: "Copy an audio file with a TimeReference and iXML production fields.",
            shouldDisplay: false)

        @Option(name: .shortAndLong, help: "The new file (never the input).")
        var output: String

        @Option(name: .long, help: "Start timecode of the file (time of day).")
        var start: TimecodeArgument

        @Option(name: .long, help: "Frame rate of --start.")
        var fps: FrameRate = .fps25

        @Option var scene: String?
        @Option var take: String?
        @Option var tape: String?
        @Option var project: String?

        @Option(name: .long, help: "Track names, comma-separated, in channel order.")
        var tracks: TrackNames?

        @Flag var circled = false

        @Argument var input: String

        func run() throws {
            try runReporting {
                if FileIO.sameFile(input, output) { throw ToolError(.cannotCreate, "\(output): is the input file") }
                let tc = try start.timecode(at: fps, option: "--start")
                let r = try AudioReader(path: input)
                let names = tracks?.names ?? []
                let w = try AudioWriter(path: output, like: r) { format, meta in
                    meta.bext = BroadcastExtension(description: "sc \(scene ?? "-") tk \(take ?? "-")", originator: "dxkit demo",
                                                   timeReference: UInt64(tc.samplePosition(sampleRate: format.sampleRate)))
                    meta.ixml = IXMLMetadata(project: project, scene: scene, take: take, tape: tape, circled: circled,
                                             tracks: names.enumerated().map { IXMLTrack(channelIndex: $0.offset + 1, interleaveIndex: $0.offset + 1, name: $0.element) })
                }
                var buf = [Int32](repeating: 0, count: 65536 * r.format.channels)
                while true {
                    let n = try buf.withUnsafeMutableBufferPointer { (b) throws(AudioError) -> Int in try r.readInt32(into: b, frames: 65536) }
                    if n == 0 { break }
                    try buf.withUnsafeBufferPointer { (b) throws(AudioError) in try w.write(int32: b, frames: n) }
                }
                try w.finish()
            }
        }
    }
}
