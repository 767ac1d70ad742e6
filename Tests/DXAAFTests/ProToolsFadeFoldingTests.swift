import DXAAF
import DXEditModel
import TestSupport
import XCTest

/// `--fold-pt-fades`: Pro Tools' rendered fade clips and sample-accurate-edit pieces
/// folded back into fades on the clips they belong to.
final class ProToolsFadeFoldingTests: XCTestCase {
    private func read(_ name: String, fold: Bool) throws -> Timeline {
        try XCTUnwrap(AAFListReader().read(path: Repo.fixture("aaf/\(name)").path,
                                           options: .init(foldProToolsFades: fold)).first)
    }

    private func events(_ t: Timeline, _ track: Int) -> [Event] {
        t.events.filter { $0.tracks == [.audio(track)] }
    }

    func testPiecesAreListedAsWrittenByDefault() throws {
        let t = try read("PT_Fades.aaf", fold: false)
        // 11 pieces on A1: four "Sample accurate edit" around each of three "Fade " clips
        // and two real clips (the pyaaf2 oracle lists the same).
        XCTAssertEqual(events(t, 1).count, 11)
        XCTAssertEqual(events(t, 1).filter { $0.source.clipName == "Fade " }.count, 3)
    }

    func testFadesFoldIntoTheClipsTheyBelongTo() throws {
        let t = try read("PT_Fades.aaf", fold: true)
        let a1 = events(t, 1)
        XCTAssertEqual(a1.map(\.source.clipName), ["1000hz-18dbs16b44.1k-01", "1000hz-18dbs16b44.1k"])
        // The first clip takes the leading pieces as its fade in: it starts where the
        // first piece did (881 frames at 30 fps = 1 295 070 samples at 44.1 kHz; LibAAF's
        // --pt-true-fades gives the same start and the same 22 050-sample fade in).
        XCTAssertEqual(a1[0].audio?.recordIn, 1_295_070)
        XCTAssertEqual(a1[0].audio?.fadeIn, 22050)
        XCTAssertNil(a1[0].audio?.fadeOut)
        // Across the crossfade both clips are extended: the first ends where the second's
        // pieces end (958 frames), the second starts where they begin (936 frames).
        XCTAssertEqual(a1[0].audio?.recordOut, 958 * 1470)
        XCTAssertEqual(a1[1].audio?.recordIn, 936 * 1470)
        XCTAssertEqual(a1[1].transition.kind, .dissolve)
        XCTAssertEqual(a1[1].transition.frames, 22)
        // The trailing fade and its pieces: 1013 → 1027 frames.
        XCTAssertEqual(a1[1].audio?.recordOut, 1027 * 1470)
        XCTAssertEqual(a1[1].audio?.fadeOut, 14 * 1470)
        // Extending a clip backwards moves its source in with it, in every unit.
        let unfolded = events(try read("PT_Fades.aaf", fold: false), 1).first { $0.source.clipName == "1000hz-18dbs16b44.1k" }!
        XCTAssertEqual(unfolded.audio!.recordIn! - a1[1].audio!.recordIn!, 22 * 1470)
        XCTAssertEqual(unfolded.sourceRange.start - a1[1].sourceRange.start, 22)
    }

    func testEveryLanguageFoldsTheSame() throws {
        // Pro Tools names the pieces in its interface language ("Fondu ", "サンプル精度編集"…).
        let fr = try read("PT_lang_fr.aaf", fold: true), ja = try read("PT_lang_ja.aaf", fold: true)
        XCTAssertEqual(fr.events.count, 1)
        XCTAssertEqual(fr.events.map(\.record), ja.events.map(\.record))
        XCTAssertEqual(fr.events.map(\.audio), ja.events.map(\.audio))
        XCTAssertNotNil(fr.events[0].audio?.fadeIn)
        XCTAssertNotNil(fr.events[0].audio?.fadeOut)
        XCTAssertGreaterThan(try read("PT_lang_fr.aaf", fold: false).events.count, 1)
    }
}
