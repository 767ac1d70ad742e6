import DXTimecode
import Testing

/// Every frame of a 24-hour day, at every rate, against an independent label counter.
@Suite struct TimecodeRoundTripTests {
    /// Steps a label forward the way a timecode generator does, skipping dropped labels.
    /// Independent of `Timecode.components`, so the two check each other.
    struct LabelCounter {
        var h = 0, m = 0, s = 0, f = 0
        let fps: Int
        let drop: Int

        mutating func advance() {
            f += 1
            if f == fps {
                f = 0
                s += 1
                if s == 60 {
                    s = 0
                    m += 1
                    if m == 60 {
                        m = 0
                        h += 1
                    }
                    if drop > 0, m % 10 != 0 { f = drop }
                }
            }
        }
    }

    @Test(arguments: FrameRate.standard)
    func everyFrameOfTheDay(rate: FrameRate) throws {
        var counter = LabelCounter(fps: rate.nominalFPS, drop: rate.dropFramesPerMinute)
        let day = Timecode.framesPerDay(rate)
        var mismatches = 0
        for frames in 0..<day {
            let tc = Timecode(frames: frames, rate: rate)
            let c = tc.components
            if c.hours != counter.h || c.minutes != counter.m || c.seconds != counter.s || c.frames != counter.f {
                mismatches += 1
                if mismatches < 5 {
                    Issue.record("\(rate): frame \(frames) labelled \(tc), counter says \(counter.h):\(counter.m):\(counter.s):\(counter.f)")
                }
            }
            let back = try Timecode(hours: c.hours, minutes: c.minutes, seconds: c.seconds, frames: c.frames, rate: rate)
            if back.frames != frames {
                mismatches += 1
                if mismatches < 5 { Issue.record("\(rate): frame \(frames) -> \(tc) -> \(back.frames)") }
            }
            counter.advance()
        }
        #expect(mismatches == 0)
        // The day ends exactly at 24:00:00:00.
        #expect(counter.h == 24 && counter.m == 0 && counter.s == 0 && counter.f == 0)
    }

    /// String round trip: every frame of the first ten minutes and of the last minute,
    /// and a stride across the day.
    @Test(arguments: FrameRate.standard)
    func labelsParseBack(rate: FrameRate) throws {
        let day = Timecode.framesPerDay(rate)
        let perTen = Int64(rate.nominalFPS * 600 - rate.dropFramesPerMinute * 9)
        var frames: [Int64] = Array(0..<(perTen + 2)) + Array((day - Int64(rate.nominalFPS * 60))..<day)
        frames += stride(from: Int64(0), to: day, by: 997).map { $0 }
        for f in frames {
            let tc = Timecode(frames: f, rate: rate)
            let parsed = try Timecode(parsing: tc.description, rate: rate)
            #expect(parsed.frames == f, "\(rate) \(tc)")
        }
    }

    @Test(arguments: FrameRate.standard)
    func samplePositionsRoundTrip(rate: FrameRate) {
        for sampleRate in [44_100, 48_000, 88_200, 96_000, 192_000] {
            for f in stride(from: Int64(0), to: Timecode.framesPerDay(rate), by: 7919) {
                let tc = Timecode(frames: f, rate: rate)
                let s = tc.samplePosition(sampleRate: sampleRate)
                #expect(Timecode(samplePosition: s, sampleRate: sampleRate, rate: rate).frames == f)
                // The sample just before belongs to the previous frame.
                if f > 0 {
                    #expect(Timecode(samplePosition: s - 1, sampleRate: sampleRate, rate: rate).frames == f - 1)
                }
            }
        }
    }
}
