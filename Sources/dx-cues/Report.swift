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
        @Option(name: .long, help: "csv, json, html or pdf.") var format: String?
        @Option(name: .shortAndLong, help: "Output file; - for standard output.") var output: String?
        @Option(name: .long, help: "With 'all': the folder to write into (created if missing).") var dir: String?
        @Option(name: .long, help: "The print date shown in headers (default: now, UTC).") var date: String?
        @Option(name: .long, help: "With 'all': the formats, comma separated (default csv,json,html,pdf).") var formats: String = "csv,json,html,pdf"

        func run() throws {
            try runReporting {
                let store = try global.open()
                guard let project = try store.project() else { throw ToolError(.dataError, "no project: run init or import first") }
                let cues = try store.cues(try filters.filter())
                let data = ReportData(project: project, cues: cues, sessions: try store.sessions(), reels: try store.reels(),
                                      printed: date ?? nowUTC())
                if kind == "all" {
                    guard let dir else { throw ToolError(.usage, "report all needs --dir DIR") }
                    mkdir(dir, 0o755)
                    // Every report kind × format, rendered in parallel (each PDF has its own cairo surface).
                    let wanted = formats.split(separator: ",").map { String($0).trimmedSpaces.lowercased() }
                    for f in wanted where !["csv", "json", "html", "pdf"].contains(f) {
                        throw ToolError(.usage, "--formats: '\(f)' is not csv, json, html or pdf")
                    }
                    let order = ["pdf", "csv", "json", "html"].filter { wanted.contains($0) }
                    let jobs = ReportKind.allCases.flatMap { k in order.map { (k, $0) } }
                    let results = ParallelResults(count: jobs.count)
                    let docs = ReportKind.allCases.map { $0.build(data) }
                    DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
                        let (k, f) = jobs[i]
                        let doc = docs[ReportKind.allCases.firstIndex(of: k)!]
                        results.set(i, Result { try Report.renderStatic(doc, f) })
                    }
                    var written = 0
                    for (i, (k, f)) in jobs.enumerated() {
                        try FileIO.writeAtomically(try results.get(i).get(), to: "\(dir)/\(k.rawValue).\(f)")
                        written += 1
                    }
                    try FileIO.writeAtomically(Array(MarkerExports.resolveEDL(cues, title: project.title, rate: project.rate).utf8), to: "\(dir)/markers-resolve.edl")
                    try FileIO.writeAtomically(Array(MarkerExports.avidMarkers(cues).utf8), to: "\(dir)/markers-avid.txt")
                    Console.out("\(dir): \(written + 2) files for \(cues.count) cues\n")
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
                var f = format
                if f == nil, let o = output, let dot = o.lastIndex(of: "."), o != "-" { f = String(o[o.index(after: dot)...]).lowercased() }
                let fmt = f ?? "csv"
                guard ["csv", "json", "html", "pdf"].contains(fmt) else { throw ToolError(.usage, "--format \(fmt): expected csv, json, html or pdf") }
                if fmt == "pdf", output == nil { throw ToolError(.usage, "a PDF needs -o FILE (or -o - for standard output)") }
                try FileIO.writeAtomically(try render(k.build(data), fmt), to: output ?? "-")
            }
        }

        func render(_ doc: ReportDocument, _ f: String) throws -> [UInt8] { try Self.renderStatic(doc, f) }

        static func renderStatic(_ doc: ReportDocument, _ f: String) throws -> [UInt8] {
            switch f {
            case "json": return Array(ReportText.json(doc).utf8)
            case "html": return Array(ReportText.html(doc).utf8)
            case "pdf":
                do { return try ReportPDF.render(doc) } catch { throw ToolError(.software, "PDF: \(error)") }
            default: return Array(ReportText.csv(doc).utf8)
            }
        }
    }
}

/// Results filled in by parallel workers, each index by one worker.
final class ParallelResults: @unchecked Sendable {
    private var items: [Result<[UInt8], Error>?]
    private let lock = NSLock()
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<[UInt8], Error>) { lock.lock(); items[i] = r; lock.unlock() }
    func get(_ i: Int) -> Result<[UInt8], Error> { lock.lock(); defer { lock.unlock() }; return items[i]! }
}

/// "2026-12-02 10:00 UTC"
func nowUTC() -> String {
    var t = time(nil)
    var tmv = tm()
    gmtime_r(&t, &tmv)
    func p(_ v: Int32) -> String { v < 10 ? "0\(v)" : String(v) }
    return "\(tmv.tm_year + 1900)-\(p(tmv.tm_mon + 1))-\(p(tmv.tm_mday)) \(p(tmv.tm_hour)):\(p(tmv.tm_min)) UTC"
}
