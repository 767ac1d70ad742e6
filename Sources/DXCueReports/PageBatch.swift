import CCairo

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
