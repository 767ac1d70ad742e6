#if canImport(Glibc)
import Glibc
#endif
import CCairo
import DXEditModel

/// Why a PDF could not be made.
public struct PDFError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// A report as PDF, laid out with pango and drawn by cairo (both from Debian): A4,
/// header and "page n of N" on every page, column headings repeated after a page break,
/// wrapped text for lines and notes, cards with a take grid for recording logs.
public enum ReportPDF {
    public static func render(_ doc: ReportDocument) throws -> [UInt8] { try renderChecked(doc).bytes }

    /// A rendered report and the characters no installed font could draw (printed as
    /// boxes), so the caller can say which font package is missing instead of printing
    /// unreadable sheets in silence.
    public struct Rendered: Sendable {
        public var bytes: [UInt8]
        public var charactersWithoutFont: [Unicode.Scalar]
    }

    public static func renderChecked(_ doc: ReportDocument) throws -> Rendered {
        var profile = Profile("pdf \(doc.kind)")
        let canvas = try PDFCanvas(landscape: doc.landscape)
        let plan = Planner(doc: doc, canvas: canvas).plan()
        profile.mark("plan")
        for (i, page) in plan.enumerated() {
            let t0 = Profile.enabled ? Profile.clock(CLOCK_THREAD_CPUTIME_ID) : 0
            canvas.drawPageFrame(doc, page: i + 1, of: plan.count)
            for item in page { canvas.draw(item, doc) }
            if Profile.enabled {
                let t1 = Profile.clock(CLOCK_THREAD_CPUTIME_ID)
                canvas.profileGlyphs += canvas.batch.texts.reduce(0) { $0 + $1.glyphs.count }
                canvas.finishPage()
                canvas.profileDraw += t1 - t0
                canvas.profileCairo += Profile.clock(CLOCK_THREAD_CPUTIME_ID) - t1
            } else {
                canvas.finishPage()
            }
        }
        profile.mark("draw+cairo (\(plan.count) pages)")
        let missing = canvas.charactersWithoutFont.sorted().compactMap(Unicode.Scalar.init)
        let bytes = try canvas.finish()
        profile.mark("finish")
        return Rendered(bytes: bytes, charactersWithoutFont: missing)
    }
}
