// libFuzzer entry for the FCP7 xmeml / FCPXML reader (built by Fuzz/build.sh, not by SwiftPM).
//
// Every input is read twice: strict, then with libxml2's recover mode. Each timeline
// that reads is encoded as canonical JSON and written as an EDL, which is read again
// (the `dx-conform convert x.xml -o y.edl` path). Reader errors are expected on junk;
// a crash, an assertion, an overflow trap or an ASan report is a bug.
//
// DXFUZZ_ROUNDTRIP=1 in the environment also traps when the EDL written from an XML
// timeline does not read back.
import DXConformXML
import DXEDL
import DXEditModel
import DXTimecode
#if canImport(Glibc)
import Glibc
#endif

private let strictRoundTrip: Bool = getenv("DXFUZZ_ROUNDTRIP").map { String(cString: $0) == "1" } ?? false

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for recover in [false, true] {
        let timelines: [Timeline]
        do {
            timelines = try XMLListReader().read(bytes, options: .init(fileName: "fuzz.xml", recover: recover))
        } catch {
            continue
        }
        for timeline in timelines {
            _ = CanonicalJSON.encode(timeline, pretty: true)
            let written = EDLWriter().write(timeline)
            do {
                let again = try EDLReader().read(Array(written.utf8), options: .init(rate: timeline.rate, fileName: "from-xml.edl"))
                _ = CanonicalJSON.encode(again)
            } catch {
                if strictRoundTrip {
                    fatalError("EDL written from an XML timeline did not read back: \(error)\n--- written ---\n\(written)")
                }
            }
        }
    }
    return 0
}
