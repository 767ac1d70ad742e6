#if canImport(Glibc)
import Glibc
#endif
import CCairo
import DXCueImport
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

/// One thing placed on a page.
enum PlacedItem {
    case sectionHeading(section: Int, y: Double)
    case columnHeader(section: Int, y: Double)
    case row(section: Int, row: Int, y: Double, height: Double)
    case card(section: Int, row: Int, y: Double, height: Double)
    case footnote(text: String, y: Double)
}

/// Byte sink for cairo's PDF stream.
final class ByteSink {
    var bytes: [UInt8] = []
}

/// The fonts reports use (DejaVu, from Debian's fonts-dejavu-core), sizes in points.
enum PDFFont: Int, CaseIterable {
    case body, bold, mono, title, heading, small, italic, big, line

    var pangoName: String {
        switch self {
        case .body: return "DejaVu Sans 8.5"
        case .bold: return "DejaVu Sans Bold 8.5"
        case .mono: return "DejaVu Sans Mono 8.5"
        case .title: return "DejaVu Sans Bold 16"
        case .heading: return "DejaVu Sans Bold 12"
        case .small: return "DejaVu Sans 8"
        case .italic: return "DejaVu Sans Oblique 8.5"
        case .big: return "DejaVu Sans Bold 17"
        case .line: return "DejaVu Sans 12"
        }
    }
}

/// What one page draws, kept until the page ends and then drawn in a few cairo calls:
/// fills, then strokes, then text (so text is never under a fill, as when drawn in
/// order). Thousands of cells and grid boxes per report cost little this way, where a
/// cairo call per cell and box dominated.
struct PageBatch {
    enum PathPart {
        case rect(Double, Double, Double, Double)
        case segment(Double, Double, Double, Double)
        case circle(Double, Double, Double)
    }
    struct StrokeKey: Hashable { var gray: Double; var lineWidth: Double }
    struct TextKey: Hashable { var font: Int; var gray: Double }

    var fills: [(gray: Double, rects: [(Double, Double, Double, Double)])] = []
    var fillIndex: [Double: Int] = [:]
    var strokes: [(key: StrokeKey, parts: [PathPart])] = []
    var strokeIndex: [StrokeKey: Int] = [:]
    var texts: [(key: TextKey, glyphs: [cairo_glyph_t])] = []
    var textIndex: [TextKey: Int] = [:]
    /// Forms (recorded drawings, such as an empty take grid) placed at a point.
    var patterns: [(pattern: OpaquePointer, x: Double, y: Double)] = []
    /// Text pango laid out itself (other scripts), drawn after the batched glyphs.
    var layouts: [(layout: OpaquePointer, x: Double, y: Double, gray: Double)] = []

    mutating func fill(_ gray: Double, _ r: (Double, Double, Double, Double)) {
        if let i = fillIndex[gray] { fills[i].rects.append(r); return }
        fillIndex[gray] = fills.count
        fills.append((gray, [r]))
    }

    mutating func stroke(_ key: StrokeKey, _ part: PathPart) {
        if let i = strokeIndex[key] { strokes[i].parts.append(part); return }
        strokeIndex[key] = strokes.count
        strokes.append((key, [part]))
    }

    mutating func textIndex(_ key: TextKey) -> Int {
        if let i = textIndex[key] { return i }
        textIndex[key] = texts.count
        texts.append((key, []))
        return texts.count - 1
    }
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

    // MARK: text

    /// A layout of `text` by pango itself, `w` points wide (wrapping, or cut with an ellipsis).
    /// The caller owns a reference. Layouts are kept by text, font, width and alignment:
    /// text pango lays out repeats (a reason on every tenth cue), and is shaped once.
    func pangoLayout(_ text: String, _ f: PDFFont, width w: Double, wrap: Bool, right: Bool = false, center: Bool = false) -> OpaquePointer {
        let key = "\(f.rawValue)|\(Int(w * 1024))|\(wrap)|\(right)|\(center)|\(text)"
        if let l = layoutCache[key] {
            g_object_ref(UnsafeMutableRawPointer(l))
            return l
        }
        if layoutCache.count >= 4096 {
            for l in layoutCache.values { g_object_unref(UnsafeMutableRawPointer(l)) }
            layoutCache.removeAll()
        }
        let l = pango_layout_new(context)!
        layoutCache[key] = l
        g_object_ref(UnsafeMutableRawPointer(l))
        pango_layout_set_font_description(l, descriptions[f.rawValue])
        pango_layout_set_width(l, Int32(max(1, w) * Double(PANGO_SCALE)))
        if wrap {
            pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR)
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE)
        } else {
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END)
        }
        pango_layout_set_alignment(l, right ? PANGO_ALIGN_RIGHT : (center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT))
        pango_layout_set_text(l, text, -1)
        if pango_layout_get_unknown_glyphs_count(l) > 0 { noteUnknownGlyphs(l) }
        return l
    }

    /// Records the characters of `l` that came out as pango's unknown-glyph boxes (an
    /// unknown glyph carries its code point under PANGO_GLYPH_UNKNOWN_FLAG).
    private func noteUnknownGlyphs(_ l: OpaquePointer) {
        guard let iter = pango_layout_get_iter(l) else { return }
        defer { pango_layout_iter_free(iter) }
        repeat {
            guard let run = pango_layout_iter_get_run_readonly(iter), let glyphs = run.pointee.glyphs else { continue }
            for i in 0..<Int(glyphs.pointee.num_glyphs) {
                let g = glyphs.pointee.glyphs[i].glyph
                if g & PANGO_GLYPH_UNKNOWN_FLAG != 0, g != PANGO_GLYPH_EMPTY {
                    let c = g & ~PANGO_GLYPH_UNKNOWN_FLAG
                    if c > 0x20 { charactersWithoutFont.insert(c) }
                }
            }
        } while pango_layout_iter_next_run(iter) != 0
    }

    /// The lines of `s` laid out from the glyph tables, or nil when pango must lay it out.
    func lines(_ s: String, _ f: PDFFont, width w: Double, wrap: Bool) -> (ShapedText, [ShapedText.Line])? {
        let g = glyphs[f.rawValue]
        guard let shaped = g.shape(s) else { return nil }
        let units = Int32(max(1, w) * Double(PANGO_SCALE))
        if wrap { return shaped.wrapped(width: units).map { (shaped, $0) } }
        guard let line = shaped.singleLine(width: units, ellipsisWidth: g.ellipsis()?.width) else { return nil }
        return (shaped, [line])
    }

    /// Height of `text` wrapped `w` points wide.
    func measure(_ text: String, _ f: PDFFont, width w: Double) -> Double {
        if let (_, ls) = lines(text, f, width: w, wrap: true) {
            return Double(Int32(ls.count) * glyphs[f.rawValue].lineHeight) / Double(PANGO_SCALE)
        }
        let l = pangoLayout(text, f, width: w, wrap: true)
        defer { g_object_unref(UnsafeMutableRawPointer(l)) }
        var pw: Int32 = 0, ph: Int32 = 0
        pango_layout_get_size(l, &pw, &ph)
        return Double(ph) / Double(PANGO_SCALE)
    }

    func lineHeight(_ f: PDFFont) -> Double { Double(glyphs[f.rawValue].lineHeight) / Double(PANGO_SCALE) }

    /// Draws `s` with its top left at (x, y), `w` points wide; returns the height drawn.
    @discardableResult
    func text(_ s: String, _ f: PDFFont, x: Double, y: Double, width w: Double, wrap: Bool = false,
              right: Bool = false, center: Bool = false) -> Double {
        guard !s.isEmpty else { return wrap ? lineHeight(f) : 0 }
        let scale = Double(PANGO_SCALE)
        if let (shaped, ls) = lines(s, f, width: w, wrap: wrap) {
            let g = glyphs[f.rawValue]
            let units = Int32(max(1, w) * scale)
            let ti = batch.textIndex(.init(font: f.rawValue, gray: currentGray))
            // Placed into a local buffer, then appended once (no access checks per glyph).
            var placed: [cairo_glyph_t] = []
            placed.reserveCapacity(shaped.glyphs.count + ls.count)
            shaped.glyphs.withUnsafeBufferPointer { gs in
                shaped.advances.withUnsafeBufferPointer { adv in
                    for (li, line) in ls.enumerated() {
                        var px = right ? units - line.width : (center ? (units - line.width) / 2 : 0)
                        let py = y + Double(g.baseline + Int32(li) * g.lineHeight) / scale
                        for k in line.range {
                            placed.append(cairo_glyph_t(index: UInt(gs[k]), x: x + Double(px) / scale, y: py))
                            px += adv[k]
                        }
                        if line.ellipsized, let e = g.ellipsis() {
                            placed.append(cairo_glyph_t(index: UInt(e.glyph), x: x + Double(px) / scale, y: py))
                        }
                    }
                }
            }
            batch.texts[ti].glyphs.append(contentsOf: placed)
            return Double(Int32(ls.count) * g.lineHeight) / scale
        }
        let l = pangoLayout(s, f, width: w, wrap: wrap, right: right, center: center)
        batch.layouts.append((l, x, y, currentGray))
        var pw: Int32 = 0, ph: Int32 = 0
        pango_layout_get_size(l, &pw, &ph)
        return Double(ph) / scale
    }

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

    // MARK: geometry shared by the planner and the drawing

    var contentTop: Double { margin + lineHeight(.title) + lineHeight(.small) + 8 }
    var contentBottom: Double { height - margin - lineHeight(.small) - 6 }
    var contentWidth: Double { width - 2 * margin }

    func columnXs(_ s: ReportDocument.Section) -> [(x: Double, w: Double)] {
        let total = s.columns.reduce(0) { $0 + $1.weight }
        var x = margin
        return s.columns.map { c in
            let w = contentWidth * c.weight / total
            defer { x += w }
            return (x, w)
        }
    }

    func sectionHeadingHeight(_ s: ReportDocument.Section) -> Double {
        (s.heading == nil ? 0 : lineHeight(.heading) + 4) + Double(s.details.count) * (lineHeight(.body) + 1) + 4
    }

    var headerRowHeight: Double { lineHeight(.bold) + 4 }

    func rowHeight(_ s: ReportDocument.Section, _ r: ReportDocument.Row, _ xs: [(x: Double, w: Double)]) -> Double {
        var h = lineHeight(.body)
        for (i, c) in s.columns.enumerated() where c.wraps && i < r.cells.count && !r.cells[i].isEmpty {
            // Short text in a wide column stays on one line: no need to lay it out to know.
            if Double(r.cells[i].utf8.count) * 8.5 < xs[i].w - 4 { continue }
            h = max(h, measure(r.cells[i], .body, width: xs[i].w - 4))
        }
        return h + 4
    }

    /// Card: number and facts, the line (large), reason/note, take grid, takes.
    func cardHeight(_ r: ReportDocument.Row) -> Double {
        let c = r.cells + Array(repeating: "", count: max(0, 8 - r.cells.count))
        var h = lineHeight(.big) + 2
        h += measure(c[4].isEmpty ? " " : c[4], .line, width: contentWidth - 12) + 3
        if !c[5].isEmpty { h += measure(c[5], .body, width: contentWidth - 12) + 2 }
        if r.takeGrid != nil { h += 20 }
        if !c[7].isEmpty { h += measure("Takes: " + c[7], .italic, width: contentWidth - 12) + 2 }
        return h + 10
    }

    // MARK: drawing

    func drawPageFrame(_ doc: ReportDocument, page: Int, of pages: Int) {
        gray(0)
        text(doc.title, .title, x: margin, y: margin, width: contentWidth * 0.6)
        let meta = doc.meta.map { "\($0.label): \($0.value)" }.joined(separator: "   ")
        gray(0.25)
        text(meta, .small, x: margin, y: margin + lineHeight(.title) + 2, width: contentWidth)
        strokeLine(margin, contentTop - 3, width - margin, contentTop - 3, lineWidth: 0.6)
        let footer = "\(doc.title) — \(doc.meta.first?.value ?? "")"
        text(footer, .small, x: margin, y: height - margin - lineHeight(.small), width: contentWidth * 0.7)
        text("page \(page) of \(pages)", .small, x: margin, y: height - margin - lineHeight(.small),
             width: contentWidth, right: true)
        gray(0)
    }

    func draw(_ item: PlacedItem, _ doc: ReportDocument) {
        switch item {
        case let .sectionHeading(si, y):
            let s = doc.sections[si]
            var yy = y
            gray(0)
            if let h = s.heading {
                text(h, .heading, x: margin, y: yy, width: contentWidth)
                yy += lineHeight(.heading) + 4
            }
            gray(0.2)
            for d in s.details {
                text(d, .body, x: margin, y: yy, width: contentWidth)
                yy += lineHeight(.body) + 1
            }
            gray(0)
        case let .columnHeader(si, y):
            let s = doc.sections[si]
            let xs = columnXs(s)
            gray(0.9)
            fillRect(margin, y, contentWidth, headerRowHeight)
            gray(0)
            for (i, c) in s.columns.enumerated() {
                text(c.title, .bold, x: xs[i].x + 2, y: y + 2, width: xs[i].w - 4, right: c.alignRight)
            }
        case let .row(si, ri, y, h):
            let s = doc.sections[si]
            let r = s.rows[ri]
            let xs = columnXs(s)
            if r.style != .normal {
                gray(0.95)
                fillRect(margin, y, contentWidth, h)
            }
            gray(0.8)
            strokeLine(margin, y + h, width - margin, y + h, lineWidth: 0.3)
            gray(0)
            let f: PDFFont = r.style == .normal ? .body : .bold
            for (i, c) in s.columns.enumerated() where i < r.cells.count {
                let font: PDFFont = c.title.hasPrefix("TC") ? .mono : f
                let short = c.wraps && Double(r.cells[i].utf8.count) * 8.5 < xs[i].w - 4
                text(r.cells[i], font, x: xs[i].x + 2, y: y + 2, width: xs[i].w - 4, wrap: c.wraps && !short, right: c.alignRight)
            }
        case let .card(si, ri, y, h):
            drawCard(doc.sections[si].rows[ri], y: y, height: h)
        case let .footnote(t, y):
            gray(0.25)
            text(t, .italic, x: margin, y: y, width: contentWidth, wrap: true)
            gray(0)
        }
    }

    func drawCard(_ r: ReportDocument.Row, y: Double, height h: Double) {
        let c = r.cells + Array(repeating: "", count: max(0, 8 - r.cells.count))
        let x = margin + 6, w = contentWidth - 12
        gray(0.55)
        strokeRect(margin, y + 2, contentWidth, h - 6, lineWidth: 0.6)
        gray(0)
        var yy = y + 5
        text(c[0], .big, x: x, y: yy, width: 90)
        var facts = "\(c[1])    \(c[2]) – \(c[3])"
        if !c[6].isEmpty { facts += "    [\(c[6])]" }
        text(facts, .bold, x: x + 95, y: yy + 4, width: w - 95)
        yy += lineHeight(.big) + 2
        yy += text(c[4].isEmpty ? " " : c[4], .line, x: x, y: yy, width: w, wrap: true) + 3
        if !c[5].isEmpty {
            gray(0.2)
            yy += text(c[5], .body, x: x, y: yy, width: w, wrap: true) + 2
            gray(0)
        }
        if let g = r.takeGrid {
            let maxWidth = margin + contentWidth - x
            if g.recorded.isEmpty, g.circled.isEmpty, let p = gridPattern(slots: g.slots, maxWidth: maxWidth) {
                batch.patterns.append((p, x, yy))
            } else {
                drawGridBoxes(slots: g.slots, x: x, y: yy, maxWidth: maxWidth, recorded: g.recorded, circled: g.circled)
            }
            yy += 20
        }
        if !c[7].isEmpty {
            gray(0.25)
            text("Takes: " + c[7], .italic, x: x, y: yy, width: w, wrap: true)
            gray(0)
        }
    }
}

/// Places sections, rows and cards on pages (measuring wrapped text once).
struct Planner {
    let doc: ReportDocument
    let canvas: PDFCanvas

    func plan() -> [[PlacedItem]] {
        var pages: [[PlacedItem]] = [[]]
        var y = canvas.contentTop
        let bottom = canvas.contentBottom
        func newPage() {
            pages.append([])
            y = canvas.contentTop
        }
        for (si, s) in doc.sections.enumerated() {
            if s.pageBreakBefore, !(pages.last!.isEmpty) { newPage() }
            let xs = canvas.columnXs(s)
            let headH = canvas.sectionHeadingHeight(s)
            let firstH: Double = s.rows.first.map {
                s.layout == .cards ? canvas.cardHeight($0) : canvas.headerRowHeight + canvas.rowHeight(s, $0, xs)
            } ?? 0
            if y + headH + firstH > bottom, !(pages.last!.isEmpty) { newPage() }
            pages[pages.count - 1].append(.sectionHeading(section: si, y: y))
            y += headH
            if s.layout == .table, !s.rows.isEmpty {
                pages[pages.count - 1].append(.columnHeader(section: si, y: y))
                y += canvas.headerRowHeight
            }
            for (ri, r) in s.rows.enumerated() {
                let h = s.layout == .cards ? canvas.cardHeight(r) : canvas.rowHeight(s, r, xs)
                if y + h > bottom {
                    newPage()
                    if s.layout == .table {
                        pages[pages.count - 1].append(.columnHeader(section: si, y: y))
                        y += canvas.headerRowHeight
                    }
                }
                pages[pages.count - 1].append(s.layout == .cards ? .card(section: si, row: ri, y: y, height: h)
                                                                 : .row(section: si, row: ri, y: y, height: h))
                y += h
            }
            y += 3
            for f in s.footnotes {
                let h = canvas.measure(f, .italic, width: canvas.contentWidth) + 2
                if y + h > bottom { newPage() }
                pages[pages.count - 1].append(.footnote(text: f, y: y))
                y += h
            }
            y += 8
        }
        return pages
    }
}

extension PDFCanvas {
    /// Take boxes numbered from 1 at (x, y), recorded ones shaded, circled ones ringed.
    func drawGridBoxes(slots: Int, x: Double, y: Double, maxWidth: Double, recorded: [Int], circled: [Int]) {
        let box = PDFCanvas.gridBox
        for n in 1...max(1, slots) {
            let bx = x + Double(n - 1) * (box + 3)
            if bx + box > x + maxWidth { break }
            if recorded.contains(n) {
                gray(0.85)
                fillRect(bx, y, box, box)
            }
            gray(0.3)
            strokeRect(bx, y, box, box, lineWidth: 0.6)
            if circled.contains(n) {
                gray(0)
                strokeCircle(bx + box / 2, y + box / 2, box / 2 - 1.5, lineWidth: 1.4)
            }
            gray(0)
            text(String(n), .small, x: bx, y: y + 3, width: box, center: true)
        }
    }
}
