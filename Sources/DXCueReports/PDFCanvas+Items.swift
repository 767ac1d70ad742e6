/// Drawing the placed items: page frame, section headings, table rows, cards, take grids.
extension PDFCanvas {
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
