import DXAudio
import DXStretch
import DXWarp
import Foundation
import Testing
import TestSupport

/// A take of short noise bursts rendered along a known map: every burst must come out where
/// the map sends it, the file must have the planned length, and the map's limits (a window,
/// a take before the guide start) must hold.
@Suite struct WarpRendererTests {
    static let rate = 48_000

    /// 8 ms decaying noise bursts at `onsets` (samples) in `frames` of silence plus faint noise.
    static func bursts(at onsets: [Int], frames: Int, seed: UInt64 = 5) -> [Float] {
        var rng = SplitMix64(state: seed)
        func noise() -> Float { Float(Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1) }
        var x = (0..<frames).map { _ in 0.0005 * noise() }
        let n = 8 * rate / 1000
        for o in onsets {
            for i in 0..<n where o + i < frames { x[o + i] += 0.6 * Float(exp(-Double(i) / Double(n / 3))) * noise() }
        }
        return x
    }

    /// Where each burst starts: the first 1 ms frame whose energy passes a threshold after a quiet stretch.
    static func detectOnsets(_ x: [Float]) -> [Int] {
        let hop = rate / 1000
        var onsets: [Int] = []
        var quiet = 0
        var i = 0
        while i + hop <= x.count {
            var e: Float = 0
            for k in i..<(i + hop) { e = max(e, abs(x[k])) }
            if e > 0.05 {
                if quiet >= 40 {
                    // Refine to the first sample above threshold inside the frame.
                    let first = (i..<(i + hop)).first { abs(x[$0]) > 0.05 } ?? i
                    onsets.append(first)
                }
                quiet = 0
            } else {
                quiet += 1
            }
            i += hop
        }
        return onsets
    }

    static func write(_ x: [Float], to url: URL, rate: Int = rate) throws {
        let w = try AudioWriter(path: url.path, format: AudioFormat(sampleRate: rate, channels: 1, sampleFormat: .pcm24),
                                metadata: .none)
        try x.withUnsafeBufferPointer { try w.write(interleaved: $0, frames: x.count) }
        try w.finish()
    }

    static func read(_ url: URL) throws -> AudioBuffer { try AudioReader(path: url.path).readAll() }

    /// Piecewise-linear map value (slope 1 outside the points), as the contract defines it.
    static func guidePosition(_ map: WarpMap, take t: Int) -> Double {
        let p = map.points
        if t <= p[0].take { return Double(p[0].guide - (p[0].take - t)) }
        for (a, b) in zip(p, p.dropFirst()) where t <= b.take {
            return Double(a.guide) + Double(t - a.take) * Double(b.guide - a.guide) / Double(b.take - a.take)
        }
        return Double(p.last!.guide + (t - p.last!.take))
    }

    /// Take 0…6 s; 0.5 s in, the take runs 20 % slow for 2 s, then 15 % fast for 2 s.
    static let map = WarpMap(sampleRate: rate, points: [
        .init(take: 24_000, guide: 72_000),
        .init(take: 120_000, guide: 187_200),
        .init(take: 216_000, guide: 268_800),
        .init(take: 264_000, guide: 316_800),
    ], confidence: 1)
    static let onsets = stride(from: 12_000, to: 276_000, by: 19_200).map { $0 }

    @Test(arguments: StretchEngine.allCases) func burstsLandWhereTheMapSendsThem(engine: StretchEngine) throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let take = dir.appendingPathComponent("take.wav"), out = dir.appendingPathComponent("out.wav")
        try Self.write(Self.bursts(at: Self.onsets, frames: 288_000), to: take)
        let plan = try WarpRenderer.render(take: take.path, map: Self.map, settings: StretchSettings(engine: engine, blockFrames: 4_096),
                                           to: out.path)
        let y = try Self.read(out)
        #expect(y.sampleRate == Self.rate)
        // Take sample 0 lands at guide 48 000; the stretched take is 288 000 + 52 800 frames long.
        #expect(plan.stretchedStart == 48_000)
        #expect(y.frameCount == 292_800)
        let found = Self.detectOnsets(y.channels[0])
        #expect(found.count == Self.onsets.count, "\(found)")
        var worst = 0.0
        for (o, f) in zip(Self.onsets, found) {
            let expected = Self.guidePosition(Self.map, take: o) - Double(plan.stretchedStart)
            worst = max(worst, abs(Double(f) - expected) / Double(Self.rate) * 1000)
        }
        // R3 follows the key frames to ~1.5 ms here; R2 smears onsets by up to ~7 ms.
        #expect(worst <= (engine == .finer ? 3 : 8), "\(engine): worst burst error \(worst) ms")
    }

    @Test func aWindowPadsAndCutsOnTheGuideTimeline() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let take = dir.appendingPathComponent("take.wav"), out = dir.appendingPathComponent("out.wav")
        try Self.write(Self.bursts(at: Self.onsets, frames: 288_000), to: take)
        // Guide samples 96 000 ..< 240 000: the first bursts fall before it, the last after.
        let plan = try WarpRenderer.render(take: take.path, map: Self.map, window: 96_000..<240_000, to: out.path)
        #expect(plan.leadingSkip == 48_000 && plan.leadingSilence == 0)
        let y = try Self.read(out)
        #expect(y.frameCount == 144_000)
        let inside = Self.onsets.map { Self.guidePosition(Self.map, take: $0) - 96_000 }.filter { $0 > 960 && $0 < 143_000 }
        let found = Self.detectOnsets(y.channels[0])
        #expect(found.count == inside.count, "\(found) vs \(inside)")
        for (e, f) in zip(inside, found) { #expect(abs(Double(f) - e) <= 192, "burst at \(f), expected \(e)") }
        // A window that starts before the take: silence first, the take at its place.
        let out2 = dir.appendingPathComponent("out2.wav")
        let plan2 = try WarpRenderer.render(take: take.path, map: Self.map, window: 0..<400_000, to: out2.path)
        #expect(plan2.leadingSilence == 48_000)
        let z = try Self.read(out2)
        #expect(z.frameCount == 400_000)
        #expect(z.channels[0][0..<47_000].allSatisfy { $0 == 0 })
        #expect(Self.detectOnsets(z.channels[0]).first.map { abs($0 - 60_000) <= 192 } == true)
    }

    @Test func aTakeAtAnotherRateIsRenderedAtTheMapRate() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let take = dir.appendingPathComponent("take44.wav"), out = dir.appendingPathComponent("out.wav")
        // The same bursts at 44.1 kHz: onsets scaled to that rate.
        let onsets44 = Self.onsets.map { $0 * 441 / 480 }
        try Self.write(Self.bursts(at: onsets44, frames: 264_600), to: take, rate: 44_100)
        try WarpRenderer.render(take: take.path, map: Self.map, to: out.path)
        let y = try Self.read(out)
        #expect(y.sampleRate == Self.rate)
        #expect(y.frameCount == 292_800)
        let found = Self.detectOnsets(y.channels[0])
        #expect(found.count == Self.onsets.count)
        for (o, f) in zip(Self.onsets, found) {
            #expect(abs(Double(f) - (Self.guidePosition(Self.map, take: o) - 48_000)) <= 192)
        }
    }

    @Test func denseKeyFramesAreThinnedToTheSpacing() throws {
        // Points every 5 ms with a jump (repeated take value): kept ones ≥ 50 ms apart on both axes.
        var points: [WarpMap.Point] = (0..<200).map { WarpMap.Point(take: 1_000 + 240 * $0, guide: 2_000 + 264 * $0) }
        points.insert(WarpMap.Point(take: points[100].take, guide: points[100].guide + 4_800), at: 101)
        for i in 102..<points.count { points[i].guide += 4_800 }
        let map = WarpMap(sampleRate: Self.rate, points: points, confidence: 1)
        let plan = try StretchPlan(map: map, takeFrames: 96_000, minSpacing: 2_400)
        var previous = StretchPlan.KeyFrame(input: 0, output: 0)
        for k in plan.keyFrames {
            #expect(k.input - previous.input >= 2_400 && k.output - previous.output >= 2_400)
            previous = k
        }
        #expect(plan.keyFrames.last?.input == points.last!.take)
        #expect(plan.keyFrames.count >= 15)
        #expect(throws: StretchError.self) {
            try StretchPlan(map: WarpMap(sampleRate: Self.rate, points: [.init(take: 10, guide: 10), .init(take: 5, guide: 20)],
                                         confidence: 1), takeFrames: 100, minSpacing: 1)
        }
    }
    /// A dense map (a point every 5 ms) with a 10 ms bump that falls between two 50 ms key
    /// frames: the followed map is the key frames themselves, and the output follows it
    /// (the burst inside the bump is not moved), not the dense map.
    @Test func theFollowedMapIsWhatTheOutputFollows() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let take = dir.appendingPathComponent("take.wav"), out = dir.appendingPathComponent("out.wav")
        // Key frames are kept every 2 400 samples from take 24 000: the bump's centre is
        // half-way between two of them, with a burst on it.
        let bumpCentre = 24_000 + 40 * 2_400 + 1_200
        let onsets = (Self.onsets + [bumpCentre]).sorted()
        try Self.write(Self.bursts(at: onsets, frames: 288_000), to: take)
        let points: [WarpMap.Point] = stride(from: 24_000, through: 264_000, by: 240).map { t in
            WarpMap.Point(take: t, guide: t + 24_000 + max(0, 480 - abs(t - bumpCentre) * 2 / 3))
        }
        let dense = WarpMap(sampleRate: Self.rate, points: points, confidence: 0.9)
        let plan = try WarpRenderer.render(take: take.path, map: dense, to: out.path)
        let followed = plan.followedMap(dense)
        #expect(followed.confidence == 0.9)
        // Exactly the key frames (slope 1 before and after), and rendering it again keeps them.
        #expect(followed.points == plan.keyFrames.map { WarpMap.Point(take: $0.input, guide: $0.output + plan.stretchedStart) })
        let again = try StretchPlan(map: followed, takeFrames: plan.inputFrames, minSpacing: 2_400)
        #expect(again.keyFrames == plan.keyFrames && again.stretchedStart == plan.stretchedStart)
        #expect(followed.points.count < points.count / 5)
        let found = Self.detectOnsets(try Self.read(out).channels[0])
        #expect(found.count == onsets.count, "\(found)")
        func error(_ map: WarpMap, _ o: Int, _ f: Int) -> Double {
            abs(Double(f + plan.stretchedStart) - Self.guidePosition(map, take: o)) / Double(Self.rate) * 1000
        }
        for (o, f) in zip(onsets, found) {
            #expect(error(followed, o, f) <= 3, "burst at take \(o): \(error(followed, o, f)) ms off the followed map")
            if o == bumpCentre { #expect(error(dense, o, f) >= 7, "the bump: \(error(dense, o, f)) ms off the dense map") }
        }
    }

    @Test func aFollowedMapStartsWhereRubberBandsFirstSegmentDoes() throws {
        // Take sample 0 would land 0.5 s before the guide; the first key frame is on the
        // slope-1 line from it, so the map file needs no point before it.
        let map = WarpMap(sampleRate: Self.rate, points: [.init(take: 48_000, guide: 24_000), .init(take: 144_000, guide: 100_800)],
                          confidence: 1)
        let plan = try StretchPlan(map: map, takeFrames: 192_000, window: 0..<200_000, minSpacing: 2_400)
        #expect(plan.stretchedStart == -24_000)
        #expect(plan.followedMap(map).points == map.points)
        // A first point closer than the spacing to take sample 0 is dropped: Rubber Band runs
        // from take 0 (guide 48 000) straight to the next key frame, so that start is a point.
        let near = WarpMap(sampleRate: Self.rate, points: [.init(take: 1_200, guide: 49_200), .init(take: 48_000, guide: 110_000),
                                                          .init(take: 144_000, guide: 206_000)], confidence: 1)
        let nearPlan = try StretchPlan(map: near, takeFrames: 192_000, minSpacing: 2_400)
        #expect(nearPlan.followedMap(near).points == [.init(take: 0, guide: 48_000), .init(take: 48_000, guide: 110_000),
                                                      .init(take: 144_000, guide: 206_000)])
        // The same before the guide: the point is where that segment reaches guide sample 0.
        let early = WarpMap(sampleRate: Self.rate, points: [.init(take: 1_200, guide: 0), .init(take: 48_000, guide: 23_600)],
                            confidence: 1)
        let earlyPlan = try StretchPlan(map: early, takeFrames: 96_000, minSpacing: 2_400)
        #expect(earlyPlan.stretchedStart == -1_200)
        // Guide -1 200 at take 0 to guide 23 600 at take 48 000: guide 0 at take 48 000 · 1 200 / 24 800.
        let crossing = Int((48_000.0 * 1_200 / 24_800).rounded())
        #expect(earlyPlan.followedMap(early).points == [.init(take: crossing, guide: 0), .init(take: 48_000, guide: 23_600)])
    }
}
