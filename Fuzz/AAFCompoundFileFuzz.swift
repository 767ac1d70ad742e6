// libFuzzer entry for the compound-file (MS-CFB) layer of the AAF reader (built by
// Fuzz/build.sh, not by SwiftPM).
//
// Every input is opened as a compound file; when the header, FAT, DIFAT, mini FAT and
// directory pass their checks, CompoundFile.checkEveryStream builds every directory
// entry's path, lists every storage's children and reads every stream to its end
// through StreamReader, in 4 KiB steps as essence is copied. An AAFError is the
// expected answer to junk; a crash, a runtime trap, an ASan report, a hang or memory
// out of proportion to the input is a bug.
import DXAAF

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let cfb = try? CompoundFile(source: ByteSource(bytes: bytes)) else { return 0 }
    _ = try? cfb.checkEveryStream()
    return 0
}
