import DXCueImport
import DXEditModel
import DXTimecode
import TestSupport
import Testing

/// Every saved fuzz input for the cues target, through Fuzz/CuesFuzz.swift's calls: the
/// detected reader, each reader by name, CSV with an explicit mapping, and the dx-align
/// report reader. A CueImportError or ConformListError is a fine answer; a trap fails.
@Suite struct FuzzRegressionTests {
    @Test func savedInputsReadOrFailCleanly() throws {
        let inputs = try Repo.fuzzRegressions("cues")
        #expect(!inputs.isEmpty)
        for (name, bytes) in inputs {
            let formats: [CueImporter.Format?] = [nil] + CueImporter.Format.allCases
            let reads: [() throws -> CueImport] = formats.map { f in { try CueImporter.read(bytes: bytes, file: name, format: f, rate: .fps25) } }
                + [{ try CueImporter.read(bytes: bytes, file: name, format: .csv, rate: .fps29_97DF,
                                          csvMapping: "number=1,character=2,in=3,out=4,line=5") }]
            for read in reads {
                do { _ = try read().cues.count } catch {
                    // Decided outside #expect: its expansion of `a is X || a is Y` on an `any Error`
                    // crashed the test process (a bad release in swift_dynamicCast) once
                    // Diagnostic grew a field; the same check out here is sound.
                    let clean = error is CueImportError || error is ConformListError
                    #expect(clean, "\(name): \(error)")
                }
            }
            _ = AlignReportReader.read(bytes: bytes, file: name)
        }
    }
}
