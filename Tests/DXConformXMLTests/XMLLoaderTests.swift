@testable import DXXML
import Testing

/// libxml2 is opened at the first parse (CLibXML2's loader), not linked: parsing goes
/// through the loaded library, and a library that cannot be loaded is a clear error.
@Suite struct XMLLoaderTests {
    @Test func parsesThroughTheLoadedLibrary() throws {
        let doc = try XMLTree.parse(Array("<r><a x=\"1\">t</a></r>".utf8), fileName: "r.xml")
        #expect(doc.root.child("a")?.attribute("x") == "1")
        #expect(XMLRuntime.unavailableReason == nil)
        // The functions the parse called were looked up in libxml2.so.2 by dlsym.
        let path = try #require(XMLRuntime.loadedPath)
        #expect(path.hasSuffix("/libxml2.so.2") || path == "libxml2.so.2", "loaded from \(path)")
    }

    @Test func safetyPolicyHoldsThroughTheLoader() throws {
        // The refusing entity loader is installed by the same one-time set-up.
        let xxe = #"<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>"#
        #expect { try XMLTree.parse(Array(xxe.utf8), fileName: "x.xml") } throws: { error in
            (error as? XMLError)?.kind == .refused
        }
    }

    @Test func aMissingLibraryIsNamedNotACrash() throws {
        let reason = try #require(XMLRuntime.probe(soname: "libxml2-not-installed.so.9"))
        #expect(reason.contains("cannot load libxml2-not-installed.so.9"))
        #expect(reason.contains("libxml2 package"))
        let error = XMLRuntime.unavailable(reason, fileName: "cut.xml")
        #expect(error.kind == .unavailable)
        #expect(error.description.hasPrefix("cut.xml: error: cannot read XML: cannot load libxml2-not-installed.so.9"))
    }

    @Test func aLibraryWithoutTheFunctionsIsRefused() throws {
        // libc is loadable but is no libxml2: the first missing function is named.
        let reason = try #require(XMLRuntime.probe(soname: "libc.so.6"))
        #expect(reason.contains("has no function xmlNewParserCtxt"), "\(reason)")
        #expect(XMLRuntime.probe(soname: "libxml2.so.2") == nil)
    }
}
