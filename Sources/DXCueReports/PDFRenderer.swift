import CCairo

/// Why a PDF could not be made.
public struct PDFError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// A report as PDF, laid out with pango and drawn by cairo (both from Debian): A4,
/// header and "page n of N" on every page, column headings repeated after a page break,
/// wrapped text for lines and notes, cards with a take grid for recording logs.
public enum ReportPDF {
    public static func render(_ doc: ReportDocument) throws -> [UInt8] {
        let canvas = try PDFCanvas(landscape: doc.landscape)
        let plan = Planner(doc: doc, canvas: canvas).plan()
        for (i, page) in plan.enumerated() {
            canvas.drawPageFrame(doc, page: i + 1, of: plan.count)
            for item in page { canvas.draw(item, doc) }
            cairo_show_page(canvas.cr)
        }
        return try canvas.finish()
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

/// Owns the cairo surface and context and one pango layout (not Sendable: one task uses it).
final class PDFCanvas {
    let width: Double
    let height: Double
    let margin = 36.0
    let surface: OpaquePointer
    let cr: OpaquePointer
    let layout: OpaquePointer
    /// One pango context at 72 dpi, so font sizes are PDF points (pango-cairo defaults to 96).
    let context: OpaquePointer
    let sink = ByteSink()
    var fonts: [String: OpaquePointer] = [:]
    var lineHeights: [String: Double] = [:]
    /// Laid-out single-line texts by font, width, alignment and text: names, statuses and
    /// reasons repeat on every page, so each is shaped once.
    var cache: [String: OpaquePointer] = [:]
    /// Wrapped texts laid out while measuring, kept for drawing (keyed by their placement).
    var measured: [String: OpaquePointer] = [:]
    var finished = false

    static let body = "DejaVu Sans 8.5"
    static let bold = "DejaVu Sans Bold 8.5"
    static let mono = "DejaVu Sans Mono 8.5"
    static let title = "DejaVu Sans Bold 16"
    static let heading = "DejaVu Sans Bold 12"
    static let small = "DejaVu Sans 8"
    static let italic = "DejaVu Sans Oblique 8.5"
    static let big = "DejaVu Sans Bold 17"
    static let line = "DejaVu Sans 12"

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
        pango_layout_context_changed(l)
        context = ctx
        layout = l
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "dx-cues")
    }

    deinit {
        for f in fonts.values { pango_font_description_free(f) }
        for l in cache.values { g_object_unref(UnsafeMutableRawPointer(l)) }
        for l in measured.values { g_object_unref(UnsafeMutableRawPointer(l)) }
        g_object_unref(UnsafeMutableRawPointer(layout))
        g_object_unref(UnsafeMutableRawPointer(context))
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    func finish() throws -> [UInt8] {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PDFError(description: "cairo: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.bytes
    }

    func font(_ name: String) -> OpaquePointer {
        if let f = fonts[name] { return f }
        let f = pango_font_description_from_string(name)!
        fonts[name] = f
        return f
    }

    /// A layout of its own for `text`, laid out now so drawing it later reuses the shaping.
    func ownLayout(_ text: String, _ fontName: String, width w: Double, wrap: Bool, right: Bool = false, center: Bool = false) -> OpaquePointer {
        let l = pango_layout_new(context)!
        configure(l, text, fontName, width: w, wrap: wrap, right: right, center: center)
        var pw: Int32 = 0, ph: Int32 = 0
        pango_layout_get_size(l, &pw, &ph)
        return l
    }

    /// Prepares the layout for `text` in `fontName`, `w` points wide (wrapping or ellipsized).
    func setUp(_ text: String, _ fontName: String, width w: Double, wrap: Bool, right: Bool = false, center: Bool = false) {
        configure(layout, text, fontName, width: w, wrap: wrap, right: right, center: center)
    }

    func configure(_ layout: OpaquePointer, _ text: String, _ fontName: String, width w: Double, wrap: Bool, right: Bool, center: Bool) {
        pango_layout_set_font_description(layout, font(fontName))
        pango_layout_set_width(layout, Int32(max(1, w) * Double(PANGO_SCALE)))
        if wrap {
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE)
        } else {
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        }
        pango_layout_set_alignment(layout, right ? PANGO_ALIGN_RIGHT : (center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT))
        pango_layout_set_text(layout, text, -1)
    }

    func measure(_ text: String, _ fontName: String, width w: Double) -> Double {
        setUp(text, fontName, width: w, wrap: true)
        var pw: Int32 = 0, ph: Int32 = 0
        pango_layout_get_size(layout, &pw, &ph)
        return Double(ph) / Double(PANGO_SCALE)
    }

    func lineHeight(_ fontName: String) -> Double {
        if let h = lineHeights[fontName] { return h }
        let h = measure("Ag", fontName, width: 1000)
        lineHeights[fontName] = h
        return h
    }

    func text(_ s: String, _ fontName: String, x: Double, y: Double, width w: Double, wrap: Bool = false,
              right: Bool = false, center: Bool = false, key: String? = nil) {
        guard !s.isEmpty else { return }
        if let key, let l = measured.removeValue(forKey: key) {
            cairo_move_to(cr, x, y)
            pango_cairo_show_layout(cr, l)
            g_object_unref(UnsafeMutableRawPointer(l))
            return
        }
        if !wrap, s.utf8.count <= 40 {
            let k = "\(fontName)|\(Int(w * 8))|\(right)\(center)|\(s)"
            let l: OpaquePointer
            if let hit = cache[k] { l = hit } else {
                l = ownLayout(s, fontName, width: w, wrap: false, right: right, center: center)
                if cache.count > 20_000 {
                    for v in cache.values { g_object_unref(UnsafeMutableRawPointer(v)) }
                    cache.removeAll()
                }
                cache[k] = l
            }
            cairo_move_to(cr, x, y)
            pango_cairo_show_layout(cr, l)
            return
        }
        setUp(s, fontName, width: w, wrap: wrap, right: right, center: center)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout)
    }

    /// Draws wrapped text and returns its height (one layout for both).
    func drawWrapped(_ s: String, _ fontName: String, x: Double, y: Double, width w: Double) -> Double {
        setUp(s, fontName, width: w, wrap: true)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout)
        var pw: Int32 = 0, ph: Int32 = 0
        pango_layout_get_size(layout, &pw, &ph)
        return Double(ph) / Double(PANGO_SCALE)
    }

    /// Measures wrapped text and keeps its layout for `text(…, key:)` to draw.
    func measureKeeping(_ text: String, _ fontName: String, width w: Double, key: String) -> Double {
        let l = ownLayout(text, fontName, width: w, wrap: true)
        var pw: Int32 = 0, ph: Int32 = 0
        pango_layout_get_size(l, &pw, &ph)
        if let old = measured.updateValue(l, forKey: key) { g_object_unref(UnsafeMutableRawPointer(old)) }
        return Double(ph) / Double(PANGO_SCALE)
    }

    func gray(_ v: Double) { cairo_set_source_rgb(cr, v, v, v) }

    // MARK: geometry shared by the planner and the drawing

    var contentTop: Double { margin + lineHeight(PDFCanvas.title) + lineHeight(PDFCanvas.small) + 8 }
    var contentBottom: Double { height - margin - lineHeight(PDFCanvas.small) - 6 }
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
        (s.heading == nil ? 0 : lineHeight(PDFCanvas.heading) + 4) + Double(s.details.count) * (lineHeight(PDFCanvas.body) + 1) + 4
    }

    var headerRowHeight: Double { lineHeight(PDFCanvas.bold) + 4 }

    func rowHeight(_ s: ReportDocument.Section, _ r: ReportDocument.Row, _ xs: [(x: Double, w: Double)], key: String? = nil) -> Double {
        var h = lineHeight(PDFCanvas.body)
        for (i, c) in s.columns.enumerated() where c.wraps && i < r.cells.count && !r.cells[i].isEmpty {
            // Short text in a wide column stays on one line: no need to lay it out to know.
            if Double(r.cells[i].utf8.count) * 8.5 < xs[i].w - 4 { continue }
            let m = key.map { measureKeeping(r.cells[i], PDFCanvas.body, width: xs[i].w - 4, key: "\($0)/\(i)") }
                ?? measure(r.cells[i], PDFCanvas.body, width: xs[i].w - 4)
            h = max(h, m)
        }
        return h + 4
    }

    /// Card: number and facts, the line (large), reason/note, take grid, takes.
    func cardHeight(_ r: ReportDocument.Row) -> Double {
        let c = r.cells + Array(repeating: "", count: max(0, 8 - r.cells.count))
        var h = lineHeight(PDFCanvas.big) + 2
        h += measure(c[4].isEmpty ? " " : c[4], PDFCanvas.line, width: contentWidth - 12) + 3
        if !c[5].isEmpty { h += measure(c[5], PDFCanvas.body, width: contentWidth - 12) + 2 }
        if r.takeGrid != nil { h += 20 }
        if !c[7].isEmpty { h += measure("Takes: " + c[7], PDFCanvas.italic, width: contentWidth - 12) + 2 }
        return h + 10
    }

    // MARK: drawing

    func drawPageFrame(_ doc: ReportDocument, page: Int, of pages: Int) {
        gray(0)
        text(doc.title, PDFCanvas.title, x: margin, y: margin, width: contentWidth * 0.6)
        let meta = doc.meta.map { "\($0.label): \($0.value)" }.joined(separator: "   ")
        gray(0.25)
        text(meta, PDFCanvas.small, x: margin, y: margin + lineHeight(PDFCanvas.title) + 2, width: contentWidth)
        cairo_set_line_width(cr, 0.6)
        cairo_move_to(cr, margin, contentTop - 3)
        cairo_line_to(cr, width - margin, contentTop - 3)
        cairo_stroke(cr)
        let footer = "\(doc.title) — \(doc.meta.first?.value ?? "")"
        text(footer, PDFCanvas.small, x: margin, y: height - margin - lineHeight(PDFCanvas.small), width: contentWidth * 0.7)
        text("page \(page) of \(pages)", PDFCanvas.small, x: margin, y: height - margin - lineHeight(PDFCanvas.small),
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
                text(h, PDFCanvas.heading, x: margin, y: yy, width: contentWidth)
                yy += lineHeight(PDFCanvas.heading) + 4
            }
            gray(0.2)
            for d in s.details {
                text(d, PDFCanvas.body, x: margin, y: yy, width: contentWidth)
                yy += lineHeight(PDFCanvas.body) + 1
            }
            gray(0)
        case let .columnHeader(si, y):
            let s = doc.sections[si]
            let xs = columnXs(s)
            gray(0.9)
            cairo_rectangle(cr, margin, y, contentWidth, headerRowHeight)
            cairo_fill(cr)
            gray(0)
            for (i, c) in s.columns.enumerated() {
                text(c.title, PDFCanvas.bold, x: xs[i].x + 2, y: y + 2, width: xs[i].w - 4, right: c.alignRight)
            }
        case let .row(si, ri, y, h):
            let s = doc.sections[si]
            let r = s.rows[ri]
            let xs = columnXs(s)
            if r.style != .normal {
                gray(0.95)
                cairo_rectangle(cr, margin, y, contentWidth, h)
                cairo_fill(cr)
            }
            gray(0.8)
            cairo_set_line_width(cr, 0.3)
            cairo_move_to(cr, margin, y + h)
            cairo_line_to(cr, width - margin, y + h)
            cairo_stroke(cr)
            gray(0)
            let f = r.style == .normal ? PDFCanvas.body : PDFCanvas.bold
            for (i, c) in s.columns.enumerated() where i < r.cells.count {
                let font = c.title.hasPrefix("TC") ? PDFCanvas.mono : f
                let short = c.wraps && Double(r.cells[i].utf8.count) * 8.5 < xs[i].w - 4
                text(r.cells[i], font, x: xs[i].x + 2, y: y + 2, width: xs[i].w - 4, wrap: c.wraps && !short, right: c.alignRight,
                     key: c.wraps && r.style == .normal ? "\(si)/\(ri)/\(i)" : nil)
            }
        case let .card(si, ri, y, h):
            drawCard(doc.sections[si].rows[ri], y: y, height: h)
        case let .footnote(t, y):
            gray(0.25)
            text(t, PDFCanvas.italic, x: margin, y: y, width: contentWidth, wrap: true)
            gray(0)
        }
    }

    func drawCard(_ r: ReportDocument.Row, y: Double, height h: Double) {
        let c = r.cells + Array(repeating: "", count: max(0, 8 - r.cells.count))
        let x = margin + 6, w = contentWidth - 12
        gray(0.55)
        cairo_set_line_width(cr, 0.6)
        cairo_rectangle(cr, margin, y + 2, contentWidth, h - 6)
        cairo_stroke(cr)
        gray(0)
        var yy = y + 5
        text(c[0], PDFCanvas.big, x: x, y: yy, width: 90)
        var facts = "\(c[1])    \(c[2]) – \(c[3])"
        if !c[6].isEmpty { facts += "    [\(c[6])]" }
        text(facts, PDFCanvas.bold, x: x + 95, y: yy + 4, width: w - 95)
        yy += lineHeight(PDFCanvas.big) + 2
        yy += drawWrapped(c[4].isEmpty ? " " : c[4], PDFCanvas.line, x: x, y: yy, width: w) + 3
        if !c[5].isEmpty {
            gray(0.2)
            yy += drawWrapped(c[5], PDFCanvas.body, x: x, y: yy, width: w) + 2
            gray(0)
        }
        if let g = r.takeGrid {
            let box = 15.0
            for n in 1...g.slots {
                let bx = x + Double(n - 1) * (box + 3)
                if bx + box > margin + contentWidth { break }
                if g.recorded.contains(n) {
                    gray(0.85)
                    cairo_rectangle(cr, bx, yy, box, box)
                    cairo_fill(cr)
                }
                gray(0.3)
                cairo_set_line_width(cr, 0.6)
                cairo_rectangle(cr, bx, yy, box, box)
                cairo_stroke(cr)
                if g.circled.contains(n) {
                    gray(0)
                    cairo_set_line_width(cr, 1.4)
                    cairo_new_sub_path(cr)
                    cairo_arc(cr, bx + box / 2, yy + box / 2, box / 2 - 1.5, 0, 2 * Double.pi)
                    cairo_stroke(cr)
                }
                gray(0)
                text(String(n), PDFCanvas.small, x: bx, y: yy + 3, width: box, center: true)
            }
            yy += 20
        }
        if !c[7].isEmpty {
            gray(0.25)
            text("Takes: " + c[7], PDFCanvas.italic, x: x, y: yy, width: w, wrap: true)
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
                let h = s.layout == .cards ? canvas.cardHeight(r) : canvas.rowHeight(s, r, xs, key: r.style == .normal ? "\(si)/\(ri)" : nil)
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
                let h = canvas.measure(f, PDFCanvas.italic, width: canvas.contentWidth) + 2
                if y + h > bottom { newPage() }
                pages[pages.count - 1].append(.footnote(text: f, y: y))
                y += h
            }
            y += 8
        }
        return pages
    }
}
