import DXConformXML
import DXEDL
import DXEditModel
import TestSupport
import Testing

/// Every saved fuzz input for the XML target, through Fuzz/XMLFuzz.swift's calls: read
/// strict and recovering, then encode, write as EDL and read back. A ConformListError is
/// a fine answer; a trap fails the run.
@Suite struct FuzzRegressionTests {
    @Test func savedInputsReadOrFailCleanly() throws {
        let inputs = try Repo.fuzzRegressions("xml")
        #expect(!inputs.isEmpty)
        for (name, bytes) in inputs {
            for recover in [false, true] {
                do {
                    for t in try XMLListReader().read(bytes, options: .init(fileName: name, recover: recover)) {
                        _ = CanonicalJSON.encode(t, pretty: true)
                        let written = EDLWriter().write(t)
                        _ = try? EDLReader().read(Array(written.utf8), options: .init(rate: t.rate, fileName: "from-xml.edl"))
                    }
                } catch {
                    #expect(error is ConformListError, "\(name): \(error)")
                }
            }
        }
    }
}
