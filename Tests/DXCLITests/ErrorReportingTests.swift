import ArgumentParser
import DXCLI
import DXEditModel
import DXTimecode
import Testing

/// The one mapping from errors to exit statuses, and the typed option values every tool
/// shares (the tools' own CLI tests pin the statuses end to end).
@Suite struct ErrorReportingTests {
    struct Unknown: Error {}

    @Test func eachErrorGetsItsStatus() {
        let diagnostic = Diagnostic(.error, "bad line", file: "cut.edl", line: 12)
        let cases: [(Error, DXCLI.ExitStatus)] = [
            (ToolError(.cannotCreate, "out.wav: is the input file"), .cannotCreate),
            (ConformListError(.badData, diagnostic), .dataError),
            (ConformListError(.noInput, diagnostic), .noInput),
            (ConformListError(.io, diagnostic), .ioError),
            (ConformListError(.unavailable, diagnostic), .unavailable),
            (diagnostic, .dataError),
            (TimecodeError.malformed("1:2", expected: "HH:MM:SS:FF"), .dataError),
            (Unknown(), .software),
        ]
        for (error, status) in cases {
            #expect(ErrorReporting.toolError(error).status == status, "\(error)")
        }
        #expect(ErrorReporting.toolError(ConformListError(.badData, diagnostic)).message == "cut.edl:12: error: bad line")
        #expect(ErrorReporting.toolError(Unknown()).message.hasPrefix("internal error: "))
    }

    @Test func exitCodePassesThroughUnreported() {
        #expect(throws: ExitCode(1)) { try ErrorReporting.run(tool: "dx-test") { throw ExitCode(1) } }
        #expect(throws: DXCLI.ExitStatus.dataError.code) {
            try ErrorReporting.run(tool: "dx-test") { throw TimecodeError.malformed("x", expected: "HH:MM:SS:FF") }
        }
    }

    @Test func frameRatesAsTyped() throws {
        for text in ["23.976", "24", "25", "29.97", "29.97df", "30", "59.94df", "24000/1001", "2997"] {
            let rate = try #require(FrameRate(argument: text), "\(text)")
            #expect(rate == (try FrameRate(parsing: text)))
            // The typed form reads back as the same rate (defaults and completions use it).
            #expect(FrameRate(argument: rate.argumentText) == rate, "\(text) -> \(rate.argumentText)")
        }
        for bad in ["", "27.3x", "0", "25df", "fast"] { #expect(FrameRate(argument: bad) == nil, "\(bad)") }
        #expect(FrameRate.fps29_97DF.argumentText == "29.97df")
        #expect(FrameRate.fps24.defaultValueDescription == "24")
    }

    @Test func trackNames() {
        #expect(TrackID(argument: "a2") == .audio(2))
        #expect(TrackID(argument: "V") == .editVideo)
        for bad in ["A0", "B1", "A", ""] { #expect(TrackID(argument: bad) == nil, "\(bad)") }
    }
}
