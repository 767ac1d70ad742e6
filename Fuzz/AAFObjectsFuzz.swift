// libFuzzer entry for the AAF object layer and composition walk (built by
// Fuzz/build.sh, not by SwiftPM).
//
// Every input is read as `dx-conform list` reads an AAF file: all top-level
// compositions, then only the first (`--composition 1`); each timeline read is encoded
// as canonical JSON. An AAFError is the expected answer to junk; a crash, a runtime
// trap, an ASan report, a hang or memory out of proportion to the input is a bug.
import DXAAF
import DXEditModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for options in [AAFListReader.Options(), AAFListReader.Options(composition: 1)] {
        guard let timelines = try? AAFListReader().read(bytes: bytes, fileName: "fuzz.aaf", options: options) else { continue }
        for timeline in timelines { _ = CanonicalJSON.encode(timeline) }
    }
    return 0
}
