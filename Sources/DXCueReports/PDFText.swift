import CCairo

/// One font's glyphs as pango shapes them, learnt one character and one character pair
/// at a time, so a table of thousands of cells is laid out by lookups instead of running
/// the shaper per cell. At 72 dpi pango rounds every advance to a whole point, and for
/// Latin, Greek and Cyrillic text in DejaVu the only context shaping applies is pair
/// kerning, so a string of known characters and known pairs gets exactly the glyphs and
/// positions pango would give it (ReportsTests compares the two). Anything else — other
/// scripts, combining marks, ligatures (a pair that shapes to one glyph), a character
/// the font lacks — makes `shape` return nil and the caller lays the text out with pango.
final class FontGlyphs {
    /// The pango description (owned by the canvas).
    let description: OpaquePointer
    /// The layout used to learn glyphs (one per font, reused).
    private let probe: OpaquePointer
    /// The font pango picked for plain text in this description, and cairo's font for it.
    private(set) var font: UnsafeMutablePointer<PangoFont>?
    private(set) var scaledFont: OpaquePointer?
    /// One line's logical height and its baseline, in pango units.
    let lineHeight: Int32
    let baseline: Int32

    private struct Single {
        /// 0 not learnt yet, 1 simple, 2 left to pango.
        var state: UInt8 = 0
        var glyph: UInt32 = 0
        var width: Int32 = 0
    }
    /// Per character below `tableLimit` (plain buffers: this is the inner loop of every report).
    private let singles: UnsafeMutablePointer<Single>
    /// Advance of the first character of a printable ASCII pair followed by the second,
    /// or `unknownPair` / `complexPair`.
    private let asciiPairs: UnsafeMutablePointer<Int32>
    private var otherPairs: [UInt64: Int32] = [:]

    static let tableLimit = 0x2100
    static let unknownPair = Int32.min
    static let complexPair = Int32.min + 1

    init(context: OpaquePointer, description: OpaquePointer) {
        self.description = description
        singles = .allocate(capacity: FontGlyphs.tableLimit)
        singles.initialize(repeating: Single(), count: FontGlyphs.tableLimit)
        asciiPairs = .allocate(capacity: 95 * 95)
        asciiPairs.initialize(repeating: FontGlyphs.unknownPair, count: 95 * 95)
        probe = pango_layout_new(context)
        pango_layout_set_font_description(probe, description)
        pango_layout_set_text(probe, "Ag", -1)
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_size(probe, &w, &h)
        lineHeight = h
        baseline = pango_layout_get_baseline(probe)
    }

    deinit {
        singles.deallocate()
        asciiPairs.deallocate()
        if let font { g_object_unref(UnsafeMutableRawPointer(font)) }
        g_object_unref(UnsafeMutableRawPointer(probe))
    }

    /// Characters that shape on their own (no marks, no joining, no bidi controls).
    static func mayBeSimple(_ c: UInt32) -> Bool {
        switch c {
        case 0x20...0x7E, 0xA0...0xAC, 0xAE...0x2FF, 0x370...0x482, 0x48A...0x52F, 0x1E00...0x1FFF,
             0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20CF:
            return true
        default:
            return false
        }
    }

    /// Glyphs pango gives `text` in this font: one run of `count` glyphs, or nil.
    /// How many strings pango shaped to learn this font (for DXCUES_PROFILE).
    private(set) var learnt = 0

    private func shapedByPango(_ text: String, count: Int) -> [(glyph: UInt32, width: Int32, font: UnsafeMutablePointer<PangoFont>?)]? {
        learnt += 1
        guard let run = pangoRun(text), run.count == count else { return nil }
        return run
    }

    /// The glyphs pango gives `text` when it lays it out as one line in one run (nil when
    /// it takes more than one run, a line break, or a glyph the font lacks or moves).
    func pangoRun(_ text: String) -> [(glyph: UInt32, width: Int32, font: UnsafeMutablePointer<PangoFont>?)]? {
        pango_layout_set_text(probe, text, -1)
        guard pango_layout_get_line_count(probe) == 1, let line = pango_layout_get_line_readonly(probe, 0),
              let run = line.pointee.runs, run.pointee.next == nil,
              let item = run.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self),
              let glyphs = item.pointee.glyphs
        else { return nil }
        let font = item.pointee.item.pointee.analysis.font
        var out: [(glyph: UInt32, width: Int32, font: UnsafeMutablePointer<PangoFont>?)] = []
        for i in 0..<Int(glyphs.pointee.num_glyphs) {
            let g = glyphs.pointee.glyphs[i]
            if g.glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0 || g.glyph == PANGO_GLYPH_EMPTY || g.geometry.x_offset != 0
                || g.geometry.y_offset != 0 { return nil }
            out.append((g.glyph, g.geometry.width, font))
        }
        return out
    }

    private func single(_ c: UInt32) -> Single? {
        guard c < FontGlyphs.tableLimit else { return nil }
        let s = singles[Int(c)]
        if s.state == 1 { return s }
        if s.state == 2 { return nil }
        var learnt = Single(state: 2)
        if FontGlyphs.mayBeSimple(c), let scalar = Unicode.Scalar(c),
           let g = shapedByPango(String(Character(scalar)), count: 1)?.first, let f = g.font {
            if font == nil {
                g_object_ref(UnsafeMutableRawPointer(f))
                font = f
                scaledFont = pango_cairo_font_get_scaled_font(OpaquePointer(f))
            }
            if f == font { learnt = Single(state: 1, glyph: g.glyph, width: g.width) }
        }
        singles[Int(c)] = learnt
        return learnt.state == 1 ? learnt : nil
    }

    /// The advance of `a` followed by `b` (kerned), or nil when the pair does not shape
    /// as two independent glyphs.
    private func pair(_ a: UInt32, _ b: UInt32, _ sa: Single, _ sb: Single) -> Int32? {
        let ascii = a >= 0x20 && a <= 0x7E && b >= 0x20 && b <= 0x7E
        let slot = ascii ? Int(a - 0x20) * 95 + Int(b - 0x20) : 0
        let key = UInt64(a) << 32 | UInt64(b)
        var v = ascii ? asciiPairs[slot] : (otherPairs[key] ?? FontGlyphs.unknownPair)
        if v == FontGlyphs.unknownPair {
            v = FontGlyphs.complexPair
            if let sa_ = Unicode.Scalar(a), let sb_ = Unicode.Scalar(b),
               let g = shapedByPango(String(Character(sa_)) + String(Character(sb_)), count: 2),
               g[0].font == font, g[1].font == font, g[0].glyph == sa.glyph, g[1].glyph == sb.glyph, g[1].width == sb.width {
                v = g[0].width
            }
            if ascii { asciiPairs[slot] = v } else { otherPairs[key] = v }
        }
        return v == FontGlyphs.complexPair ? nil : v
    }

    /// Text as glyphs, one per character, each with its advance in pango units; nil when
    /// pango must lay it out.
    func shape(_ text: String) -> ShapedText? {
        var chars: [UInt32] = []
        chars.reserveCapacity(text.utf8.count)
        var ascii = true
        for b in text.utf8 {
            if b >= 0x80 { ascii = false; break }
            chars.append(UInt32(b))
        }
        if !ascii {
            chars.removeAll(keepingCapacity: true)
            for u in text.unicodeScalars { chars.append(u.value) }
        }
        var out = ShapedText(chars: chars, glyphs: [], advances: [])
        out.glyphs.reserveCapacity(chars.count)
        out.advances.reserveCapacity(chars.count)
        // Pango shapes each script apart (no kerning across): mixed scripts go to pango.
        if !ascii {
            var scripts: UInt8 = 0
            for c in chars { scripts |= FontGlyphs.script(c) }
            if scripts.nonzeroBitCount > 1 { return nil }
        }
        guard var prev = chars.first.flatMap({ single($0) }) else { return chars.isEmpty ? out : nil }
        let n = chars.count
        for i in 0..<n {
            out.glyphs.append(prev.glyph)
            if i + 1 < n {
                let b = chars[i + 1]
                guard let next = single(b) else { return nil }
                let a = chars[i]
                // Printable ASCII pairs already learnt: straight from the table.
                if a >= 0x20, a <= 0x7E, b >= 0x20, b <= 0x7E {
                    let v = asciiPairs[Int(a - 0x20) * 95 + Int(b - 0x20)]
                    if v > FontGlyphs.complexPair {
                        out.advances.append(v)
                        prev = next
                        continue
                    }
                }
                guard let adv = pair(a, b, prev, next) else { return nil }
                out.advances.append(adv)
                prev = next
            } else {
                out.advances.append(prev.width)
            }
        }
        return out
    }

    /// A bit for the script of a letter (Latin 1, Greek 2, Cyrillic 4), 0 for the rest.
    static func script(_ c: UInt32) -> UInt8 {
        if c < 0x80 { return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A ? 1 : 0 }
        if c >= 0xC0 && c < 0x370 { return c == 0xD7 || c == 0xF7 || (c >= 0x2B0 && c < 0x300) ? 0 : 1 }
        if c < 0x370 { return 0 }
        if c < 0x400 { return 2 }
        if c < 0x530 { return 4 }
        if c >= 0x1E00 && c < 0x1F00 { return 1 }
        if c >= 0x1F00 && c < 0x2000 { return 2 }
        return 0
    }

    /// The ellipsis pango ends a cut line with.
    func ellipsis() -> (glyph: UInt32, width: Int32)? {
        single(0x2026).map { ($0.glyph, $0.width) }
    }
}

/// A string as glyphs of one font, one per character (the fast path of ``FontGlyphs``).
struct ShapedText {
    var chars: [UInt32]
    var glyphs: [UInt32]
    /// Advance of each glyph (kerned against the next), pango units.
    var advances: [Int32]

    /// A line: glyphs `range`, drawn `width` wide (trailing spaces not counted).
    struct Line {
        var range: Range<Int>
        var width: Int32
        /// Ends with an ellipsis (the text was cut).
        var ellipsized = false
    }

    /// Whether a line may break before glyph `j`, as pango (UAX #14) allows in Latin text:
    /// after spaces; after a hyphen, dash, "?", "!" or "…" followed by a letter; after "/"
    /// (not inside "//"); before and after an em dash.
    func mayBreak(before j: Int) -> Bool {
        let a = chars[j - 1], b = chars[j]
        if b == 0x20 { return false }
        if a == 0x20 || a == 0x2014 || b == 0x2014 { return true }
        if a == 0x2F { return b != 0x2F }
        let letter = FontGlyphs.script(b) != 0
        switch a {
        case 0x2D, 0x2010, 0x2013, 0x3F, 0x21, 0x2026: return letter
        default: return false
        }
    }

    /// Breaks into lines no wider than `width` the way pango's word-or-character wrapping
    /// does at the places `mayBreak` allows; nil when a word is too long for a line of its
    /// own (pango then breaks it between characters, and lays the text out itself).
    func wrapped(width: Int32) -> [Line]? {
        var lines: [Line] = []
        var start = 0
        let n = glyphs.count
        while start < n {
            var x: Int32 = 0
            var visible: Int32 = 0
            var lastBreak = -1, widthAtBreak: Int32 = 0
            var j = start
            var ended = false
            while j < n {
                if j > start, mayBreak(before: j) {
                    lastBreak = j
                    widthAtBreak = visible
                }
                if chars[j] == 0x20 {
                    x += advances[j]
                    j += 1
                    continue
                }
                if j > start, x + advances[j] > width {
                    // A word longer than the line: pango breaks it between characters.
                    guard lastBreak > start else { return nil }
                    lines.append(Line(range: start..<lastBreak, width: widthAtBreak))
                    start = lastBreak
                    ended = true
                    break
                }
                x += advances[j]
                visible = x
                j += 1
            }
            if !ended {
                lines.append(Line(range: start..<n, width: visible))
                start = n
            }
        }
        return lines.isEmpty ? [Line(range: 0..<0, width: 0)] : lines
    }

    /// One line, cut with an ellipsis when wider than `width` (nil: no ellipsis glyph known).
    func singleLine(width: Int32, ellipsisWidth: Int32?) -> Line? {
        let total = advances.reduce(0, +)
        if total <= width { return Line(range: 0..<glyphs.count, width: total) }
        guard let ew = ellipsisWidth else { return nil }
        var x: Int32 = 0
        var k = 0
        while k < glyphs.count, x + advances[k] + ew <= width {
            x += advances[k]
            k += 1
        }
        return Line(range: 0..<k, width: x + ew, ellipsized: true)
    }
}
