import DXAlign
import DXAudio
import DXCLI
import DXStretch
import DXTimecode
import DXWarp

/// One take warped onto its guide: placed by offset alignment (refused when its line is not
/// in the guide, or fits several places), mapped by `WarpMapEstimator` on the guide region
/// around that place, rendered along the map by Rubber Band into a BWF spot-ready on the
/// guide's clock, and the map written in the bench's file format.
struct WarpJob {
    var take: String
    var guide: String
    /// The audio file written.
    var out: String
    /// The map file written (JSON), if asked.
    var mapFile: String?
    var options: WarpOptions
    var settings: StretchSettings
    /// The bench's form: the guide's length, output sample n = guide sample n.
    var guideLength: Bool
    var rate: FrameRate
    /// Guide seconds where the line may start (a batch manifest's window).
    var window: ClosedRange<Double>?

    /// What happened: the alignment, and the map and rendering when the take was warped.
    struct Outcome {
        var alignment: AlignmentResult
        /// The map the output follows (`StretchPlan.followedMap`: the key frames rendered).
        var map: WarpMap?
        var plan: StretchPlan?
        /// The output's bext TimeReference (guide-rate samples since midnight).
        var timeReference: UInt64?
        /// Why nothing was written (no match, ambiguous).
        var refused: String?
    }

    /// Guide audio either side of the aligned take handed to the estimator: 0.5 s, or 30 %
    /// of the take when longer (a take stretched by 1.25 covers a quarter more guide).
    static func margin(takeFrames: Int, rate: Int) -> Int { max(rate / 2, takeFrames * 3 / 10) }

    func run(guide analysis: GuideAnalysis, aligner: Aligner) throws -> Outcome {
        for input in [take, guide] where FileIO.sameFile(out, input) || mapFile.map({ FileIO.sameFile($0, input) }) == true {
            throw ToolError(.cannotCreate, "\(input): is an input file; refusing to overwrite it")
        }
        let t = try aligner.take(path: take, for: analysis)
        let result = try aligner.align(t, on: analysis, window: window)
        guard result.match, let offset = result.offsetSamples else {
            return Outcome(alignment: result, refused: "no match: the take's line is not in the guide")
        }
        if result.ambiguous {
            return Outcome(alignment: result, refused: "ambiguous: the line fits several places in the guide")
        }
        let rate = analysis.sampleRate
        let map = try estimate(t, at: offset, channel: result.channel ?? 0, guide: analysis)
        let guideTR = Int(analysis.timeReference ?? 0)
        var timeReference: UInt64 = 0
        let report = AlignmentReport(rate: self.rate, guideTimeReference: analysis.timeReference)
        let plan = try WarpRenderer.render(take: take, map: map, window: guideLength ? 0..<analysis.frameCount : nil,
                                           earliest: -guideTR, settings: settings, to: out) { plan, format, metadata in
            timeReference = UInt64(guideTR + plan.windowStart)
            var bext = metadata.bext ?? BroadcastExtension(description: "ADR take warped onto its guide by dx-align")
            bext.timeReference = timeReference
            bext = bext.appendingCodingHistory(BroadcastExtension.codingHistoryLine(for: format, tool: "dx-align"))
            metadata.bext = bext
            var n = noteFields(result, map: plan.followedMap(map), report: report, guideRate: rate)
            n["OUTPUT_START_SAMPLES"] = String(plan.windowStart)
            n["TIMECODE"] = report.timecode(Int64(plan.windowStart), sampleRate: rate)
            metadata.ixml = (metadata.ixml ?? IXMLMetadata()).noting("ALIGNMENT", n)
        }
        // The map the output follows (Rubber Band's key frames), not the estimator's denser one.
        let followed = plan.followedMap(map)
        if let mapFile { try FileIO.writeAtomically(Array(followed.mapFileJSON().utf8), to: mapFile) }
        return Outcome(alignment: result, map: followed, plan: plan, timeReference: timeReference)
    }

    /// The estimator's map for a take whose sample 0 lands at guide sample `offset`, on the
    /// guide region around it (`margin` either side), in the files' coordinates.
    private func estimate(_ t: TakeAnalysis, at offset: Int64, channel: Int, guide analysis: GuideAnalysis) throws -> WarpMap {
        let rate = analysis.sampleRate
        let m = Self.margin(takeFrames: t.samples.count, rate: rate)
        let start = max(0, Int(offset) - m), end = min(analysis.frameCount, Int(offset) + t.samples.count + m)
        guard end > start else { throw ToolError(.dataError, "\(take): lands outside the guide") }
        let region = try Self.read(guide, channel: channel, frames: start..<end)
        return try WarpMapEstimator.estimate(guide: region, take: t.samples, sampleRate: rate, options: options)
            .shifted(take: 0, guide: start)
    }

    /// The iXML ALIGNMENT note: how the take was placed and warped.
    private func noteFields(_ r: AlignmentResult, map: WarpMap, report: AlignmentReport, guideRate: Int) -> [String: String] {
        var n = [
            "MODE": "warp",
            "GUIDE": guide,
            "OFFSET_SAMPLES": String(r.offsetSamples ?? 0),
            "OFFSET_SECONDS": AlignmentReport.number(r.offsetSeconds ?? 0, digits: 7),
            "GUIDE_SAMPLE_RATE": String(guideRate),
            "FPS": rate.description,
            "CONFIDENCE": AlignmentReport.number(r.confidence, digits: 4),
            "MAP_CONFIDENCE": AlignmentReport.number(map.confidence, digits: 4),
            "MAP_POINTS": String(map.points.count),
            "FLAGS": String(map.flags.count),
            "STRETCH_LIMITS": "\(options.minStretch):\(options.maxStretch)",
            "STRENGTH": AlignmentReport.number(options.strength, digits: 3),
            "ENGINE": settings.engine.rawValue,
            "CHANNEL": String((r.channel ?? 0) + 1),
            "TOOL": "dx-align 0.1.0",
        ]
        if let s = map.stretchRange(minSpan: map.sampleRate / 20) {
            n["STRETCH_USED"] = "\(AlignmentReport.number(s.lowerBound, digits: 4)):\(AlignmentReport.number(s.upperBound, digits: 4))"
        }
        if let mapFile { n["MAP_FILE"] = mapFile }
        return n
    }

    /// One channel of `frames` of a file, read from its place (a long guide is not read whole).
    static func read(_ path: String, channel: Int, frames: Range<Int>) throws -> [Float] {
        let reader = try AudioReader(path: path)
        try reader.seek(toFrame: Int64(frames.lowerBound))
        let channels = reader.format.channels
        let c = min(channel, channels - 1)
        var out = [Float](repeating: 0, count: frames.count)
        var block = [Float](repeating: 0, count: 16_384 * channels)
        var done = 0
        while done < frames.count {
            let want = min(16_384, frames.count - done)
            let got = try block.withUnsafeMutableBufferPointer { try reader.read(into: $0, frames: want) }
            if got == 0 { break }
            for i in 0..<got { out[done + i] = block[i * channels + c] }
            done += got
        }
        return out
    }
}
