import Testing
@testable import DXCueImport
import DXTimecode

/// Numbers too large for any session, in every time format and numeric field the cue
/// importers read: the import is refused with the file and line named (dx-cues exits 65),
/// or the field is dropped with a warning, and never traps on an Int64 overflow.
struct NumberOverflowTests {
    static let huge = "9999999999"

    /// A one-clip, one-marker session text at 29.97 (a 30000 numerator: where min:secs and
    /// feet+frames of 9999999999 overflowed): clip times and the marker as given.
    static func session(start: String, end: String, marker: String = "01:00:10:00",
                        markerReference: String = "2880000", units: String = "Samples") -> [UInt8] {
        let text = """
            SESSION NAME:\tOverflow
            SAMPLE RATE:\t48000.000000
            BIT DEPTH:\t24-bit
            SESSION START TIMECODE:\t01:00:00:00
            TIMECODE FORMAT:\t29.97 Frame
            # OF AUDIO TRACKS:\t1


            T R A C K  L I S T I N G
            TRACK NAME:\tBOB
            COMMENTS:\t
            USER DELAY:\t0 Samples
            STATE: 
            CHANNEL \tEVENT   \tCLIP NAME                     \tSTART TIME    \tEND TIME      \tDURATION      \tSTATE
            1       \t1       \tHello $QN=BO101               \t\(start)\t\(end)\t00:00:01:00\tUnmuted


            M A R K E R S  L I S T I N G
            #   \tLOCATION     \tTIME REFERENCE    \tUNITS    \tNAME                             \tCOMMENTS
            1   \t\(marker)\t\(markerReference)\t\(units)\t$Reel=R1                         \t

            """
        return Array(text.utf8)
    }

    /// The refusal for a session: a CueImportError whose one diagnostic names file and line.
    func refusal(_ bytes: [UInt8], line: Int) throws -> CueImportError {
        do {
            _ = try CueImporter.read(bytes: bytes, file: "big.txt")
        } catch let e as CueImportError {
            #expect(e.diagnostics.count == 1)
            #expect(e.diagnostics.first?.file == "big.txt")
            #expect(e.diagnostics.first?.line == line)
            #expect(e.description.contains("big.txt:\(line)"))
            #expect(e.description.contains("out of range"))
            return e
        }
        Issue.record("no refusal")
        return CueImportError("")
    }

    @Test func wellFormedTemplateImports() throws {
        let r = try CueImporter.read(bytes: Self.session(start: "5:00", end: "5:01"), file: "ok.txt")
        #expect(r.cues.count == 1)
        #expect(r.cues[0].start > 108_000 + 8_990 && r.cues[0].start < 108_000 + 8_993)
        // The marker at 2,880,000 samples (one minute in) is before the clip: its tag applies.
        #expect(r.cues[0].reel == "R1")
    }

    @Test(arguments: [
        ("\(huge):00", "min:secs minutes"),
        ("1:\(huge):00", "h:mm:ss minutes"),
        ("0:\(huge)", "min:secs seconds"),
        ("0:\(huge).500", "min:secs seconds with milliseconds"),
        ("99999999999999999999:00", "min:secs beyond Int64"),
        ("\(huge)+00", "feet"),
        ("-\(huge)+00", "negative feet"),
        ("99999999999999999999+00", "feet beyond Int64"),
        ("\(huge)\(huge)", "samples"),
        ("99999999999999999999", "samples beyond Int64"),
    ])
    func clipTimeOutOfRangeIsRefused(time: String, what: String) throws {
        let e = try refusal(Self.session(start: time, end: time), line: 15)
        #expect(e.description.contains(time), "\(what)")
    }

    @Test func markerSamplePositionOutOfRangeIsRefused() throws {
        _ = try refusal(Self.session(start: "0:01", end: "0:02", markerReference: "9223372036854775807"), line: 20)
    }

    @Test func markerLocationOutOfRangeIsRefused() throws {
        _ = try refusal(Self.session(start: "0:01", end: "0:02", marker: "\(Self.huge)+00", markerReference: "", units: "Ticks"),
                        line: 20)
    }

    @Test func clockCalibrationSkipsAnOutOfRangeMarker() throws {
        // A feet+frames marker with a sample position calibrates the film rate: an absurd
        // one is not a calibration (and not a trap), but still refuses the import.
        _ = try refusal(Self.session(start: "1+00", end: "2+00", marker: "1+00", markerReference: "9223372036854775807"), line: 20)
    }

    @Test func csvDurationOutOfRangeIsRefused() throws {
        let csv = "number,in,duration,character\nA1,01:00:00:00,5,Bob\nA2,01:00:10:00,\(Self.huge)\(Self.huge),Bob\n"
        #expect(throws: CueImportError.self) {
            _ = try CueImporter.read(bytes: Array(csv.utf8), file: "big.csv", format: .csv, rate: .fps25)
        }
        do { _ = try CueImporter.read(bytes: Array(csv.utf8), file: "big.csv", format: .csv, rate: .fps25) } catch let e as CueImportError {
            #expect(e.diagnostics.first?.line == 3)
        }
        let beyond = "number,in,duration\nA1,01:00:00:00,99999999999999999999\n"
        #expect(throws: CueImportError.self) {
            _ = try CueImporter.read(bytes: Array(beyond.utf8), file: "big.csv", format: .csv, rate: .fps25)
        }
    }

    @Test func avidMarkerDurationOutOfRangeIsRefused() throws {
        let text = "Bob\t01:00:00:00\tV1\tred\t$QN=B1 Hello\t9223372036854775807\n"
        #expect(throws: CueImportError.self) {
            _ = try CueImporter.read(bytes: Array(text.utf8), file: "m.txt", format: .avid, rate: .fps25)
        }
    }

    @Test func resolveMarkerDurationOutOfRangeIsRefused() throws {
        let text = """
            TITLE: Markers
            FCM: NON-DROP FRAME

            001  001      V     C        01:00:00:00 01:00:00:01 01:00:00:00 01:00:00:01
            Hello |C:ResolveColorBlue |M:BO101 |D:9223372036854775807

            """
        #expect(throws: CueImportError.self) {
            _ = try CueImporter.read(bytes: Array(text.utf8), file: "m.edl", format: .resolve, rate: .fps25)
        }
    }

    @Test func minsTagTooLargeIsNoBudget() {
        #expect(ProToolsCueReader.minutesToSeconds("1.5") == 90)
        #expect(ProToolsCueReader.minutesToSeconds("153722867280912930") == nil)
        #expect(ProToolsCueReader.minutesToSeconds("99999999999999999999") == nil)
    }

    @Test func alignReportNumbersOutOfRange() {
        #expect(AlignReportReader.microseconds("12.3456") == 12_345_600)
        #expect(AlignReportReader.microseconds("1e-100") == 0)
        #expect(AlignReportReader.microseconds("1.5e-7") == 0)
        #expect(AlignReportReader.microseconds("1e999999999") == nil)
        #expect(AlignReportReader.microseconds("9223372036854775807") == nil)
        #expect(AlignReportReader.microseconds("9223372036854.7758075") == nil)
        let line = #"{"take": "BO101_t1.wav", "offset_samples": 9223372036854775807, "sample_rate": 48000}"#
        let r = AlignReportReader.read(bytes: Array((line + "\n").utf8), file: "a.ndjson")
        #expect(r.records.count == 1)
        #expect(r.records.first?.offsetMicroseconds == nil)
        #expect(r.warnings.contains { $0.message.contains("out of range") && $0.line == 1 })
    }
}
