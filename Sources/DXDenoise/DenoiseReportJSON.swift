import DXEditModel

/// The JSON document of one denoised file (schema 1; dx-denoise --json): beside
/// `DenoiseReport`, so the schema changes with the type it writes, and through the one
/// JSON writer (DXEditModel's `JSONWriter`).
public enum DenoiseReportJSON {
    public static func encode(_ r: DenoiseReport) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.field("schema", 1)
        w.field("input", r.input)
        w.field("output", r.output)
        w.field("delta", r.delta)
        w.field("sample_rate", r.sampleRate)
        w.field("channels", r.channels)
        w.field("method", r.method)
        number(&w, "learned_share", r.learnedShare, digits: 3)
        w.field("frames", r.frames)
        w.field("noise_source", r.noiseSource)
        number(&w, "amount_db", r.amountDB)
        number(&w, "applied_amount_db", r.appliedAmountDB)
        number(&w, "background_modulation", r.backgroundModulation, digits: 3)
        number(&w, "noise_floor_before_dbfs", r.noiseFloorBeforeDBFS)
        number(&w, "noise_floor_after_dbfs", r.noiseFloorAfterDBFS)
        number(&w, "peak_before_dbfs", r.peakBeforeDBFS)
        number(&w, "peak_after_dbfs", r.peakAfterDBFS)
        w.key("hum")
        w.beginObject()
        w.field("found", r.hum.found)
        number(&w, "fundamental_hz", r.hum.fundamentalHz, digits: 3)
        number(&w, "final_fundamental_hz", r.hum.found ? r.hum.finalFundamentalHz : nil, digits: 3)
        w.field("harmonics", r.hum.harmonics)
        number(&w, "removed_level_dbfs", r.hum.removedLevelDBFS)
        w.endObject()
        w.key("warnings")
        w.beginArray()
        for x in r.warnings { w.value(x) }
        w.endArray()
        w.endObject()
        return w.output
    }

    private static func number(_ w: inout JSONWriter, _ key: String, _ v: Double?, digits: Int = 1) {
        w.key(key)
        guard let v, v.isFinite else { w.null(); return }
        w.number(fixed(v, digits))
    }

    /// A decimal with `digits` places, without Foundation.
    static func fixed(_ v: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let n = (abs(v) * scale).rounded()
        let whole = Int64(n / scale)
        let frac = Int64(n - Double(whole) * scale)
        var f = String(frac)
        while f.count < digits { f = "0" + f }
        let sign = v < 0 && n != 0 ? "-" : ""
        return digits == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(f)"
    }
}
