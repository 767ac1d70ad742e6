#if canImport(Glibc)
import Glibc
#endif
import CCairo
import DXEditModel

/// Byte sink for cairo's PDF stream.
final class ByteSink {
    var bytes: [UInt8] = []
}

/// Owns the cairo surface and context and the fonts (not Sendable: one task uses it).
final class PDFCanvas {
    let width: Double
    let height: Double
    let margin = 36.0
    let surface: OpaquePointer
    let cr: OpaquePointer
    /// The layout for text pango lays out itself.
    let layout: OpaquePointer
    /// One pango context at 72 dpi, so font sizes are PDF points (pango-cairo defaults to 96).
    let context: OpaquePointer
    let sink = ByteSink()
    let descriptions: [OpaquePointer]
    let glyphs: [FontGlyphs]
    var batch = PageBatch()
    /// The gray that drawing uses (0 black … 1 white).
    var currentGray = 0.0
    var gridPatterns: [Int: OpaquePointer] = [:]
    var layoutCache: [String: OpaquePointer] = [:]
    /// Code points pango found in no installed font (drawn as boxes).
    var charactersWithoutFont: Set<UInt32> = []
    static let gridBox = 15.0
    /// With DXCUES_PROFILE: CPU seconds laying out and in cairo, glyphs drawn.
    var profileDraw = 0.0, profileCairo = 0.0, profileGlyphs = 0

    init(landscape: Bool) throws {
        width = landscape ? 841.89 : 595.28
        height = landscape ? 595.28 : 841.89
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        guard let s = cairo_pdf_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(), width, height) else {
            throw PDFError(description: "cairo could not create a PDF surface")
        }
        surface = s
        guard cairo_surface_status(s) == CAIRO_STATUS_SUCCESS, let c = cairo_create(s) else {
            cairo_surface_destroy(s)
            throw PDFError(description: "cairo could not create a PDF surface")
        }
        cr = c
        guard let ctx = pango_cairo_create_context(c), let l = pango_layout_new(ctx) else {
            cairo_destroy(c)
            cairo_surface_destroy(s)
            throw PDFError(description: "pango could not create a layout")
        }
        pango_cairo_context_set_resolution(ctx, 72)
        // Glyph positions as the font has them: whole-point rounding (pango's default,
        // meant for pixels) spaces letters unevenly in print and makes cairo write an
        // adjustment for every glyph.
        pango_context_set_round_glyph_positions(ctx, 0)
        pango_layout_context_changed(l)
        context = ctx
        layout = l
        descriptions = PDFFont.allCases.map { pango_font_description_from_string($0.pangoName)! }
        glyphs = descriptions.map { FontGlyphs(context: ctx, description: $0) }
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "dx-cues")
    }

    deinit {
        for l in batch.layouts { g_object_unref(UnsafeMutableRawPointer(l.layout)) }
        for p in gridPatterns.values { cairo_pattern_destroy(p) }
        for l in layoutCache.values { g_object_unref(UnsafeMutableRawPointer(l)) }
        for f in descriptions { pango_font_description_free(f) }
        g_object_unref(UnsafeMutableRawPointer(layout))
        g_object_unref(UnsafeMutableRawPointer(context))
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    func finish() throws -> [UInt8] {
        if Profile.enabled {
            let line = "[profile]   layout \(Int(profileDraw * 1000)) ms cpu (without planning), cairo pages \(Int(profileCairo * 1000)) ms cpu, \(profileGlyphs) glyphs, \(glyphs.reduce(0) { $0 + $1.learnt }) strings shaped by pango to learn glyphs\n"
            Profile.print(line)
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PDFError(description: "cairo: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.bytes
    }

    /// Draws what the page collected and starts the next page.
    func finishPage() {
        render(batch, on: cr)
        batch = PageBatch()
        cairo_show_page(cr)
    }

    /// Draws a batch: fills, patterns, strokes, glyphs, then pango's own layouts (released).
    func render(_ b: PageBatch, on cr: OpaquePointer) {
        for f in b.fills {
            cairo_set_source_rgb(cr, f.gray, f.gray, f.gray)
            for r in f.rects { cairo_rectangle(cr, r.0, r.1, r.2, r.3) }
            cairo_fill(cr)
        }
        for p in b.patterns {
            var m = cairo_matrix_t()
            cairo_matrix_init_translate(&m, -p.x, -p.y)
            cairo_pattern_set_matrix(p.pattern, &m)
            cairo_set_source(cr, p.pattern)
            cairo_paint(cr)
        }
        for s in b.strokes {
            cairo_set_source_rgb(cr, s.key.gray, s.key.gray, s.key.gray)
            cairo_set_line_width(cr, s.key.lineWidth)
            for p in s.parts {
                switch p {
                case let .rect(x, y, w, h): cairo_rectangle(cr, x, y, w, h)
                case let .segment(x0, y0, x1, y1):
                    cairo_move_to(cr, x0, y0)
                    cairo_line_to(cr, x1, y1)
                case let .circle(cx, cy, r):
                    cairo_new_sub_path(cr)
                    cairo_arc(cr, cx, cy, r, 0, 2 * Double.pi)
                }
            }
            cairo_stroke(cr)
        }
        for t in b.texts where !t.glyphs.isEmpty {
            guard let sf = glyphs[t.key.font].scaledFont else { continue }
            cairo_set_scaled_font(cr, sf)
            cairo_set_source_rgb(cr, t.key.gray, t.key.gray, t.key.gray)
            t.glyphs.withUnsafeBufferPointer { cairo_show_glyphs(cr, $0.baseAddress, Int32($0.count)) }
        }
        for l in b.layouts {
            cairo_set_source_rgb(cr, l.gray, l.gray, l.gray)
            cairo_move_to(cr, l.x, l.y)
            pango_cairo_show_layout(cr, l.layout)
            g_object_unref(UnsafeMutableRawPointer(l.layout))
        }
    }

    /// An empty take grid of `slots` boxes numbered from 1 (as many as fit `maxWidth`),
    /// drawn once and placed on every card as one PDF form: a log of thousands of cards
    /// repeats the same boxes and numbers.
    func gridPattern(slots: Int, maxWidth: Double) -> OpaquePointer? {
        let key = slots * 100_000 + Int(maxWidth)
        if let p = gridPatterns[key] { return p }
        var extents = cairo_rectangle_t(x: -2, y: -2, width: maxWidth + 4, height: PDFCanvas.gridBox + 4)
        guard let rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents) else { return nil }
        defer { cairo_surface_destroy(rec) }
        guard let rc = cairo_create(rec) else { return nil }
        defer { cairo_destroy(rc) }
        let page = batch, pageGray = currentGray
        batch = PageBatch()
        drawGridBoxes(slots: slots, x: 0, y: 0, maxWidth: maxWidth, recorded: [], circled: [])
        render(batch, on: rc)
        batch = page
        currentGray = pageGray
        guard let p = cairo_pattern_create_for_surface(rec) else { return nil }
        gridPatterns[key] = p
        return p
    }

    // MARK: drawing primitives, collected in the page's batch

    func gray(_ v: Double) { currentGray = v }

    func fillRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double) { batch.fill(currentGray, (x, y, w, h)) }

    func strokeRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, lineWidth: Double) {
        batch.stroke(.init(gray: currentGray, lineWidth: lineWidth), .rect(x, y, w, h))
    }

    func strokeLine(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, lineWidth: Double) {
        batch.stroke(.init(gray: currentGray, lineWidth: lineWidth), .segment(x0, y0, x1, y1))
    }

    func strokeCircle(_ cx: Double, _ cy: Double, _ r: Double, lineWidth: Double) {
        batch.stroke(.init(gray: currentGray, lineWidth: lineWidth), .circle(cx, cy, r))
    }
}
