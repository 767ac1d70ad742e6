// libFuzzer entry for the compound-file (MS-CFB) layer of the AAF reader (built by
// Fuzz/build.sh, not by SwiftPM).
//
// Every input is opened as a compound file; when the header, FAT, DIFAT, mini FAT and
// directory pass their checks, every directory entry's path is built, every storage's
// children are listed and every stream is read to its end through StreamReader, in
// 4 KiB steps as essence is copied. An AAFError is the expected answer to junk; a
// crash, a runtime trap, an ASan report, a hang or memory out of proportion to the
// input is a bug.
import DXAAF

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let cfb = try? CompoundFile(source: ByteSource(bytes: bytes)) else { return 0 }
    var buffer = [UInt8](repeating: 0, count: 4096)
    for (index, entry) in cfb.entries.enumerated() {
        _ = cfb.path(of: index)
        switch entry.kind {
        case .root, .storage:
            _ = cfb.childNames(of: index)
        case .stream:
            guard var reader = try? StreamReader(file: cfb, index: index) else { continue }
            while let n = try? buffer.withUnsafeMutableBytes({ try reader.read(into: $0) }), n > 0 {}
        case .unused:
            break
        }
    }
    return 0
}
