import ArgumentParser
import DXAAF
import DXAudio
import DXCLI
import DXConformLists
import DXEditModel
#if canImport(Glibc)
import Glibc
#endif

extension DXConform {
    /// Writes the audio embedded in an AAF file (Premiere's embedded WAVE and AIFF, Pro
    /// Tools' and others' raw PCM) as broadcast WAVs, so it can be used without an AAF
    /// importer: samples bit for bit, the stated length, the source timecode as TimeReference.
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the audio embedded in an AAF file as broadcast WAV files.",
            discussion: """
                Each embedded essence becomes OUTPUT/NAME.wav (NAME: its file mob's name, \
                else its mob ID), sample for sample at its own rate, depth and channel count, \
                its descriptor's length long, with a bext TimeReference from its source \
                timecode. Existing files are kept unless --force is given.
                """)

        @Option(name: .shortAndLong, help: "The folder to write to (created when missing).")
        var output: String

        @Flag(name: .long, help: "Replace existing files of the same names.")
        var force = false

        @Flag(name: .long, help: "Print what was written as JSON.")
        var json = false

        @Flag(name: [.short, .long], help: "Do not print warnings.")
        var quiet = false

        @Argument(help: "The AAF file.", completion: .file(extensions: ["aaf", "AAF"]))
        var file: String

        /// Bytes of stored samples per block (64 KiB): what is held at once, whatever the
        /// essence's length.
        static let blockBytes = 65536

        func run() throws {
            var incomplete = false
            try runReporting {
                try ConformListReader.mappingAAFErrors(file) {
                    let aaf = try AAFFile(path: file)
                    let essences = try aaf.embeddedEssences()
                    if essences.isEmpty {
                        report(["no embedded essence; nothing written"])
                        if json { Console.out(ExtractedEssence.json([])) }
                        return
                    }
                    let dir = output.hasSuffix("/") && output.count > 1 ? String(output.dropLast()) : output
                    var names = OutputNames()
                    var outcomes = essences.map { e in
                        ExtractedEssence(essence: e, path: e.format == nil ? nil : dir + "/" + names.claim(e) + ".wav", warnings: e.warnings)
                    }
                    for o in outcomes {
                        guard let path = o.path else { continue }
                        if FileIO.sameFile(path, file) { throw ToolError(.cannotCreate, "\(path): is the input file") }
                        var st = stat()
                        if !force, stat(path, &st) == 0 { throw ToolError(.cannotCreate, "\(path): exists; --force replaces it") }
                    }
                    try FileIO.makeDirectory(dir)
                    for i in outcomes.indices {
                        if outcomes[i].path == nil {
                            outcomes[i].warnings.append("not extracted")
                        } else {
                            try write(&outcomes[i], from: aaf)
                        }
                        report(outcomes[i].warnings, mob: outcomes[i].essence)
                    }
                    Console.out(json ? ExtractedEssence.json(outcomes) : Extract.table(outcomes))
                    incomplete = outcomes.contains { $0.path == nil }
                }
            }
            if incomplete { throw ExitStatus.failure.code }
        }

        /// Streams one essence into its WAV: blocks of samples, left-justified for the writer,
        /// which stores them back at the essence's width (8-bit becomes 16-bit: WAV 8-bit is
        /// not written).
        private func write(_ o: inout ExtractedEssence, from aaf: AAFFile) throws {
            let e = o.essence
            guard let path = o.path, let rate = e.sampleRate, rate.isWhole, rate.num <= Int64(Int32.max) else {
                o.warnings.append("sample rate \(e.sampleRate.map { "\($0)" } ?? "unknown") is not a whole number of Hz; not extracted")
                o.path = nil
                return
            }
            let depth: [Int: SampleFormat] = [1: .pcm16, 2: .pcm16, 3: .pcm24, 4: .pcm32]
            let format = AudioFormat(sampleRate: Int(rate.num), channels: e.channels, sampleFormat: depth[e.bytesPerSample]!)
            if e.bytesPerSample == 1 { o.warnings.append("8-bit samples written as 16-bit (the value × 256)") }
            let name = e.mobName ?? e.mobID?.urn ?? "embedded essence"
            var bext = BroadcastExtension(description: String("\(name) embedded in \(Extract.baseName(file))".prefix(200)),
                                          originator: "dx-conform", timeReference: e.timeReference)
            bext = bext.appendingCodingHistory(BroadcastExtension.codingHistoryLine(for: format, tool: "dx-conform"))
            let writer = try AudioWriter(path: path, format: format, metadata: AudioMetadata(bext: bext))
            var reader = try PCMSampleReader(file: aaf, essence: e)
            let blockFrames = max(1, Extract.blockBytes / e.blockAlign)
            var block = [Int32](repeating: 0, count: blockFrames * e.channels)
            let shift = Int32(32 - 8 * e.bytesPerSample)
            while true {
                let n = try block.withUnsafeMutableBufferPointer { b in
                    let n = try reader.read(into: b, frames: blockFrames)
                    if shift > 0 { for i in 0..<(n * e.channels) { b[i] <<= shift } }
                    return n
                }
                if n == 0 { break }
                try block.withUnsafeBufferPointer { (b) throws(AudioError) in try writer.write(int32: b, frames: n) }
            }
            try writer.finish()
            o.bits = format.sampleFormat.bitsPerSample
        }

        private func report(_ warnings: [String], mob: EmbeddedEssence? = nil) {
            let who = mob.map { "essence of \($0.mobName.map { "\"\($0)\"" } ?? $0.mobID?.urn ?? "an unknown mob"): " } ?? ""
            Console.report(warnings.map { Diagnostic(.warning, who + $0, file: file) }, quiet: quiet)
        }

        static func baseName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

        static func table(_ outcomes: [ExtractedEssence]) -> String {
            outcomes.map { o in
                let e = o.essence
                guard let path = o.path, let bits = o.bits else {
                    return "not extracted: \(e.mobName ?? e.mobID?.urn ?? e.streamPath)\n"
                }
                return "\(path): \(e.frames) frames, \(e.sampleRate!) Hz, \(e.channels) ch, \(bits)-bit, TimeReference \(e.timeReference)\n"
            }.joined()
        }
    }
}

/// File names for the extracted essences: the mob's name, else its mob ID, made safe for
/// any file system (no path separators, control or reserved characters, no leading dot,
/// at most 200 bytes) and unique within one run, ignoring case (`_2`, `_3`… added).
struct OutputNames {
    private var taken: Set<String> = []

    mutating func claim(_ e: EmbeddedEssence) -> String {
        var base = OutputNames.safe(e.mobName ?? "")
        if base.isEmpty { base = e.mobID?.umidGroups.joined(separator: ".") ?? "essence" }
        var name = base
        var n = 1
        while taken.contains(name.lowercased()) {
            n += 1
            name = "\(base)_\(n)"
        }
        taken.insert(name.lowercased())
        return name
    }

    /// Names Windows refuses for a file whatever the extension.
    static let reserved = Set(["CON", "PRN", "AUX", "NUL"] + (1...9).flatMap { ["COM\($0)", "LPT\($0)"] })

    static func safe(_ name: String) -> String {
        var s = String.UnicodeScalarView()
        for c in name.unicodeScalars {
            s.append(c.value < 0x20 || c.value == 0x7F || "/\\:*?\"<>|".unicodeScalars.contains(c) ? "_" : c)
        }
        var out = String(s)
        while let f = out.first, f == "." || f == " " { out.removeFirst() }
        while let l = out.last, l == "." || l == " " { out.removeLast() }
        while out.utf8.count > 200 { out.removeLast() }
        if reserved.contains(out.uppercased()) { out = "_" + out }
        return out
    }
}
