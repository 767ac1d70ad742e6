// libFuzzer entry for DXAudio's file reader (built by Fuzz/build.sh, not by SwiftPM).
//
// Every input is written to one scratch file and opened with AudioReader, truncation
// accepted, so the RIFF/RF64 chunk scan (bext, iXML, data), the AIFF scan, DXAudio's own
// reader of plain PCM WAVs and, for anything else, libsndfile all see it. When it opens,
// every frame is read as floats, then again from frame 0 as left-justified integers, as
// the tools read takes and production audio. An AudioError is the expected answer to
// junk; a crash, a runtime trap, an ASan report, a hang or memory out of proportion to
// the input is a bug.
import DXAudio

#if canImport(Glibc)
import Glibc
#endif

/// One scratch file per fuzzing process (libFuzzer's workers are processes).
private let scratchPath = "/tmp/dxkit-fuzz-audio-\(getpid()).wav"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let file = fopen(scratchPath, "wb") else { return 0 }
    let written = fwrite(data, 1, size, file)
    fclose(file)
    guard written == size, let reader = try? AudioReader(path: scratchPath, acceptTruncated: true) else { return 0 }
    let frames = 1024
    var floats = [Float](repeating: 0, count: frames * reader.format.channels)
    while let n = try? floats.withUnsafeMutableBufferPointer({ try reader.read(into: $0, frames: frames) }), n > 0 {}
    guard (try? reader.seek(toFrame: 0)) != nil else { return 0 }
    var ints = [Int32](repeating: 0, count: frames * reader.format.channels)
    while let n = try? ints.withUnsafeMutableBufferPointer({ try reader.readInt32(into: $0, frames: frames) }), n > 0 {}
    return 0
}
