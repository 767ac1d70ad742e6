import DXEDL
import DXEditModel
import DXTimecode
import Testing

/// Bad input gets a clear error naming the line (or byte) and what was expected —
/// never a crash and never a silently dropped line.
@Suite struct EDLMalformedTests {
    func read(_ text: String, rate: FrameRate? = nil) throws -> Timeline {
        try EDLReader().read(Array(text.utf8), options: .init(rate: rate, fileName: "bad.edl"))
    }

    func failure(_ text: String, rate: FrameRate? = nil) -> Diagnostic? {
        do {
            _ = try read(text, rate: rate)
            return nil
        } catch let e as ConformListError {
            #expect(e.kind == .badData)
            return e.diagnostic
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    let header = "TITLE: T\nFCM: NON-DROP FRAME\n"

    @Test func truncatedEventLine() throws {
        let d = try #require(failure(header + "001  AX V C 01:00:00:00 01:00:01:00\n"))
        #expect(d.line == 3 && d.file == "bad.edl")
        #expect(d.description.hasPrefix("bad.edl:3: error: malformed event line"))
    }

    @Test func frameFieldBeyondTheGivenRate() throws {
        let d = try #require(failure(header + "001  AX V C 01:00:00:00 01:00:00:24 01:00:00:00 01:00:00:24\n", rate: .fps24))
        #expect(d.line == 3)
        #expect(d.message.contains("frame 24 does not exist at 24 fps"))
        // The reader says a rate would help; the tool names its flag (--fps).
        #expect(d.remedy == .giveFrameRate && !d.message.contains("--"))
        // Guessed, the same list reads at 25 and says so.
        let t = try read(header + "001  AX V C 01:00:00:00 01:00:00:24 01:00:00:00 01:00:00:24\n")
        #expect(t.rate == .fps25)
        #expect(t.source.diagnostics.contains { $0.message.contains("guessed 25") })
    }

    @Test func droppedLabelInDropFrameList() throws {
        let d = try #require(failure("FCM: DROP FRAME\n001  AX V C 00:01:00;00 00:01:01;00 01:00:00;00 01:00:01;00\n", rate: .fps29_97DF))
        #expect(d.line == 2 && d.message.contains("dropped"))
    }

    @Test func binaryJunk() throws {
        var bytes: [UInt8] = []
        var x: UInt32 = 12345
        for _ in 0..<4096 {
            x = x &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: x >> 16))
        }
        do {
            _ = try EDLReader().read(bytes, options: .init(fileName: "junk.bin"))
            Issue.record("binary junk was accepted")
        } catch let e as ConformListError {
            #expect(e.kind == .badData)
            #expect(e.diagnostic.byte != nil || e.diagnostic.line != nil)
        }
    }

    @Test func emptyAndTextThatIsNotAnEDL() {
        #expect(failure("")?.message.contains("empty") == true)
        #expect(failure("Dear editor,\nplease find the cut attached.\n")?.message.contains("not a CMX 3600 EDL") == true)
    }

    @Test func unknownTransitionAndChannel() throws {
        #expect(failure(header + "001  AX V Q 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\n")?.message.contains("transition code") == true)
        #expect(failure(header + "001  AX XYZ C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\n")?.message.contains("channel code") == true)
        #expect(failure(header + "001  AX V D 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\n")?.message.contains("transition length") == true)
    }

    @Test func unknownLinesAreWarnedAboutNotDropped() throws {
        let t = try read(header + "001  AX V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\nWHATEVER THIS IS\n", rate: .fps25)
        #expect(t.events.count == 1)
        #expect(t.events[0].comments == ["WHATEVER THIS IS"])
        #expect(t.source.diagnostics.contains { $0.line == 4 && $0.message.contains("unrecognized line") })
    }

    @Test func malformedMotionLineIsKeptWithAWarning() throws {
        let t = try read(header + "001  AX V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00\nM2   AX\n", rate: .fps25)
        #expect(t.events[0].speed == nil)
        #expect(t.source.diagnostics.contains { $0.line == 4 && $0.message.contains("M2") })
    }

    /// Random mutations of a real list never crash the reader.
    @Test func mutatedListsNeverCrash() throws {
        let base = Array((header + """
            001  AX V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00
            * FROM CLIP NAME: A
            002  AX AA/V C 01:00:00:00 01:00:00:00 01:00:01:00 01:00:01:00
            002  BB AA/V D 012 02:00:00:00 02:00:01:00 01:00:01:00 01:00:02:00
            M2   BB   050.0   02:00:00:00
            AUD  3 4
            * LOC: 01:00:01:05 RED note

            """).utf8)
        var x: UInt64 = 42
        for _ in 0..<3000 {
            var b = base
            for _ in 0..<4 {
                x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let i = Int(x >> 33) % b.count
                let choice = Int(x >> 20) % 4
                switch choice {
                case 0: b[i] = UInt8(truncatingIfNeeded: x >> 8)
                case 1: b.remove(at: i)
                case 2: b.insert(b[Int(x >> 40) % b.count], at: i)
                default: b[i] = [0x3A, 0x3B, 0x20, 0x0A, 0x30, 0x39][Int(x >> 12) % 6]
                }
            }
            _ = try? EDLReader().read(b, options: .init(rate: nil, fileName: "m.edl"))
            _ = try? EDLReader().read(b, options: .init(rate: .fps24, fileName: "m.edl"))
        }
    }
}
