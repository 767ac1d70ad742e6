import DXAudio
import DXConformMedia
import DXEditModel
import DXMediaIndex
import DXTimecode
import Foundation
import Testing

struct MediaIndexTests {
    @Test func incrementalRescanMovedAndMissingFiles() throws {
        let dir = try TempDir()
        try FileManager.default.createDirectory(atPath: dir.file("day1"), withIntermediateDirectories: true)
        for i in 0..<3 {
            try PolyFiles.write(dir.file("day1/t\(i).wav"), file: i, channels: 4, format: .pcm16, frames: 24000,
                                timeReference: UInt64(36000 * 48000 + i * 96000), scene: "1", take: "\(i + 1)", tape: "D1")
        }
        try Data("not audio".utf8).write(to: URL(fileURLWithPath: dir.file("day1/notes.wav")))
        let db = dir.file("media.db")
        let index = try MediaIndex(path: db)
        let first = try index.scan([dir.path])
        #expect(first.added.count == 3)
        #expect(first.failed.map(\.path) == [dir.file("day1/notes.wav")])
        let records = try index.records()
        #expect(records.map(\.take) == ["1", "2", "3"])
        #expect(records.allSatisfy { $0.channels == 4 && $0.sampleRate == 48000 && $0.frames == 24000 && $0.tape == "D1" && $0.circled == true })
        #expect(records[1].timeReference == Int64(36000 * 48000 + 96000))
        #expect(records[0].trackNames == ["Mix", "Boom", "Lav1", "Lav2"])
        #expect(Set(records.map(\.fingerprint)).count == 3)

        // Unchanged files are not opened again.
        let second = try index.scan([dir.path])
        #expect(second.unchanged == 3 && second.added.isEmpty && second.updated.isEmpty)

        // Re-tagged (new header, same samples): updated, same fingerprint.
        try PolyFiles.write(dir.file("day1/t0.wav"), file: 0, channels: 4, format: .pcm16, frames: 24000,
                            timeReference: UInt64(36000 * 48000), scene: "1", take: "1B", tape: "D1")
        // Moved into another folder; and one deleted.
        try FileManager.default.createDirectory(atPath: dir.file("day1/sorted"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: dir.file("day1/t1.wav"), toPath: dir.file("day1/sorted/t1.wav"))
        try FileManager.default.removeItem(atPath: dir.file("day1/t2.wav"))
        let third = try index.scan([dir.path])
        #expect(third.updated == [dir.file("day1/t0.wav")])
        #expect(third.moved.map(\.from) == [dir.file("day1/t1.wav")] && third.moved.map(\.to) == [dir.file("day1/sorted/t1.wav")])
        #expect(third.missing == [dir.file("day1/t2.wav")])
        #expect(third.added.isEmpty)
        let now = try index.records()
        #expect(now.map(\.path) == [dir.file("day1/sorted/t1.wav"), dir.file("day1/t0.wav")])
        #expect(now.first { $0.path.hasSuffix("t0.wav") }?.take == "1B")
        #expect(now.first { $0.path.hasSuffix("t0.wav") }?.fingerprint == records[0].fingerprint)
        #expect(try index.records(includeMissing: true).count == 3)
        // The moved file keeps its row.
        #expect(now.first { $0.path.hasSuffix("sorted/t1.wav") }?.id == records[1].id)
        // Reopened read-only, the same rows.
        #expect(try MediaIndex(path: db, readOnly: true).records() == now)
    }

    @Test func notAnIndex() throws {
        let dir = try TempDir()
        try Data("hello".utf8).write(to: URL(fileURLWithPath: dir.file("x.db")))
        #expect(throws: MediaIndexError.self) { try MediaIndex(path: dir.file("x.db")) }
    }
}

struct MatchingTests {
    func record(_ name: String, tr: Int64?, frames: Int64 = 48000 * 10, tape: String? = nil, scene: String? = nil, take: String? = nil,
                names: [String] = ["Mix", "Boom", "Lav1"]) -> MediaRecord {
        MediaRecord(path: "/media/\(name)", size: 1, modified: 1, sampleRate: 48000, channels: names.count, frames: frames,
                    sampleFormat: "pcm24", timeReference: tr, scene: scene, take: take, tape: tape, trackNames: names, fingerprint: name)
    }

    func event(_ n: Int, reel: String?, tc: String, frames: Int64 = 48, file: String? = nil, clip: String? = nil, rate: FrameRate = .fps24) throws -> Event {
        let start = try Timecode(parsing: tc, rate: rate).frames
        return Event(number: n, tracks: [.audio(1)], record: FrameRange(start: 86400 + Int64(n) * 100, duration: frames),
                     sourceRange: FrameRange(start: start, duration: frames), sourceRate: rate,
                     source: SourceRef(reel: reel, clipName: clip, file: file))
    }

    @Test func evidenceAndReasons() throws {
        let media = [
            record("A001.WAV", tr: 10 * 3600 * 48000, tape: "DAY1", scene: "12A", take: "3"),
            record("B001.WAV", tr: 10 * 3600 * 48000, tape: "DAY2", scene: "40", take: "1"),
            record("C001.WAV", tr: 11 * 3600 * 48000, tape: "DAY2", scene: "41", take: "2"),
        ]
        var t = Timeline(rate: .fps24)
        t.events = [
            try event(1, reel: "DAY1", tc: "10:00:02:00"),                       // tape decides between A and B
            try event(2, reel: "AX", tc: "10:00:02:00", clip: "40-1"),          // clip name decides: B
            try event(3, reel: "AX", tc: "10:00:02:00"),                         // A or B: ambiguous
            try event(4, reel: "ZZ", tc: "11:00:01:00"),                         // C is tape DAY2: not ZZ's
            try event(5, reel: "DAY2", tc: "12:00:00:00"),                       // nothing covers
            try event(6, reel: "AX", tc: "10:00:02:00", file: "/old/drive/A001.wav"), // named file
            try event(7, reel: "AX", tc: "13:00:00:00", file: "missing_take.wav"),   // named file not indexed
        ]
        let m = EventMatcher().match(t, media: media)
        #expect(m.map(\.status) == [.matched, .matched, .ambiguous, .unmatched, .unmatched, .matched, .unmatched])
        #expect(m[0].file?.fileName == "A001.WAV" && m[0].reasonText.contains("reel DAY1 is the iXML tape"))
        #expect(m[1].file?.fileName == "B001.WAV" && m[1].reasonText.contains("clip name 40-1 names scene 40 take 1"))
        #expect(m[2].candidates.map(\.fileName) == ["A001.WAV", "B001.WAV"])
        #expect(m[3].reasonText.contains("C001.WAV (tape DAY2)"))
        #expect(m[4].reasonText == "tape DAY2 is indexed (2 files) but none covers source 12:00:00:00–12:00:02:00")
        #expect(m[5].file?.fileName == "A001.WAV" && m[5].reasonText.contains("list names the file A001.wav"))
        #expect(m[6].reasonText.contains("names missing_take.wav, which is not in the index"))
    }

    /// A recording started at 23:59:00 runs past midnight: a source of 00:00:30:00 is in
    /// it, 90 s from its start (labels wrap, the recording does not).
    @Test func recordingThroughMidnight() throws {
        let start: Int64 = (23 * 3600 + 59 * 60) * 48000
        let media = [record("NIGHT.WAV", tr: start, frames: 48000 * 180, tape: "N1")]
        var t = Timeline(rate: .fps24)
        t.events = [
            try event(1, reel: "N1", tc: "23:59:30:00"),
            try event(2, reel: "N1", tc: "00:00:30:00"),
            try event(3, reel: "N1", tc: "00:05:00:00"),
        ]
        let m = EventMatcher().match(t, media: media)
        #expect(m.map(\.status) == [.matched, .matched, .unmatched])
        #expect(m[0].sourceSamples?.lowerBound == start + 30 * 48000)
        #expect(!m[0].reasonText.contains("midnight"))
        #expect(m[1].sourceSamples == (start + 90 * 48000) ..< (start + 92 * 48000))
        #expect(m[1].reasonText.contains("after midnight"))
        let plan = RenderPlanner(handles: .seconds(1, 1)).plan(t, matches: m)
        #expect(plan.count == 2 && plan[1].fileOffset == 89 * 48000 && plan[1].frames == 4 * 48000)
    }

    @Test func channelsByNameAndNumber() throws {
        let f = record("A.WAV", tr: 0, names: ["Mix", "Boom", "Lav1", ""])
        #expect(try ChannelSelection(parsing: "boom,lav1").resolve(in: f) == .success([1, 2]))
        #expect(try ChannelSelection(parsing: "4, 1").resolve(in: f) == .success([3, 0]))
        #expect(try ChannelSelection(parsing: "all").resolve(in: f) == .success([0, 1, 2, 3]))
        // The default follows the list's source channel (xmeml clip items name one).
        #expect(try ChannelSelection(parsing: "listed") == .asListed)
        #expect(ChannelSelection.asListed.resolve(in: f, listedChannel: 2) == .success([1]))
        #expect(ChannelSelection.asListed.resolve(in: f) == .success([0, 1, 2, 3]))
        if case .success = ChannelSelection.asListed.resolve(in: f, listedChannel: 9) { Issue.record("channel 9 of 4 resolved") }
        guard case .failure(let e) = try ChannelSelection(parsing: "lav2").resolve(in: f) else { Issue.record("lav2 resolved"); return }
        #expect(e.reason == "no track named lav2 in A.WAV (tracks: 1=Mix 2=Boom 3=Lav1 4=?)")
        #expect(throws: ChannelSelectionError.self) { try ChannelSelection(parsing: "0") }
        #expect(throws: ChannelSelectionError.self) { try ChannelSelection(parsing: "boom,,lav1") }
        var t = Timeline(rate: .fps24)
        t.events = [try event(1, reel: "X", tc: "00:00:01:00")]
        let m = EventMatcher(channels: try ChannelSelection(parsing: "lav2")).match(t, media: [f])
        #expect(m[0].status == .channelMissing && m[0].reasonText.contains("no track named lav2"))
    }

    @Test func speedChangesAreReportedNotRendered() throws {
        let f = record("A.WAV", tr: 10 * 3600 * 48000, tape: "T")
        var t = Timeline(rate: .fps24)
        var e = try event(1, reel: "T", tc: "10:00:02:00")
        e.speed = Speed(fps: ExactDecimal("48.0"))
        t.events = [e, try event(2, reel: "T", tc: "10:00:04:00")]
        let m = EventMatcher().match(t, media: [f])
        let plan = RenderPlanner(handles: .seconds(1, 1)).plan(t, matches: m)
        #expect(plan.map(\.status) == [.skippedSpeed, .render])
        // The last note names what was not rendered; the tool adds how to ask for it.
        let last = try #require(plan[0].notes.last)
        #expect(last.hasPrefix("M2 ") && last.hasSuffix(": not rendered"))
        let asked = RenderPlanner(handles: .seconds(1, 1), renderSpeedChanges: true).plan(t, matches: m)
        #expect(asked.map(\.status) == [.render, .render])
        #expect(asked[0].notes.contains { $0.contains("not re-timed") })
        // One second of handles each side, the TimeReference one second before the record start.
        #expect(asked[1].head == 48000 && asked[1].tail == 48000)
        #expect(asked[1].timeReference == (86400 + 200) * 2000 - 48000)
    }

    @Test func handleLengths() {
        #expect(HandleLength(parsing: "5s") == .seconds(5, 1))
        #expect(HandleLength(parsing: "2.5s") == .seconds(25, 10))
        #expect(HandleLength(parsing: "48f") == .frames(48))
        #expect(HandleLength(parsing: "3") == .seconds(3, 1))
        #expect(HandleLength(parsing: "-1s") == nil && HandleLength(parsing: "x") == nil)
        #expect(HandleLength.seconds(25, 10).samples(sampleRate: 48000, listRate: .fps24) == 120000)
        #expect(HandleLength.frames(30).samples(sampleRate: 48000, listRate: .fps29_97) == 48048)
    }
}
