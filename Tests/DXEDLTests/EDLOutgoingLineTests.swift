import DXEDL
import Foundation
import DXEditModel
import DXTimecode
import Testing

/// Two-line dissolves whose outgoing (first) line has a record duration, as Final Cut
/// Pro writes them: the incoming row still knows the reel and source it comes from.
@Suite struct EDLOutgoingLineTests {
    func read(_ text: String) throws -> Timeline {
        try EDLReader().read(Array(text.utf8), options: .init(rate: .fps25, fileName: "fcp.edl"))
    }

    static let fcp = """
        TITLE: FCP DISSOLVE
        FCM: NON-DROP FRAME

        001  REEL_A   AA    C        10:00:00:00 10:00:04:00 01:00:00:00 01:00:04:00
        * FROM CLIP NAME:  A_take
        002  REEL_A   AA    C        10:00:04:00 10:00:05:00 01:00:04:00 01:00:05:00
        002  REEL_B   AA    D    025 11:00:10:00 11:00:14:00 01:00:04:00 01:00:08:00
        * FROM CLIP NAME:  A_take
        * TO CLIP NAME:  B_take

        """

    @Test func incomingRowKeepsTheOutgoingReel() throws {
        let t = try read(Self.fcp)
        let incoming = try #require(t.events.last)
        #expect(incoming.number == 2)
        #expect(incoming.transition.kind == .dissolve && incoming.transition.frames == 25)
        #expect(incoming.source.reel == "REEL_B")
        #expect(incoming.source.clipName == "B_take")
        #expect(incoming.transition.from?.reel == "REEL_A")
        #expect(incoming.transition.from?.clipName == "A_take")
        #expect(incoming.transition.fromSourceIn == (try Timecode(parsing: "10:00:04:00", rate: .fps25)).frames)
        // The outgoing line keeps its own row (it covers record time), named as before.
        #expect(t.events.count == 3)
        #expect(t.events[1].source.reel == "REEL_A" && t.events[1].record.duration == 25)
        #expect(t.events[1].source.clipName == "A_take")
    }

    @Test func canonicalJSONCarriesFromReel() throws {
        let json = CanonicalJSON.encode(try read(Self.fcp))
        #expect(json.contains(#""from_reel": "REEL_A""#) || json.contains(#""from_reel":"REEL_A""#))
    }

    /// The CMX form (zero-length outgoing line) is unchanged: one row for the dissolve.
    @Test func cmxZeroLengthOutgoingLineIsUnchanged() throws {
        let cmx = Self.fcp.replacingOccurrences(of: "10:00:04:00 10:00:05:00 01:00:04:00 01:00:05:00",
                                                with: "10:00:04:00 10:00:04:00 01:00:04:00 01:00:04:00")
        let t = try read(cmx)
        #expect(t.events.count == 2)
        #expect(t.events[1].transition.from?.reel == "REEL_A")
        #expect(t.events[1].transition.from?.clipName == "A_take")
    }
}
