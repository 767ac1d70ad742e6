/// Geometry shared by the planner and the drawing.
extension PDFCanvas {
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
}
