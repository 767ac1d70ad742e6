// libFuzzer entry for the CMX 3600 reader (built by Fuzz/build.sh, not by SwiftPM).
//
// Every input is read twice, with the rate guessed and at 25 fps. A list that reads is
// also encoded as canonical JSON and written back as an EDL, which is read again.
// Reader errors (ConformListError) are expected on junk input; a crash, an assertion,
// an overflow trap or an ASan report is a bug.
//
// DXFUZZ_ROUNDTRIP=1 in the environment also traps when dxkit's own EDL output does not
// read back (a writer/reader disagreement rather than a crash).
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
    for rate in [nil, FrameRate.fps25] as [FrameRate?] {
        let timeline: Timeline
        do {
            timeline = try EDLReader().read(bytes, options: .init(rate: rate, fileName: "fuzz.edl"))
        } catch {
            continue
        }
        _ = CanonicalJSON.encode(timeline, pretty: true)
        let written = EDLWriter().write(timeline)
        do {
            let again = try EDLReader().read(Array(written.utf8), options: .init(rate: timeline.rate, fileName: "rewritten.edl"))
            _ = CanonicalJSON.encode(again)
        } catch {
            if strictRoundTrip {
                fatalError("dxkit's own EDL output did not read back: \(error)\n--- written ---\n\(written)")
            }
        }
    }
    return 0
}
