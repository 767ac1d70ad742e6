import ArgumentParser
import DXCLI
import DXEDL
import DXEditModel

extension DXConform {
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a conform list to a CMX 3600 EDL or canonical JSON.",
            discussion: """
                The output format comes from --to, else from the output's extension (.edl, \
                .json). The output is written to a temporary file beside it and renamed, \
                and it may never be the input file.
                """)

        enum Target: String, ExpressibleByArgument, CaseIterable {
            case edl, json
        }

        @OptionGroup var read: ReadOptions

        @Option(name: .shortAndLong, help: "Output file; - for standard output.")
        var output: String

        @Option(name: .long, help: "Output format: edl or json.")
        var to: Target?

        @Option(name: .long, help: "Which sequence of a multi-sequence XML file (1-based).")
        var sequence: Int = 1

        @Argument(help: "The list to convert.", completion: .file(extensions: ["edl", "EDL", "xml", "fcpxml", "json"]))
        var input: String

        func validate() throws {
            if to == nil {
                let lower = output.lowercased()
                if !(lower.hasSuffix(".edl") || lower.hasSuffix(".json")) {
                    throw ValidationError("cannot tell the output format from '\(output)': use --to edl or --to json")
                }
            }
            if sequence < 1 { throw ValidationError("--sequence counts from 1") }
        }

        func run() throws {
            try runReporting {
                if output != "-", input != "-", FileIO.sameFile(input, output) {
                    throw ToolError(.cannotCreate, "\(output): is the input file; refusing to overwrite it")
                }
                let timelines = try read.load(input)
                guard sequence <= timelines.count else {
                    throw ToolError(.dataError, "\(input): has \(timelines.count) sequence\(timelines.count == 1 ? "" : "s"), not \(sequence)")
                }
                let t = timelines[sequence - 1]
                let target = to ?? (output.lowercased().hasSuffix(".edl") ? .edl : .json)
                let text: String
                switch target {
                case .edl: text = EDLWriter().write(t)
                case .json: text = CanonicalJSON.encode(t, pretty: true) + "\n"
                }
                try FileIO.writeAtomically(Array(text.utf8), to: output)
            }
        }
    }
}
