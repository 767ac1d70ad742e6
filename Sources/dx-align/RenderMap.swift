import ArgumentParser
import DXAudio
import DXCLI
import DXStretch
import DXWarp

extension DXAlignTool {
    /// Developer tool (hidden): renders a take along a given map file, in the guide-length
    /// form, without aligning or estimating — to measure the stretch on its own (Rubber Band's
    /// engines against the bench's true maps).
    struct RenderMap: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render-map",
            abstract: "Render a take along a map file (developer tool).",
            shouldDisplay: false)

        @Option(name: .long, help: "The guide (its rate and length shape the output).") var guide: String
        @Option(name: .long, help: "The take.") var take: String
        @Option(name: .long, help: "The map file (points in seconds).") var map: String
        @Option(name: .long, help: "The output file.") var out: String
        @Option(name: .long, help: "finer or faster.") var engine: StretchEngine = .finer
        @Option(name: .long, help: "Shortest key-frame distance, seconds (default: the engine's).") var keySpacing: Double?
        @Option(name: .long, help: "Frames handed to Rubber Band per call.") var processFrames = StretchSettings().processFrames

        func run() throws {
            try runReporting {
                let g = try AudioReader(path: guide)
                let m = try WarpMap(mapFileJSON: try FileIO.read(map), name: map, sampleRate: g.format.sampleRate)
                try WarpRenderer.render(take: take, map: m, window: 0..<Int(g.frameCount),
                                        settings: StretchSettings(engine: engine, minKeyFrameSpacing: keySpacing, processFrames: processFrames), to: out)
            }
        }
    }
}

extension WarpMapFileError: ReportableError { public var exitStatus: ExitStatus { .dataError } }
