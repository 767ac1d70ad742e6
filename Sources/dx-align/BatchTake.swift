import DXAlign
import DXCLI
import DXEditModel

/// One take of the batch: aligned, written with `--write`, and reported as its NDJSON line.
extension BatchRun {
    func process(_ e: ManifestEntry, guides: [String: Result<GuideAnalysis, ToolError>],
                 aligner: Aligner?) -> (String, Outcome) {
        func failure(_ t: ToolError) -> (String, Outcome) {
            var w = JSONWriter()
            w.beginObject()
            w.field("schema", 1)
            w.field("take", e.take)
            w.field("guide", e.guide)
            w.key("offset_seconds"); w.null()
            w.field("match", false)
            w.field("error", t.message)
            w.field("exit_status", Int(t.status.rawValue))
            w.endObject()
            return (w.output, .failed(t.status))
        }
        guard let aligner else { return failure(ToolError(.software, "cannot set up the FFT")) }
        let guide: GuideAnalysis
        switch guides[e.guide] {
        case .success(let g)?: guide = g
        case .failure(let t)?: return failure(t)
        case nil: return failure(ToolError(.software, "guide \(e.guide) was not analysed"))
        }
        do {
            var window: ClosedRange<Double>?
            if let a = e.windowStart, let b = e.windowEnd {
                let tr = Double(guide.timeReference ?? 0)
                let sr = Double(guide.sampleRate)
                window = ((Double(a.samplePosition(sampleRate: guide.sampleRate)) - tr) / sr)...((Double(b.samplePosition(sampleRate: guide.sampleRate)) - tr) / sr)
            }
            let take = try aligner.take(path: e.take, for: guide)
            let result = try aligner.align(take, on: guide, window: window)
            let report = AlignmentReport(rate: rate, guideTimeReference: guide.timeReference)
            var written: String?
            var notWritten: String?
            if let folder = write {
                if !result.match { notWritten = "no match" }
                else if result.ambiguous { notWritten = "ambiguous: place it by hand from the candidates" }
                else {
                    (written, notWritten) = try writeTake(e, result: result, guide: guide, report: report, folder: folder)
                }
            }
            let line = report.json(result, take: e.take, guide: e.guide) { w in
                if self.write != nil {
                    w.field("written", written)
                    if let notWritten { w.field("not_written", notWritten) }
                }
            }
            return (line, result.match ? .matched(ambiguous: result.ambiguous, written: written != nil) : .rejected)
        } catch {
            return failure(ErrorReporting.toolError(error))
        }
    }

    private func writeTake(_ e: ManifestEntry, result: AlignmentResult, guide: GuideAnalysis, report: AlignmentReport,
                           folder: String) throws -> (String?, String?) {
        let base = e.take.split(separator: "/").last.map(String.init) ?? e.take
        let output = folder + "/" + base
        if FileIO.sameFile(output, e.take) || FileIO.sameFile(output, e.guide) {
            throw ToolError(.cannotCreate, "\(output): is an input file; refusing to overwrite it")
        }
        guard let tr = AlignedTakeWriter.timeReference(guideTimeReference: guide.timeReference ?? 0,
                                                       offsetSamples: result.offsetSamples!, guideRate: guide.sampleRate,
                                                       takeRate: result.takeSampleRate) else {
            return (nil, "the take would start before timecode 00:00:00:00")
        }
        let notes = [
            "GUIDE": e.guide,
            "OFFSET_SAMPLES": String(result.offsetSamples!),
            "OFFSET_SECONDS": AlignmentReport.number(result.offsetSeconds!, digits: 7),
            "GUIDE_SAMPLE_RATE": String(guide.sampleRate),
            "TIMECODE": report.timecode(result.offsetSamples!, sampleRate: guide.sampleRate),
            "FPS": rate.description,
            "CONFIDENCE": AlignmentReport.number(result.confidence, digits: 4),
            "METHOD": result.method?.rawValue ?? "",
            "CHANNEL": String((result.channel ?? 0) + 1),
            "TOOL": "dx-align 0.1.0",
        ]
        try AlignedTakeWriter.write(take: e.take, to: output, timeReference: tr, notes: notes)
        return (output, nil)
    }
}
