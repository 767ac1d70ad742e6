/// One thing placed on a page.
enum PlacedItem {
    case sectionHeading(section: Int, y: Double)
    case columnHeader(section: Int, y: Double)
    case row(section: Int, row: Int, y: Double, height: Double)
    case card(section: Int, row: Int, y: Double, height: Double)
    case footnote(text: String, y: Double)
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
