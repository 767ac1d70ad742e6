import DXAudio
import DXEditModel
#if canImport(Glibc)
import Glibc
#endif

/// Writes placements as BWF files: the chosen channels of the source range plus
/// handles, sample for sample (PCM through 32-bit integers, float as float), with the
/// source's bext and iXML kept and the TimeReference set to the record position.
public struct Renderer: Sendable {
    public var outputDirectory: String
    public var tool: String

    public init(outputDirectory: String, tool: String = "dx-conform") {
        self.outputDirectory = outputDirectory
        self.tool = tool
    }

    public func outputPath(_ p: Placement) -> String {
        outputDirectory.hasSuffix("/") ? outputDirectory + p.outputName : outputDirectory + "/" + p.outputName
    }

    /// Everything that must hold before the first byte is written: the output directory
    /// exists and is writable, every source is where the index says and unchanged since
    /// it was scanned, and no output would land on a source file.
    /// `protecting`: absolute paths no output may take (every file in the media index).
    public func preflight(_ placements: [Placement], protecting: Set<String> = []) -> [RenderProblem] {
        var problems: [RenderProblem] = []
        var st = stat()
        if stat(outputDirectory, &st) != 0 || (st.st_mode & S_IFMT) != S_IFDIR {
            problems.append(RenderProblem(.noOutputDirectory, outputDirectory, "output directory does not exist"))
        } else if access(outputDirectory, W_OK) != 0 {
            problems.append(RenderProblem(.outputNotWritable, outputDirectory, "output directory is not writable: \(String(cString: strerror(errno)))"))
        }
        var sources: Set<[UInt64]> = []
        var checked: Set<String> = []
        for p in placements where p.status == .render && !checked.contains(p.file.path) {
            checked.insert(p.file.path)
            guard let s = try? MediaProbe.fileStat(p.file.path) else {
                problems.append(RenderProblem(.sourceMissing, p.file.path, "source file is missing (indexed, not found now)"))
                continue
            }
            if s.size != p.file.size || s.modified != p.file.modified {
                problems.append(RenderProblem(.sourceChanged, p.file.path, "source file changed since it was indexed"))
            }
            sources.insert([s.device, s.inode])
        }
        for p in placements where p.status == .render {
            let out = outputPath(p)
            if protecting.contains(absolutePath(out)) {
                problems.append(RenderProblem(.outputOverwritesSource, out, "output would overwrite an indexed source file; choose another output directory"))
            } else if let s = try? MediaProbe.fileStat(out), sources.contains([s.device, s.inode]) {
                problems.append(RenderProblem(.outputOverwritesSource, out, "output would overwrite a source file; choose another output directory"))
            }
        }
        return problems
    }

    /// Renders one placement; the file appears under its name only when complete.
    public func render(_ p: Placement) throws(AudioError) {
        let reader = try AudioReader(path: p.file.path)
        guard reader.frameCount >= p.fileOffset + p.frames else {
            throw AudioError(.truncated, path: p.file.path, "holds \(reader.frameCount) frames; the index expected \(p.file.frames)")
        }
        var format = reader.format
        format.channels = p.channels.count
        format.container = .wav
        if format.sampleFormat == .pcm8 { format.sampleFormat = .pcm16 }
        var metadata = reader.metadata
        var bext = metadata.bext ?? BroadcastExtension(originator: tool)
        bext.timeReference = UInt64(max(0, p.timeReference))
        let e = p.match.event
        var desc = "\(tool) event \(e.number.map(String.init) ?? "#\(p.match.eventIndex + 1)")"
        if let r = e.source.reel { desc += " reel \(r)" }
        if !p.file.sceneTake.isEmpty { desc += " sc/tk \(p.file.sceneTake)" }
        desc += " from \(p.file.fileName)"
        bext.description = String(desc.prefix(200))
        metadata.bext = bext.appendingCodingHistory(BroadcastExtension.codingHistoryLine(for: format, tool: tool))
        if var ixml = metadata.ixml, p.channels.count != reader.format.channels || p.channels != Array(0..<reader.format.channels) {
            ixml.tracks = p.channels.enumerated().compactMap { i, c in
                guard var t = ixml.tracks.first(where: { $0.interleaveIndex == c + 1 }) else { return nil }
                t.interleaveIndex = i + 1
                return t
            }
            metadata.ixml = ixml
        }
        let writer = try AudioWriter(path: outputPath(p), format: format, metadata: metadata)
        try reader.seek(toFrame: p.fileOffset)
        let copied = try writer.copy(from: reader, frames: p.frames, sourceChannels: p.channels)
        guard copied == p.frames else {
            throw AudioError(.io, path: p.file.path, "ended early: \(p.frames - copied) frames short")
        }
        try writer.finish()
    }
}

/// An absolute, `.`-free path, as the media index keys its files.
public func absolutePath(_ p: String) -> String {
    var base = p
    if !p.hasPrefix("/") {
        var buf = [CChar](repeating: 0, count: 4096)
        let cwd = getcwd(&buf, buf.count) != nil
            ? String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "."
        base = cwd + "/" + p
    }
    var parts: [Substring] = []
    for c in base.split(separator: "/") {
        if c == "." { continue }
        if c == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
        parts.append(c)
    }
    return "/" + parts.joined(separator: "/")
}
