import DXAudio
import DXConformMedia
import DXEDL
import DXEditModel
import DXTimecode
import Foundation
import Testing

/// Hundreds of events from generated poly BWFs with known TimeReference, through the
/// EDL writer and reader, matched and rendered: every output must hold exactly the
/// expected samples of the expected channels, in order, with the expected TimeReference.
struct RenderTruthTests {
    struct Config: Sendable, CustomStringConvertible {
        var rate: FrameRate
        var format: SampleFormat
        var channels: ChannelSelection
        var seed: UInt64
        var description: String { "\(rate) \(format.rawValue) channels \(channels)" }
    }

    static let configs = [
        Config(rate: .fps29_97DF, format: .pcm24, channels: .all, seed: 1),
        Config(rate: .fps25, format: .pcm16, channels: .list([.name("lav1"), .name("Boom")]), seed: 2),
        Config(rate: .fps23_976, format: .pcm24, channels: .list([.number(8), .number(1), .name("LAV2")]), seed: 3),
        Config(rate: .fps29_97, format: .pcm16, channels: .list([.number(2)]), seed: 4),
    ]

    /// Integer ⌈frames · sr · den / num⌉, written out here rather than borrowed from the code under test.
    static func samples(_ frames: Int64, _ r: FrameRate, _ sr: Int) -> Int64 {
        let n = frames * Int64(r.denominator) * Int64(sr), d = Int64(r.numerator)
        return n >= 0 ? (n + d - 1) / d : -((-n) / d)
    }

    @Test(arguments: configs)
    func everyRenderedSampleIsTheSource(_ c: Config) throws {
        let dir = try TempDir()
        let sr = 48000
        var rng = c.seed &* 7919
        func rand(_ n: Int) -> Int { rng = PolyFiles.mix(rng); return Int(rng % UInt64(n)) }
        // Six takes of 3 s on two tapes; T2's day repeats T1's timecode for two takes.
        var files: [(id: Int, tr: Int64, frames: Int64, tape: String, scene: String, take: String, path: String, data: [Int32])] = []
        for i in 0..<6 {
            let tape = i < 3 ? "T1" : "T2"
            let minute: Int = (i >= 3 && i < 5) ? (i - 3) * 60 : i * 60
            let second: Int = 10 * 3600 + (i % 3) * 600 + minute
            let tr = Int64(second) * Int64(sr) + Int64(rand(sr))
            let frames = Int64(2 * sr + rand(sr / 2))
            let scene = "\(10 + i)A", take = "\(1 + i % 3)"
            let path = dir.file("take\(i).wav")
            let data = try PolyFiles.write(path, file: i, format: c.format, frames: frames,
                                           timeReference: UInt64(tr), scene: scene, take: take, tape: tape)
            files.append((i, tr, frames, tape, scene, take, path, data))
        }
        let media = try files.map { try MediaProbe.record(path: $0.path) }
        #expect(media.map(\.timeReference) == files.map(\.tr))
        #expect(media.allSatisfy { $0.trackNames == Array(PolyFiles.trackNames.prefix(8)) })

        // 100 events: a random take and source range inside it, often near its ends.
        let handleFrames: Int64 = 6
        var timeline = Timeline(title: "RENDER \(c.seed)", rate: c.rate)
        var record = try Timecode(hours: 1, minutes: 0, seconds: 0, frames: 0, rate: c.rate).frames
        var truth: [Int: Int] = [:]   // event number → file index
        for n in 1...100 {
            let f = files[rand(files.count)]
            // File bounds in list frames (whole frames inside the file).
            let first = (f.tr * Int64(c.rate.numerator) + Int64(sr * c.rate.denominator) - 1) / Int64(sr * c.rate.denominator)
            let last = ((f.tr + f.frames) * Int64(c.rate.numerator)) / Int64(sr * c.rate.denominator)
            let length = Int64(2 + rand(12))
            let start: Int64
            switch rand(4) {
            case 0: start = first + Int64(rand(3))                 // head handle runs off the file's start
            case 1: start = last - length - Int64(rand(3))          // tail handle runs off its end
            default: start = first + Int64(rand(Int(last - first - length)))
            }
            // The reel names the tape: needed where two takes share a timecode.
            let e = Event(number: n, tracks: [.audio(1), .audio(2)], record: FrameRange(start: record, duration: length),
                          sourceRange: FrameRange(start: start, duration: length), sourceRate: c.rate,
                          source: SourceRef(reel: f.tape, clipName: "\(f.scene)-\(f.take)"))
            timeline.events.append(e)
            truth[n] = f.id
            record += length
        }
        // Two events whose timecode no take covers.
        for n in 101...102 {
            timeline.events.append(Event(number: n, tracks: [.audio(1)], record: FrameRange(start: record, duration: 10),
                                         sourceRange: FrameRange(start: Int64(n) * 1000, duration: 10), sourceRate: c.rate,
                                         source: SourceRef(reel: "T1")))
            record += 10
        }
        let list = try EDLReader().read(Array(EDLWriter().write(timeline).utf8), options: .init(rate: c.rate, fileName: "render.edl"))
        let matches = EventMatcher(channels: c.channels).match(list, media: media)
        #expect(matches.count == 102)
        let unmatched = matches.filter { $0.status != .matched }
        #expect(unmatched.map { $0.event.number } == [101, 102])
        #expect(unmatched.allSatisfy { $0.reasonText.contains("tape T1 is indexed (3 files) but none covers source") })
        for m in matches where m.status == .matched {
            #expect(m.file?.path == files[truth[m.event.number!]!].path, "event \(m.event.number!): \(m.reasonText)")
        }

        let placements = RenderPlanner(handles: .frames(handleFrames)).plan(list, matches: matches)
        #expect(placements.count == 100)
        let out = dir.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        let renderer = Renderer(outputDirectory: out)
        #expect(renderer.preflight(placements).isEmpty)
        var clippedHeads = 0, clippedTails = 0
        for p in placements {
            try renderer.render(p)
            let e = list.events[p.match.eventIndex]
            let f = files[truth[e.number!]!]
            let wanted: [Int]
            switch c.channels {
            case .all, .asListed: wanted = Array(0..<8)
            case .list(let items): wanted = items.map {
                switch $0 { case .number(let n): return n - 1
                case .name(let s): return PolyFiles.trackNames.firstIndex { $0.lowercased() == s.lowercased() }! }
            }
            }
            // Expected: source range plus handles, clipped to the file.
            let handle = Self.samples(handleFrames, c.rate, sr)
            let srcStart = Self.samples(e.sourceRange.start, c.rate, sr), srcEnd = Self.samples(e.sourceRange.end, c.rate, sr)
            let outStart = max(srcStart - handle, f.tr), outEnd = min(srcEnd + handle, f.tr + f.frames)
            if outStart > srcStart - handle { clippedHeads += 1 }
            if outEnd < srcEnd + handle { clippedTails += 1 }
            let expectedTR = Self.samples(e.record.start, c.rate, sr) - (srcStart - outStart)
            let (r, got) = try PolyFiles.readAll(renderer.outputPath(p))
            #expect(r.format.channels == wanted.count)
            #expect(r.format.sampleFormat == c.format)
            #expect(r.frameCount == outEnd - outStart, "event \(e.number!)")
            #expect(r.metadata.bext?.timeReference == UInt64(expectedTR), "event \(e.number!)")
            #expect(r.metadata.ixml?.scene == f.scene && r.metadata.ixml?.take == f.take && r.metadata.ixml?.tape == f.tape)
            #expect(r.metadata.ixml?.tracks.map(\.name) == wanted.map { PolyFiles.trackNames[$0] })
            // Sample for sample: the source's frames from outStart, the wanted channels in order.
            let first = Int(outStart - f.tr), n = Int(r.frameCount), w = wanted.count
            var bad = 0
            if wanted == Array(0..<8) {
                let same = got.withUnsafeBytes { g in f.data.withUnsafeBytes { d in
                    memcmp(g.baseAddress!, d.baseAddress! + first * 8 * 4, n * 8 * 4) == 0
                } }
                if !same { bad = 1 }
            } else {
                got.withUnsafeBufferPointer { g in f.data.withUnsafeBufferPointer { d in
                    for k in 0..<n { for j in 0..<w where g[k * w + j] != d[(first + k) * 8 + wanted[j]] { bad += 1 } }
                } }
            }
            #expect(bad == 0, "event \(e.number!): \(bad) samples differ")
            #expect(p.headClipped == (outStart > srcStart - handle) && p.tailClipped == (outEnd < srcEnd + handle))
            if p.headClipped { #expect(p.notes.contains { $0.hasPrefix("head handle") }) }
        }
        #expect(clippedHeads > 5 && clippedTails > 5, "the generator must run handles off both ends (\(clippedHeads), \(clippedTails))")
        // The edit list names every placement, and its EDL reads back.
        let edl = PlacementList.edl(list, placements, outputDirectory: out)
        let back = try EDLReader().read(Array(edl.utf8), options: .init(rate: c.rate, fileName: "placed.edl"))
        #expect(back.events.count == 100)
        #expect(back.events.allSatisfy { $0.sourceRange == $0.record && $0.source.file?.hasPrefix(out) == true })
    }
}
