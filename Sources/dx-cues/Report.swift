#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Dispatch
import Foundation
import DXCLI
import DXCueImport
import DXCueReports
import DXCueStore
import DXEditModel

extension DXCues {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a report: supervisor, sides, log, linecount, callsheet; or marker exports resolve-edl, avid-markers; or all.",
            discussion: """
                supervisor  every cue by TC within reel (reels as found)
                sides       per actor, their lines (one actor per page)
                log         per actor, one block per cue with a take grid (recording log)
                linecount   lines per character per reel, TV/optional/effort subtotals, time budgets
                callsheet   per session: actors called, lines to record, time needed
                resolve-edl Resolve timeline-marker EDL, one marker per cue (back to editorial)
                avid-markers  Avid Media Composer marker list (tab separated)
                all         every report in every format, and both marker exports, into --dir
                The format comes from --format, else the output's extension (.csv .json .html .pdf); \
                the default is CSV on standard output. PDF needs -o (or -o - for standard output). \
                Files are written beside their target and renamed into place.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var filters: FilterOptions
        @Argument(help: "supervisor, sides, log, linecount, callsheet, resolve-edl, avid-markers or all.") var kind: String
        @Option(name: .long, help: "The format (default: the output's extension, else csv).") var format: ReportFormat?
        @Option(name: .shortAndLong, help: "Output file; - for standard output.") var output: String?
        @Option(name: .long, help: "With 'all': the folder to write into (created if missing).") var dir: String?
        @Option(name: .long, help: "The print date shown in headers (default: now, UTC).") var date: String?
        @Option(name: .long, help: "With 'all': the formats, comma separated (default csv,json,html,pdf).") var formats: String = "csv,json,html,pdf"

        func run() throws {
            try runReporting {
                var profile = Profile("report")
                let store = try global.open()
                profile.mark("open")
                guard let project = try store.project() else { throw ToolError(.dataError, "no project: run init or import first") }
                let cues = try store.cues(try filters.filter())
                let data = ReportData(project: project, cues: cues, sessions: try store.sessions(), reels: try store.reels(),
                                      printed: date ?? nowUTC())
                profile.mark("fetch \(cues.count) cues")
                if kind == "all" {
                    guard let dir else { throw ToolError(.usage, "report all needs --dir DIR") }
                    mkdir(dir, 0o755)
                    let wanted = formats.split(separator: ",").map { String($0).trimmedSpaces.lowercased() }
                    for f in wanted where !["csv", "json", "html", "pdf"].contains(f) {
                        throw ToolError(.usage, "--formats: '\(f)' is not csv, json, html or pdf")
                    }
                    // Every report kind × format and both marker exports, rendered and written in
                    // parallel (each PDF has its own cairo surface), the longest first so the
                    // cores finish together.
                    let built = ParallelSlots<ReportDocument>(count: ReportKind.allCases.count)
                    DispatchQueue.concurrentPerform(iterations: ReportKind.allCases.count) { i in
                        built.set(i, ReportKind.allCases[i].build(data))
                    }
                    let docs = (0..<ReportKind.allCases.count).map { built.get($0) }
                    profile.mark("build documents")
                    let byCost: [ReportKind] = [.log, .supervisor, .sides, .callsheet, .linecount]
                    var order: [(kind: ReportKind?, format: String)] = []
                    if wanted.contains("pdf") { order += byCost.map { ($0, "pdf") } }
                    for k in byCost { for f in ["html", "json", "csv"] where wanted.contains(f) { order.append((k, f)) } }
                    order.append((nil, "markers"))
                    let jobs = order
                    let results = ParallelResults(count: jobs.count)
                    let markerCues = cues, title = project.title, rate = project.rate, quiet = global.quiet
                    DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
                        let (k, f) = jobs[i]
                        var p = Profile(k.map { "\($0.rawValue).\(f)" } ?? "markers")
                        results.set(i, Result {
                            guard let k else {
                                let files = MarkerExports.files(markerCues, title: title, rate: rate)
                                for m in files { try FileIO.writeAtomically(m.bytes, to: "\(dir)/\(m.name)") }
                                return files.count
                            }
                            let doc = docs[ReportKind.allCases.firstIndex(of: k)!]
                            try FileIO.writeAtomically(try Report.renderStatic(doc, f, quiet: quiet), to: "\(dir)/\(k.rawValue).\(f)")
                            return 1
                        })
                        p.mark("render and write")
                    }
                    var written = 0
                    for i in jobs.indices { written += try results.get(i).get() }
                    profile.mark("render and write all")
                    Console.out("\(dir): \(written) files for \(cues.count) cues\n")
                    return
                }
                if kind == "resolve-edl" || kind == "avid-markers" {
                    let text = kind == "resolve-edl" ? MarkerExports.resolveEDL(cues, title: project.title, rate: project.rate)
                                                     : MarkerExports.avidMarkers(cues)
                    try FileIO.writeAtomically(Array(text.utf8), to: output ?? "-")
                    return
                }
                guard let k = ReportKind(rawValue: kind) else {
                    throw ToolError(.usage, "unknown report '\(kind)': expected supervisor, sides, log, linecount, callsheet, resolve-edl, avid-markers or all")
                }
                var f = format?.rawValue
                if f == nil, let o = output, let dot = o.lastIndex(of: "."), o != "-" { f = String(o[o.index(after: dot)...]).lowercased() }
                let fmt = f ?? "csv"
                guard ["csv", "json", "html", "pdf"].contains(fmt) else { throw ToolError(.usage, "--format \(fmt): expected csv, json, html or pdf") }
                if fmt == "pdf", output == nil { throw ToolError(.usage, "a PDF needs -o FILE (or -o - for standard output)") }
                try FileIO.writeAtomically(try render(k.build(data), fmt), to: output ?? "-")
            }
        }

        func render(_ doc: ReportDocument, _ f: String) throws -> [UInt8] { try Self.renderStatic(doc, f, quiet: global.quiet) }

        static func renderStatic(_ doc: ReportDocument, _ f: String, quiet: Bool) throws -> [UInt8] {
            switch f {
            case "pdf":
                let pdf: ReportPDF.Rendered
                do { pdf = try ReportPDF.renderChecked(doc) } catch { throw ToolError(.software, "PDF: \(error)") }
                if !pdf.charactersWithoutFont.isEmpty && !quiet {
                    let sample = pdf.charactersWithoutFont.prefix(8).map { "U+" + String($0.value, radix: 16, uppercase: true) + " '\(Character($0))'" }
                    Console.err("dx-cues: warning: \(doc.kind) PDF: no installed font has \(pdf.charactersWithoutFont.count) character(s), printed as boxes: "
                                + sample.joined(separator: ", ") + (pdf.charactersWithoutFont.count > 8 ? ", …" : "")
                                + " (install a font that covers them: Debian's fonts-noto for most scripts, fonts-noto-cjk for Chinese, Japanese, Korean)\n")
                }
                return pdf.bytes
            default: return ReportText.utf8(doc, format: f)
            }
        }
    }
}

/// Results filled in by parallel workers, each index by one worker (files written).
final class ParallelResults: @unchecked Sendable {
    private var items: [Result<Int, Error>?]
    private let lock = NSLock()
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<Int, Error>) { lock.lock(); items[i] = r; lock.unlock() }
    func get(_ i: Int) -> Result<Int, Error> { lock.lock(); defer { lock.unlock() }; return items[i]! }
}

/// Values filled in by parallel workers, each index by one worker.
final class ParallelSlots<T>: @unchecked Sendable {
    private var items: [T?]
    private let lock = NSLock()
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: T) { lock.lock(); items[i] = v; lock.unlock() }
    func get(_ i: Int) -> T { lock.lock(); defer { lock.unlock() }; return items[i]! }
}

/// "2026-12-02 10:00 UTC"
func nowUTC() -> String {
    var t = time(nil)
    var tmv = tm()
    gmtime_r(&t, &tmv)
    func p(_ v: Int32) -> String { v < 10 ? "0\(v)" : String(v) }
    return "\(tmv.tm_year + 1900)-\(p(tmv.tm_mon + 1))-\(p(tmv.tm_mday)) \(p(tmv.tm_hour)):\(p(tmv.tm_min)) UTC"
}
