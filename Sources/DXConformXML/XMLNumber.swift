import DXEditModel
import DXXML

/// Numbers as xmeml writes them: integers, sometimes with a decimal part ("1055.0").
enum XMLNumber {
    /// An integer frame count; a fractional part is dropped (rounded down) and reported
    /// through `inexact`. Nil for anything that is not a number.
    static func frames(_ text: String?, inexact: inout Bool) -> Int64? {
        guard let text, let d = ExactDecimal(Substring(text.trimmedXML)) else { return nil }
        var u = d.units
        var s = d.scale
        var lost = false
        while s > 0 {
            if u % 10 != 0 { lost = true }
            u = u / 10 - ((u < 0 && u % 10 != 0) ? 1 : 0)
            s -= 1
        }
        if lost { inexact = true }
        return u
    }

    /// FCP's booleans: TRUE/FALSE (any case), also 1/0 and yes/no.
    static func bool(_ text: String?) -> Bool? {
        switch text?.trimmedXML.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: return nil
        }
    }
}

extension String {
    /// Without leading and trailing XML white space.
    var trimmedXML: String { trimmingXMLWhitespace() }

    /// Nil when empty after trimming, else the trimmed string.
    var nonEmptyTrimmed: String? {
        let t = trimmedXML
        return t.isEmpty ? nil : t
    }
}
