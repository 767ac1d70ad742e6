import CCairo

/// Text: glyph-table shaping where it can, pango layouts where it must.
extension PDFCanvas {
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
}
