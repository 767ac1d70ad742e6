// libFuzzer entry for the cue importers (built by Fuzz/build.sh, not by SwiftPM).
//
// Every input goes to the content-detected reader and then to each reader by name
// (Pro Tools session text, Avid marker list, Resolve marker EDL, CSV with the default
// column mapping and with an explicit one), and to the dx-align NDJSON report reader.
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
    return 0
}
