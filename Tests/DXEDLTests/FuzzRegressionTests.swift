import DXEDL
import DXEditModel
import DXTimecode
import TestSupport
import Testing

/// Every saved fuzz input for the EDL target, through Fuzz/EDLFuzz.swift's calls: read
/// (rate guessed, then 25 fps), encode, write, read back. A ConformListError is a fine
/// answer; a trap fails the run.
@Suite struct FuzzRegressionTests {
    @Test func savedInputsReadOrFailCleanly() throws {
        let inputs = try Repo.fuzzRegressions("edl")
        #expect(!inputs.isEmpty)
        for (name, bytes) in inputs {
            for rate in [nil, FrameRate.fps25] as [FrameRate?] {
                do {
                    let t = try EDLReader().read(bytes, options: .init(rate: rate, fileName: name))
                    _ = CanonicalJSON.encode(t, pretty: true)
                    let written = EDLWriter().write(t)
                    _ = try? EDLReader().read(Array(written.utf8), options: .init(rate: t.rate, fileName: "rewritten.edl"))
                } catch {
                    #expect(error is ConformListError, "\(name): \(error)")
                }
            }
        }
    }
}
