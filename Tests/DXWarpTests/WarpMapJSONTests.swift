import DXWarp
import Testing

/// The map file: exact seconds, read back to the same samples, bad files named; the stretch
/// range measured over spans, not the estimator's sample-level jitter.
@Suite struct WarpMapJSONTests {
    static let map = WarpMap(sampleRate: 48_000, points: [
        .init(take: 0, guide: 24_000), .init(take: 48_000, guide: 81_600), .init(take: 48_000, guide: 86_400),
        .init(take: 96_000, guide: 124_800),
    ], flags: [.init(take: 48_000..<48_000, guide: 81_600..<86_400, reason: .wordInGuideOnly)], confidence: 0.7)

    @Test func theMapFileRoundTrips() throws {
        let text = Self.map.mapFileJSON()
        #expect(text.hasPrefix(#"{"schema":1,"points":[[0.000000,0.500000],[1.000000,1.700000],"#))
        #expect(text.contains(#""reason":"word in guide only""#))
        let back = try WarpMap(mapFileJSON: Array(text.utf8), name: "m.json", sampleRate: 48_000)
        #expect(back.points == Self.map.points)
        #expect(back.flags == Self.map.flags)
        #expect(WarpMap.seconds(-1, rate: 48_000) == "-0.000021")
        #expect(WarpMap.seconds(1, rate: 3) == "0.333333")
        #expect(throws: WarpMapFileError.self) {
            try WarpMap(mapFileJSON: Array(#"{"schema":1,"points":[[1,1],[0.5,2]]}"#.utf8), name: "m.json", sampleRate: 48_000)
        }
        #expect(throws: WarpMapFileError.self) { try WarpMap(mapFileJSON: Array("[]".utf8), name: "m.json", sampleRate: 48_000) }
    }

    @Test func theStretchRangeIsMeasuredOverSpans() throws {
        // 1.2 then, after the jump, 0.8; points every 5 ms jitter by ±1 ms.
        var points: [WarpMap.Point] = []
        for i in 0...200 { points.append(.init(take: 240 * i, guide: 288 * i + (i % 2 == 0 ? 48 : -48))) }
        let t = points.last!.take, g = points.last!.guide + 9_600
        for i in 0...200 { points.append(.init(take: t + 240 * i, guide: g + 192 * i)) }
        let map = WarpMap(sampleRate: 48_000, points: points, confidence: 1)
        let wide = try #require(map.stretchRange(minSpan: 2_400))
        #expect(abs(wide.lowerBound - 0.8) < 0.05 && abs(wide.upperBound - 1.2) < 0.05, "\(wide)")
        let raw = try #require(map.stretchRange())
        #expect(raw.upperBound > 1.5)
        let shifted = Self.map.shifted(take: 10, guide: 100)
        #expect(shifted.points[0] == .init(take: 10, guide: 24_100))
        #expect(shifted.flags[0].guide == 81_700..<86_500)
    }
}
