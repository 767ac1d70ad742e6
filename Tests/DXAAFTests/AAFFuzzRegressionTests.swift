import DXAAF
import DXEditModel
import Foundation
import TestSupport
import Testing

/// The calls the two AAF fuzz targets make (Fuzz/AAFCompoundFileFuzz.swift and
/// Fuzz/AAFObjectsFuzz.swift), so the tests replay saved inputs exactly as the fuzzers
/// ran them, but let errors through for the malformed-input tests to inspect.
enum FuzzCalls {
    /// aaf-cfb: open the compound file, then every entry's path, every storage's children
    /// and every stream read to its end.
    static func compoundFile(_ bytes: [UInt8]) throws {
        try CompoundFile(source: ByteSource(bytes: bytes)).checkEveryStream()
    }

    /// aaf-objects: the fuzzer reads every top-level composition (nil), then only the
    /// first (1), each as canonical JSON.
    static func objects(_ bytes: [UInt8], composition: Int? = nil) throws -> [Timeline] {
        let timelines = try AAFListReader().read(bytes: bytes, fileName: "fuzz.aaf", options: .init(composition: composition))
        for t in timelines { _ = CanonicalJSON.encode(t) }
        return timelines
    }
}

/// Every input a fuzzer once crashed, hung or ran out of memory on
/// (Fixtures/fuzz-regressions/aaf-cfb and aaf-objects) must now read or fail with an
/// AAFError: no crash, no other error.
@Suite struct AAFFuzzRegressionTests {
    static func inputs() -> [URL] {
        Repo.fixtures(in: "fuzz-regressions/aaf-cfb") + Repo.fixtures(in: "fuzz-regressions/aaf-objects")
    }

    @Test func savedInputsReadOrFailCleanly() throws {
        for url in AAFFuzzRegressionTests.inputs() {
            let bytes = [UInt8](try Data(contentsOf: url))
            let calls: [(String, () throws -> Void)] = [
                ("aaf-cfb", { try FuzzCalls.compoundFile(bytes) }),
                ("aaf-objects", { _ = try FuzzCalls.objects(bytes) }),
                ("aaf-objects --composition 1", { _ = try FuzzCalls.objects(bytes, composition: 1) }),
            ]
            for (target, call) in calls {
                do {
                    try call()
                } catch is AAFError {
                    // The expected answer to damage.
                } catch {
                    Issue.record("\(url.lastPathComponent) through \(target): \(type(of: error)) \(error), not an AAFError")
                }
            }
        }
    }

    /// The hand-made seeds in Fuzz/corpus-aaf (`hand-*.aaf`): small valid files that reach
    /// every structure in a few KB, so the fuzzers mutate them thousands of times a second
    /// where a 200 KB export runs tens. DXFUZZ_WRITE_AAF_SEEDS=1 rewrites them.
    static func handMadeSeeds() -> [(name: String, bytes: [UInt8])] {
        let essence = AAFMalformedTests.essence
        var v4 = AAFMalformedTests.minimalAAF(extra: [essence])
        v4.sectorShift = 12
        return [
            ("hand-minimal.aaf", AAFMalformedTests.minimalAAF().build().bytes),
            ("hand-essence.aaf", AAFMalformedTests.minimalAAF(extra: [essence]).build().bytes),
            ("hand-composition.aaf", AAFMalformedTests.minimalAAF(mobs: [
                AAFMalformedTests.compositionMob(segmentClass: AAFBytes.classID(.sourceClip)),
            ]).build().bytes),
            ("hand-sector-4096.aaf", v4.build().bytes),
            ("hand-sequence.aaf", AAFMalformedTests.minimalAAF(mobs: [AAFMalformedTests.compositionMob(
                segmentClass: AAFBytes.classID(.sequence),
                segment: AAFMalformedTests.sequence([(AAFBytes.classID(.filler), 10), (AAFBytes.classID(.sourceClip), 50),
                                                     (AAFBytes.classID(.transition), 5), (AAFBytes.classID(.sourceClip), 40)]),
                more: [(AAFBytes.classID(.timecode), AAFMalformedTests.timecode(start: 90_000))])]).build().bytes),
        ]
    }

    @Test func handMadeSeedsAreCurrent() throws {
        let dir = Repo.root.appendingPathComponent("Fuzz/corpus-aaf")
        let write = ProcessInfo.processInfo.environment["DXFUZZ_WRITE_AAF_SEEDS"] == "1"
        for seed in AAFFuzzRegressionTests.handMadeSeeds() {
            let url = dir.appendingPathComponent(seed.name)
            if write { try Data(seed.bytes).write(to: url) }
            #expect((try? Data(contentsOf: url)).map { [UInt8]($0) } == seed.bytes,
                    "\(seed.name) differs; rerun with DXFUZZ_WRITE_AAF_SEEDS=1")
        }
    }

    /// The seed corpus reads: the fuzzers start from files that work.
    @Test func seedCorpusReads() throws {
        let dir = Repo.root.appendingPathComponent("Fuzz/corpus-aaf")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
            try FuzzCalls.compoundFile(bytes)
            _ = try FuzzCalls.objects(bytes)
        }
    }
}
