import DXTimecode
import Testing

/// Values from published references (SMPTE ST 12-1 drop-frame rules, the BWF
/// TimeReference convention of samples since midnight) and their arithmetic.
@Suite struct TimecodeKnownValueTests {
    @Test func dropFrameKnownValues() throws {
        // 29.97 DF: one hour is 107,892 frames; ten minutes 17,982; a minute 1,798.
        #expect(try Timecode(parsing: "01:00:00;00", rate: .fps29_97DF).frames == 107_892)
        #expect(try Timecode(parsing: "00:10:00;00", rate: .fps29_97DF).frames == 17_982)
        #expect(try Timecode(parsing: "00:01:00;02", rate: .fps29_97DF).frames == 1_800)
        #expect(try Timecode(parsing: "00:00:59;29", rate: .fps29_97DF).frames == 1_799)
        #expect(try Timecode(parsing: "23:59:59;29", rate: .fps29_97DF).frames == 2_589_407)
        #expect(Timecode.framesPerDay(.fps29_97DF) == 2_589_408)
        // 59.94 DF drops four labels a minute: one hour is 215,784 frames.
        #expect(try Timecode(parsing: "01:00:00;00", rate: .fps59_94DF).frames == 215_784)
        #expect(try Timecode(parsing: "00:01:00;04", rate: .fps59_94DF).frames == 3_600)
        #expect(Timecode(frames: 1_800, rate: .fps29_97DF).description == "00:01:00;02")
        #expect(Timecode(frames: 17_982, rate: .fps29_97DF).description == "00:10:00;00")
    }

    @Test func nonDropKnownValues() throws {
        #expect(try Timecode(parsing: "01:00:00:00", rate: .fps23_976).frames == 86_400)
        #expect(try Timecode(parsing: "01:00:00:00", rate: .fps25).frames == 90_000)
        #expect(try Timecode(parsing: "10:00:00:00", rate: .fps29_97).frames == 1_080_000)
        #expect(Timecode(frames: 90_000 + 24, rate: .fps25).description == "01:00:00:24")
        #expect(Timecode.framesPerDay(.fps60) == 5_184_000)
    }

    @Test func samplePositionsMatchTheBWFConvention() throws {
        // 01:00:00:00 at 23.976 is 3603.6 s: 172,972,800 samples at 48 kHz.
        #expect(try Timecode(parsing: "01:00:00:00", rate: .fps23_976).samplePosition(sampleRate: 48_000) == 172_972_800)
        // At 25 fps exactly 3600 s.
        #expect(try Timecode(parsing: "01:00:00:00", rate: .fps25).samplePosition(sampleRate: 48_000) == 172_800_000)
        // 29.97 DF 01:00:00;00 is 3599.9964 s = 172,799,827.2 samples: first whole sample 172,799,828.
        let df = try Timecode(parsing: "01:00:00;00", rate: .fps29_97DF)
        #expect(df.samplePosition(sampleRate: 48_000) == 172_799_828)
        #expect(!df.isSampleAligned(sampleRate: 48_000))
        // Five 29.97 frames are exactly 8,008 samples at 48 kHz.
        #expect(Timecode(frames: 5, rate: .fps29_97).samplePosition(sampleRate: 48_000) == 8_008)
        // A TimeReference above 2^32 (23:59:59:00 at 24 fps, 192 kHz).
        let late = try Timecode(parsing: "23:59:59:00", rate: .fps24)
        #expect(late.samplePosition(sampleRate: 192_000) == 16_588_608_000)
        #expect(Timecode(samplePosition: 16_588_608_000, sampleRate: 192_000, rate: .fps24) == late)
    }

    @Test func arithmetic() throws {
        let a = try Timecode(parsing: "00:59:59;29", rate: .fps29_97DF)
        #expect((a + 1).description == "01:00:00;00")
        #expect(((a + 1) - a) == 1)
        #expect((a - a.frames - 1).description == "-00:00:00;01")
        #expect((a - a.frames - 1).wrappedToDay.description == "23:59:59;29")
        // Comparison is in real time across rates: 1 s at 25 fps == 1 s at 24 fps.
        #expect(!(Timecode(frames: 25, rate: .fps25) < Timecode(frames: 24, rate: .fps24)))
        #expect(Timecode(frames: 24, rate: .fps25) < Timecode(frames: 24, rate: .fps24))
        #expect(Timecode(frames: 50, rate: .fps25).converted(to: .fps24).frames == 48)
    }

    @Test func separators() throws {
        for text in ["01:02:03:04", "01:02:03;04", "01.02.03.04", "01:02:03.04", "1:2:3:4", " 01;02;03;04 "] {
            #expect(try Timecode(parsing: text, rate: .fps30).description == "01:02:03:04", "\(text)")
        }
        #expect(try SMPTELabel(parsing: "01:02:03;04").suggestsDropFrame)
        #expect(try !SMPTELabel(parsing: "01:02:03:04").suggestsDropFrame)
    }

    @Test func impossibleValuesAreRefusedWithAClearMessage() {
        func message(_ text: String, _ rate: FrameRate) -> String {
            do {
                _ = try Timecode(parsing: text, rate: rate)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(message("00:01:00;00", .fps29_97DF).contains("dropped"))
        #expect(message("00:01:00;01", .fps29_97DF).contains("dropped"))
        #expect(message("00:01:00;03", .fps59_94DF).contains("dropped"))
        #expect(message("00:10:00;00", .fps29_97DF) == "accepted")
        #expect(message("00:00:00:24", .fps24).contains("frame 24 does not exist at 24 fps"))
        #expect(message("00:00:00:25", .fps25).contains("frame 25"))
        #expect(message("00:60:00:00", .fps25).contains("minutes 60"))
        #expect(message("00:00:60:00", .fps25).contains("seconds 60"))
        #expect(message("24:00:00:00", .fps25).contains("hours 24"))
        #expect(message("01:00:00", .fps25).contains("four fields"))
        #expect(message("01:00:00:0x", .fps25).contains("expected"))
        #expect(message("", .fps25).contains("expected"))
    }

    @Test func rateParsing() throws {
        #expect(try FrameRate(parsing: "23.976") == .fps23_976)
        #expect(try FrameRate(parsing: "23.98") == .fps23_976)
        #expect(try FrameRate(parsing: "24000/1001") == .fps23_976)
        #expect(try FrameRate(parsing: "29.97df") == .fps29_97DF)
        #expect(try FrameRate(parsing: "29.97 DF") == .fps29_97DF)
        #expect(try FrameRate(parsing: "29.97") == .fps29_97)
        #expect(try FrameRate(parsing: "2997NDF") == .fps29_97)
        #expect(try FrameRate(parsing: "59.94df") == .fps59_94DF)
        #expect(try FrameRate(parsing: "47.952") == .fps47_952)
        #expect(try FrameRate(parsing: "25") == .fps25)
        #expect(try FrameRate(parsing: "60fps") == .fps60)
        #expect(try FrameRate(parsing: "50/2") == .fps25)
        #expect(throws: TimecodeError.self) { try FrameRate(parsing: "25df") }
        #expect(throws: TimecodeError.self) { try FrameRate(parsing: "0") }
        #expect(throws: TimecodeError.self) { try FrameRate(parsing: "-24") }
        #expect(throws: TimecodeError.self) { try FrameRate(parsing: "27.3") }
        #expect(throws: TimecodeError.self) { try FrameRate(parsing: "fast") }
        #expect(FrameRate.fps29_97DF.description == "29.97 DF")
        #expect(FrameRate.fps23_976.description == "23.976")
        #expect(FrameRate.fps47_952.description == "47.952")
    }
}

/// Rates whose numbers overflow Int arithmetic are refused, not trapped on.
@Suite struct RateOverflowTests {
    @Test func hugeRatesAreRefused() throws {
        for text in ["9223372036854775807.5", "9223372036854775807/2", "9223372036854775807", "99999999999999999999"] {
            #expect(throws: TimecodeError.self, "\(text)") { try FrameRate(parsing: text) }
        }
        // A near-1 fps rate with huge terms is a rate (about 1 fps); its nominal rate is 1.
        let r = try FrameRate(parsing: "9223372036854775807/9223372036854775806")
        #expect(r.nominalFPS == 1)
        #expect(try FrameRate(parsing: "24000/1001").nominalFPS == 24)
        #expect(try FrameRate(parsing: "30000/1001").nominalFPS == 30)
        #expect(try FrameRate(parsing: "2/3").nominalFPS == 1)
    }
}
