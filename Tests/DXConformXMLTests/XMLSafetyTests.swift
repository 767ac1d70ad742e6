import DXConformXML
import DXEditModel
import DXXML
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The safe parse policy: hostile or broken XML gives a clear error (file, line) or a
/// warning, never a crash, a hang, a file read or a network request.
@Suite struct XMLSafetyTests {
    static let secret = "DXKIT-SECRET-7f3a9c"

    func parseError(_ bytes: [UInt8], recover: Bool = false) -> XMLError? {
        do {
            _ = try XMLTree.parse(bytes, fileName: "test.xml", recover: recover)
            return nil
        } catch {
            return error
        }
    }

    func readerError(_ bytes: [UInt8], name: String, recover: Bool = false) -> ConformListError? {
        do {
            _ = try XMLListReader().read(bytes, options: .init(fileName: name, recover: recover))
            return nil
        } catch {
            return error as? ConformListError
        }
    }

    // MARK: not well formed

    @Test func notWellFormedNamesFileAndLine() throws {
        let e = try #require(readerError(XMLFixtures.bytes("malformed/not_well_formed.xml"), name: "not_well_formed.xml"))
        #expect(e.kind == .badData)
        #expect(e.diagnostic.file == "not_well_formed.xml")
        #expect(e.diagnostic.line == 6)
        #expect(e.description.hasPrefix("not_well_formed.xml:6: error: not well-formed XML"))
    }

    @Test func selvikaIsNotWellFormedAtLine38() throws {
        let bytes = try XMLFixtures.bytes("hg_Selvika_1._juni_2013.fcpxml")
        let e = try #require(readerError(bytes, name: "hg_Selvika_1._juni_2013.fcpxml"))
        #expect(e.diagnostic.line == 38)
        #expect(e.diagnostic.message.contains("column 62"))
        #expect(e.diagnostic.message.contains("AttValue"))
        #expect(e.diagnostic.remedy == .recoverXML)
        let x = try #require(parseError(bytes))
        #expect(x.kind == .notWellFormed)
        #expect(x.line == 38)
    }

    @Test func selvikaRecoveredReadsWithAWarning() throws {
        let t = try XMLFixtures.timeline("hg_Selvika_1._juni_2013.fcpxml", recover: true)
        #expect(t.title == "Selvika 1. juni 2013")
        #expect(t.events.count == 6)
        #expect(t.source.diagnostics.contains { $0.line == 38 && $0.message.contains("not well formed, recovered") })
        #expect(t.source.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test func emptyFileIsAnError() throws {
        let e = try #require(readerError(XMLFixtures.bytes("malformed/empty.xml"), name: "empty.xml"))
        #expect(e.diagnostic.message.contains("empty"))
        #expect(e.diagnostic.line == 1)
        #expect(parseError([], recover: true) != nil)
    }

    @Test func truncatedFileIsAnErrorWithALine() throws {
        let whole = try XMLFixtures.bytes("ccnmtl_Mark_P_XML.xml")
        for cut in [1, 100, 6000, whole.count / 2, whole.count - 10] {
            let e = try #require(readerError(Array(whole[0..<cut]), name: "cut.xml"), "cut at \(cut)")
            #expect(e.diagnostic.line != nil, "cut at \(cut)")
        }
        // Recover mode reads what is there, or says why not; it never crashes.
        _ = try? XMLListReader().read(Array(whole[0..<(whole.count / 2)]), options: .init(fileName: "cut.xml", recover: true))
    }

    @Test func binaryJunkIsAnError() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var junk: [UInt8] = []
        for _ in 0..<65_536 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            junk.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        for bytes in [junk, [UInt8(ascii: "<")] + junk, [0, 0, 0, 0], Array("TITLE: not xml\n001 AX V C 00:00:00:00".utf8)] {
            #expect(readerError(bytes, name: "junk.bin") != nil)
            #expect(readerError(bytes, name: "junk.bin", recover: true) != nil || true)
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let depth = 100_000
        let bytes = Array(String(repeating: "<a>", count: depth).utf8) + Array(String(repeating: "</a>", count: depth).utf8)
        let e = parseError(bytes)
        #expect(e?.kind == .notWellFormed)
        #expect(e?.message.lowercased().contains("depth") == true)
    }

    // MARK: external entities

    @Test func externalEntityIsRefusedAndTheFileNotRead() throws {
        // The fixture names secret.txt beside it; also point at it by absolute URL.
        let secretURL = XMLFixtures.url("malformed/secret.txt")
        #expect(try String(contentsOf: secretURL, encoding: .utf8).contains(Self.secret))
        let relative = try XMLFixtures.bytes("malformed/xxe_system_entity.xml")
        let absolute = Array(String(decoding: relative, as: UTF8.self)
            .replacingOccurrences(of: "\"secret.txt\"", with: "\"\(secretURL.absoluteString)\"").utf8)
        for bytes in [relative, absolute] {
            for recover in [false, true] {
                let e = try #require(parseError(bytes, recover: recover))
                #expect(e.kind == .refused)
                #expect(e.message.contains("external entity 'secret'"))
                #expect(!e.description.contains(Self.secret))
                #expect(!e.diagnostics.contains { $0.message.contains(Self.secret) })
                let r = try #require(readerError(bytes, name: "xxe.xml", recover: recover))
                #expect(r.diagnostic.line == 3)
                #expect(!r.description.contains(Self.secret))
            }
        }
    }

    @Test func etcPasswdAndParameterEntitiesAreRefused() throws {
        for (name, line) in [("malformed/xxe_etc_passwd.xml", 2), ("malformed/xxe_parameter_entity.xml", 3)] {
            for recover in [false, true] {
                let e = try #require(parseError(XMLFixtures.bytes(name), recover: recover), "\(name)")
                #expect(e.kind == .refused, "\(name)")
                #expect(e.line == line, "\(name)")
                #expect(e.message.contains("SYSTEM \"file:///etc/passwd\""), "\(name)")
                #expect(!e.description.contains("root:"), "\(name)")
            }
        }
    }

    @Test func billionLaughsIsRefusedFast() throws {
        let bytes = try XMLFixtures.bytes("malformed/billion_laughs.xml")
        let clock = ContinuousClock()
        for recover in [false, true] {
            var error: XMLError?
            let elapsed = clock.measure { error = parseError(bytes, recover: recover) }
            #expect(error?.kind == .refused)
            #expect(error?.message.contains("entity") == true)
            #expect(elapsed < .seconds(2))
        }
    }

    @Test func quadraticBlowupStaysSmall() throws {
        let big = String(repeating: "x", count: 40_000)
        let refs = String(repeating: "&big;", count: 50_000)
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE xmeml [<!ENTITY big \"\(big)\">]><xmeml version=\"5\"><sequence><name>\(refs)</name></sequence></xmeml>"
        let clock = ContinuousClock()
        var result: Result<XMLTree, XMLError>?
        let elapsed = clock.measure {
            result = Result { () throws(XMLError) in try XMLTree.parse(Array(xml.utf8), fileName: "q.xml") }
        }
        #expect(elapsed < .seconds(5))
        switch result! {
        case .failure(let e):
            #expect(e.kind == .refused)
        case .success(let doc):
            // Copied text is capped; the cap is reported.
            let name = try #require(doc.root.child("sequence")?.child("name"))
            #expect(name.text.utf8.count <= 1 << 20)
            #expect(doc.warnings.contains { $0.message.contains("too much text") })
        }
    }

    // MARK: network

    @Test func networkDTDIsNeverFetched() throws {
        let listener = try LoopbackListener()
        let template = try String(contentsOf: XMLFixtures.url("malformed/network_dtd.xml"), encoding: .utf8)
        let xml = template.replacingOccurrences(of: "127.0.0.1:9", with: "127.0.0.1:\(listener.port)")
        let t = try #require(XMLListReader().read(Array(xml.utf8), options: .init(fileName: "net.xml")).first)
        #expect(t.title == "network DTD")
        #expect(t.source.diagnostics.contains { $0.message.contains("external DTD") && $0.message.contains("not loaded") })
        // An entity that would pull the DTD in is refused, and nothing connects either.
        let pe = "<?xml version=\"1.0\"?><!DOCTYPE xmeml [<!ENTITY % d SYSTEM \"http://127.0.0.1:\(listener.port)/e.dtd\"> %d;]><xmeml/>"
        #expect(parseError(Array(pe.utf8))?.kind == .refused)
        #expect(parseError(Array(pe.utf8), recover: true)?.kind == .refused)
        #expect(listener.acceptedConnections() == 0)
    }

    @Test func staticNetworkFixtureReadsWithAWarning() throws {
        let t = try XMLFixtures.timeline("malformed/network_dtd.xml")
        #expect(t.events.isEmpty)
        #expect(t.warningText.contains("SYSTEM \"http://127.0.0.1:9/x.dtd\""))
    }
}

/// A TCP listener on an ephemeral loopback port that counts who connected.
final class LoopbackListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        #if canImport(Glibc)
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let sock = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard sock >= 0 else { throw POSIXError(.EIO) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(sock, 16) == 0 else { close(sock); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &len) }
        }
        _ = fcntl(sock, F_SETFL, fcntl(sock, F_GETFL) | O_NONBLOCK)
        fd = sock
        port = UInt16(bigEndian: addr.sin_port)
    }

    /// Connections waiting to be accepted (a connect completes against the backlog
    /// whether or not anyone accepts it).
    func acceptedConnections() -> Int {
        var n = 0
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 { break }
            n += 1
            close(c)
        }
        return n
    }

    deinit { close(fd) }
}
