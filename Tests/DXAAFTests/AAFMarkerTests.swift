import DXAAF
import DXEditModel
import DXTimecode
import TestSupport
import XCTest

/// Markers (Avid and Resolve locators) read from the compositions' event slots. The
/// files describe their own markers in each marker's comment ("at pos 01:00:00:10 …
/// my color is red"), which these tests hold the reader to.
final class AAFMarkerTests: XCTestCase {
    private func timeline(_ name: String) throws -> Timeline {
        try XCTUnwrap(AAFListReader().read(path: Repo.fixture("aaf/\(name)").path).first)
    }

    func testMediaComposerMarkersOnTracks() throws {
        let t = try timeline("MC_Markers.aaf")
        XCTAssertEqual(t.markers.count, 2)
        for m in t.markers {
            let tc = Timecode(frames: m.at, rate: t.rate).description
            XCTAssertTrue(m.name.contains("at pos \(tc)"), "\(m.name) at \(tc)")
        }
        XCTAssertEqual(t.markers.map(\.note), ["by ABC; on A1", "by DEF; on A2"])
        XCTAssertTrue(t.markers[0].name.contains("red"))
        XCTAssertEqual(t.markers[0].color, "#A12F19")  // 16-bit channels 41471, 12134, 6564
    }

    func testResolveMarkersWithLengths() throws {
        let t = try timeline("DR_Markers.aaf")
        XCTAssertEqual(t.markers.map { Timecode(frames: $0.at, rate: t.rate).description }, ["01:01:00:00", "01:01:30:00"])
        XCTAssertEqual(t.markers.map(\.duration), [0, 10])
        XCTAssertTrue(t.markers[1].name.contains("last 10 frames"))
    }
}
