import ArgumentParser
import DXCLI
import DXEditModel
import DXMediaIndex

extension DXConform {
    struct Index: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scan production audio (BWF, polyphonic WAV) into a media index.",
            discussion: """
                Folders are scanned recursively for .wav, .bwf and .rf64 files. Each file's rate, \
                channels, length, bext TimeReference, iXML project/scene/take/tape/circled and \
                track names and a fingerprint of its samples are kept in an SQLite file. Rescans \
                open only new or changed files (size and modification time); a file that moved \
                is found again by its fingerprint.
                """)

        @Option(name: [.customLong("db"), .customLong("index")], help: "The index file (created when missing).")
        var db: String

        @Flag(name: .long, help: "Print the scan report as JSON.")
        var json = false

        @Flag(name: [.short, .long], help: "Do not list files without a TimeReference.")
        var quiet = false

        @Argument(help: "Folders (or files) of production audio.", completion: .directory)
        var folders: [String]

        func run() throws {
            try runReporting {
                let index: MediaIndex
                do { index = try MediaIndex(path: db) } catch let e as MediaIndexError { throw ToolError(.cannotCreate, e.description) }
                let progress: ((Int, Int) -> Void)? = Console.stderrIsTerminal ? { i, n in
                    if i % 16 == 0 { Console.err("\rscanning \(i)/\(n)") }
                } : nil
                let r: ScanReport
                do { r = try index.scan(folders, progress: progress) } catch let e as MediaIndexError {
                    throw ToolError(.noInput, e.description)
                }
                if progress != nil { Console.err("\r\u{1B}[K") }
                for f in r.failed { Console.err("\(f.path): \(f.reason)\n") }
                if !quiet { for p in r.withoutTimeReference { Console.err("\(p): warning: no bext TimeReference; it cannot be matched by timecode\n") } }
                let total = try index.records().count
                if json {
                    var w = JSONWriter(pretty: true)
                    w.beginObject()
                    w.field("schema", 1)
                    w.field("index", db)
                    w.field("files", total)
                    w.key("added"); strings(r.added, &w)
                    w.key("updated"); strings(r.updated, &w)
                    w.field("unchanged", r.unchanged)
                    w.key("moved"); w.beginArray()
                    for m in r.moved { w.beginObject(); w.field("from", m.from); w.field("to", m.to); w.endObject() }
                    w.endArray()
                    w.key("missing"); strings(r.missing, &w)
                    w.key("failed"); w.beginArray()
                    for f in r.failed { w.beginObject(); w.field("path", f.path); w.field("reason", f.reason); w.endObject() }
                    w.endArray()
                    w.key("without_time_reference"); strings(r.withoutTimeReference, &w)
                    w.endObject()
                    Console.out(w.output + "\n")
                } else {
                    var out = "\(db): \(total) file\(total == 1 ? "" : "s") indexed; this scan: \(r.added.count) added, "
                        + "\(r.updated.count) updated, \(r.unchanged) unchanged, \(r.moved.count) moved, \(r.missing.count) missing, "
                        + "\(r.failed.count) unreadable\n"
                    for m in r.moved { out += "moved: \(m.from) -> \(m.to)\n" }
                    for m in r.missing { out += "missing: \(m)\n" }
                    Console.out(out)
                }
                if !r.failed.isEmpty { throw ToolError(.dataError, "\(r.failed.count) file\(r.failed.count == 1 ? "" : "s") could not be read (listed above)") }
            }
        }

        func strings(_ a: [String], _ w: inout JSONWriter) {
            w.beginArray(); for s in a { w.value(s) }; w.endArray()
        }
    }
}
