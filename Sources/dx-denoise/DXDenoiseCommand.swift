import ArgumentParser
import CMallocTuning
import DXAudio
import DXCLI
import DXDenoise
import DXEditModel
import DXNeural
import DXTimecode

@main
struct DXDenoiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dx-denoise",
        abstract: "Reduce broadband noise and mains hum in dialogue recordings.",
        discussion: """
            Hum (50/60 Hz and harmonics) is found and removed first, then broadband noise: \
            by default a log-spectral-amplitude gain and DeepFilterNet3's mixed band by band \
            (--method), the former's noise estimate tracked through the file, learned from \
            a region (--learn) or loaded (--profile). Noise is \
            lowered by at most --amount dB, so room tone stays. Output keeps rate, channels, \
            sample format, bext (coding history appended) and iXML. Files are streamed: \
            memory does not grow with length. Exit status follows sysexits(3).
            """,
        version: "0.1.0")

    @Argument(help: "Input audio files (WAV, BWF, RF64, AIFF, FLAC).",
              completion: .file(extensions: ["wav", "WAV", "bwf", "rf64", "aif", "aiff", "flac"]))
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Output file (one input only).")
    var output: String?

    @Option(name: [.customShort("d"), .long], help: "Output directory: each input is written there under its own name.")
    var outputDirectory: String?

    @Option(name: .long, help: ArgumentHelp(
        "Broadband stage after de-hum: auto (the default: one gain per band mixing the two below, guided by the model's local SNR), learned (DeepFilterNet3, 48 kHz; other rates resampled) or classical (log-spectral gain; ten times faster).",
        valueName: "auto|learned|classical"))
    var method: DenoiseMethod = .auto

    @Option(name: .long, help: ArgumentHelp("Maximum noise reduction in dB (the gain floor; learned: the model's attenuation limit).", valueName: "DB"))
    var amount: Double = 25

    @Option(name: .long, help: ArgumentHelp(
        "Reduction when the background sounds like a crowd (its level fluctuates like syllables), dB, or 'off' to use --amount always (adaptive noise only).",
        valueName: "DB|off"))
    var crowdAmount: CrowdAmount = .dB(3)

    @Option(name: .long, help: ArgumentHelp(
        "Learn the noise from a region: START-END in seconds (0-1.5, also 0:1.5) or timecode (01:00:10:00-01:00:12:00, from the file's bext TimeReference; needs --fps).",
        valueName: "START-END"))
    var learn: LearnRegion?

    @Option(name: .long, help: "Frame rate for --learn timecode: 23.976, 24, 25, 29.97, 29.97df, 30 …")
    var fps: FrameRate?

    @Option(name: .long, help: ArgumentHelp("Use a noise profile saved with --save-profile.", valueName: "FILE"))
    var profile: String?

    @Option(name: .long, help: ArgumentHelp("Save the noise profile of --learn's region (or of the whole input) and exit unless -o/-d is given.", valueName: "FILE"))
    var saveProfile: String?

    @Flag(name: .long, help: "Do not search for or remove mains hum.")
    var noDehum = false

    @Option(name: .long, help: ArgumentHelp("Also write what was removed (input − output) here (one input only).", valueName: "FILE"))
    var delta: String?

    @Option(name: .long, help: ArgumentHelp("With -d: write each delta into this directory.", valueName: "DIR"))
    var deltaDirectory: String?

    @Flag(name: .long, help: "Print a JSON report per file on standard output (schema 1).")
    var json = false

    @Flag(name: [.short, .long], help: "No progress bar and no warnings.")
    var quiet = false

    func validate() throws {
        if output != nil && outputDirectory != nil { throw ValidationError("use -o or -d, not both") }
        if output == nil && outputDirectory == nil && saveProfile == nil {
            throw ValidationError("say where to write: -o OUT.wav (one input) or -d DIR")
        }
        if output != nil && inputs.count != 1 { throw ValidationError("-o takes one input; use -d DIR for \(inputs.count) files") }
        if delta != nil && inputs.count != 1 { throw ValidationError("--delta takes one input; use --delta-directory with -d") }
        if deltaDirectory != nil && outputDirectory == nil { throw ValidationError("--delta-directory needs -d") }
        if learn != nil && profile != nil { throw ValidationError("use --learn or --profile, not both") }
        if saveProfile != nil && inputs.count != 1 { throw ValidationError("--save-profile takes one input") }
        if !(amount >= 0 && amount <= 60) { throw ValidationError("--amount \(amount): expected 0 to 60 dB") }
        if fps != nil && learn == nil { throw ValidationError("--fps is only used with --learn timecode") }
        if method == .learned && (learn != nil || profile != nil || saveProfile != nil) {
            throw ValidationError("--learn, --profile and --save-profile are for --method classical or auto")
        }
    }

    func run() throws {
        var worst = ExitStatus.ok
        var documents: [String] = []
        var profileFromFile: NoiseProfile?
        var model: DFN3Enhancer?
        if method != .classical {
            // The networks allocate megabyte buffers per block of frames: kept by malloc, not
            // mapped and unmapped every block (a sixth of learned mode's CPU time in page faults).
            dx_keep_freed_memory()
            do {
                model = try FileDenoiser.loadLearnedModel()
            } catch {
                throw ErrorReporting.report(error, tool: "dx-denoise").code
            }
        }
        if let profile {
            do {
                let bytes = try FileIO.read(profile)
                profileFromFile = try NoiseProfile.parse(String(decoding: bytes, as: UTF8.self), path: profile)
            } catch {
                throw ErrorReporting.report(error, tool: "dx-denoise").code
            }
        }
        for input in inputs {
            do {
                let doc = try denoise(input, profile: profileFromFile, model: model)
                if let doc { documents.append(doc) }
            } catch {
                let status = ErrorReporting.report(error, tool: "dx-denoise")
                if worst == .ok || status.rawValue > worst.rawValue { worst = status }
            }
        }
        if json {
            Console.out(JSONWriter.output(of: documents))
        }
        if worst != .ok { throw worst.code }
    }

    static func oneDecimal(_ v: Double) -> String {
        let t = (v * 10).rounded() / 10
        return t == t.rounded() ? String(Int(t)) : String(t)
    }

    /// Denoises one file; returns its JSON document.
    private func denoise(_ input: String, profile: NoiseProfile?, model: DFN3Enhancer?) throws -> String? {
        var settings = DenoiseSettings()
        settings.method = method
        settings.amountDB = amount
        settings.speechLikeBackgroundAmountDB = crowdAmount.dB
        settings.hum = noDehum ? .off : .auto
        settings.measuredTransforms = true
        var region: Range<Int64>?
        if let learn {
            let reader = try AudioReader(path: input)
            region = try learn.frames(fps: fps, reader: reader)
            settings.noise = .region(region!)
        } else if let profile {
            settings.noise = .profile(profile)
        }
        let denoiser = FileDenoiser(settings: settings, learnedModel: model)
        if let saveProfile {
            let learned = try denoiser.learnProfile(input: input, region: region)
            try FileIO.writeAtomically(Array(learned.serialized().utf8), to: saveProfile)
            if output == nil && outputDirectory == nil { return nil }
        }
        let target: String
        var deltaPath = delta
        if let output {
            target = output
        } else {
            let name = input.split(separator: "/").last.map(String.init) ?? input
            target = outputDirectory! + "/" + name
            if let deltaDirectory { deltaPath = deltaDirectory + "/" + name }
        }
        for path in [target, deltaPath].compactMap({ $0 }) where FileIO.sameFile(path, input) {
            throw ToolError(.cannotCreate, "\(path): is the input file; dx-denoise never overwrites its input")
        }
        if let deltaPath, deltaPath == target || FileIO.sameFile(deltaPath, target) {
            throw ToolError(.usage, "\(deltaPath): the delta file cannot be the output file")
        }
        let bar = (!quiet && Console.stderrIsTerminal) ? ProgressBar(label: input) : nil
        let report = try denoiser.run(input: input, output: target, delta: deltaPath) { bar?.update($0) }
        bar?.finish()
        if !quiet { for w in report.warnings { Console.err("dx-denoise: warning: \(w)\n") } }
        if !quiet, report.appliedAmountDB < report.amountDB - 0.05, let m = report.backgroundModulation {
            Console.err("dx-denoise: note: \(input): the background sounds like a crowd (level modulation \(Self.oneDecimal(m)) dB): "
                        + "reduced by \(Self.oneDecimal(report.appliedAmountDB)) dB, not \(Self.oneDecimal(report.amountDB)) (--crowd-amount)\n")
        }
        return json ? DenoiseReportJSON.encode(report) : nil
    }
}

extension DenoiseMethod: ExpressibleByArgument {}

/// A one-line progress bar on stderr (only created when stderr is a terminal).
final class ProgressBar {
    let label: String
    private var shown = -1

    init(label: String) { self.label = label }

    func update(_ fraction: Double) {
        let percent = Int((fraction * 100).rounded(.down))
        guard percent != shown else { return }
        shown = percent
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        Console.err("\r[\(bar)] \(percent)% \(label)")
    }

    func finish() { Console.err("\r\u{1B}[K") }
}
