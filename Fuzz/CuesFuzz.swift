// libFuzzer entry for the cue importers (built by Fuzz/build.sh, not by SwiftPM).
//
// Every input goes to the content-detected reader and then to each reader by name
// (Pro Tools session text, Avid marker list, Resolve marker EDL, CSV with the default
// column mapping and with an explicit one), and to the dx-align NDJSON report reader.
//
// Then the input is also read as up to four fields (split at line ends and tabs) set
// into a template of each format, so every time format and numeric field is fed fuzzed
// text, not only the ones a whole mutated file happens to keep well-formed: a Pro Tools
// session at three timecode rates with the fields as clip start and end (timecode,
// feet+frames, min:secs, samples, bars|beats alike), marker location and sample
// position; CSV in/out/duration/priority; an Avid marker's duration and Mins tag; a
// Resolve marker's |D: duration; the NDJSON report's offset_seconds, offset_samples,
// sample_rate and take_number.
//
// A reader error is the expected answer to junk; a crash, a runtime trap or an ASan
// report is a bug.
import DXCueImport
import DXEditModel
import DXTimecode

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let formats: [CueImporter.Format?] = [nil] + CueImporter.Format.allCases
    for format in formats {
        if let cues = try? CueImporter.read(bytes: bytes, file: "fuzz.txt", format: format, rate: .fps25) {
            _ = cues.cues.count
        }
    }
    _ = try? CueImporter.read(bytes: bytes, file: "fuzz.csv", format: .csv, rate: .fps29_97DF,
                              csvMapping: "number=1,character=2,in=3,out=4,line=5")
    _ = AlignReportReader.read(bytes: bytes, file: "fuzz.ndjson")
    if size <= 256 { fuzzFields(bytes) }
    return 0
}

/// The input as fields in templates of every format (see the file comment).
func fuzzFields(_ bytes: [UInt8]) {
    var f = String(decoding: bytes, as: UTF8.self)
        .split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\t" || $0 == "\r\n" })
        .map(String.init)
    while f.count < 4 { f.append(f.last ?? "") }
    for format in ["25 Frame", "29.97 Drop Frame", "23.976 Frame"] {
        let session = """
            SESSION NAME:\tFuzz
            SAMPLE RATE:\t48000.000000
            SESSION START TIMECODE:\t01:00:00:00
            TIMECODE FORMAT:\t\(format)


            T R A C K  L I S T I N G
            TRACK NAME:\tA
            COMMENTS:\t
            CHANNEL \tEVENT   \tCLIP NAME                     \tSTART TIME    \tEND TIME      \tDURATION      \tSTATE
            1       \t1       \tLine $QN=A1 $Mins=\(f[3])       \t\(f[0])\t\(f[1])\t\(f[2])\tUnmuted


            M A R K E R S  L I S T I N G
            #   \tLOCATION     \tTIME REFERENCE    \tUNITS    \tNAME                             \tCOMMENTS
            1   \t\(f[2])\t\(f[3])\tSamples  \t$Reel=R1                         \t
            2   \t\(f[0])\t\t\tTicks    \t$Sc=2                            \t

            """
        _ = try? CueImporter.read(bytes: Array(session.utf8), file: "fields.txt", format: .protools)
    }
    let csv = "number,in,out,duration,priority,character\nA1,\(f[0]),\(f[1]),\(f[2]),\(f[3]),Bob\nA2,01:00:00:00,,\(f[2]),\(f[3]),Bob\n"
    _ = try? CueImporter.read(bytes: Array(csv.utf8), file: "fields.csv", format: .csv, rate: .fps25)
    let avid = "user\t\(f[0])\tV1\tred\t$QN=A1 $Mins=\(f[1]) Line\t\(f[2])\nuser\t01:00:00:00\tV1\tred\tB\t\(f[3])\n"
    _ = try? CueImporter.read(bytes: Array(avid.utf8), file: "fields.txt", format: .avid, rate: .fps25)
    let resolve = "TITLE: F\nFCM: NON-DROP FRAME\n001  001  V  C  \(f[0]) \(f[1]) \(f[0]) \(f[1])\nLine |C:ResolveColorBlue |M:A1 |D:\(f[2])\n"
    _ = try? CueImporter.read(bytes: Array(resolve.utf8), file: "fields.edl", format: .resolve, rate: .fps25)
    let report = #"{"take": "A1_t1.wav", "offset_seconds": \#(f[0]), "take_number": \#(f[3])}"# + "\n"
        + #"{"take": "A1_t2.wav", "offset_samples": \#(f[1]), "sample_rate": \#(f[2])}"# + "\n"
    _ = AlignReportReader.read(bytes: Array(report.utf8), file: "fields.ndjson")
}
