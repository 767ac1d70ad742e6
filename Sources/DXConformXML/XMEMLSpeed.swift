import DXEditModel
import DXTimecode
import DXXML

/// Speed changes of clip items.
extension XMEMLSequenceReader {
    /// A constant Time Remap: the stated speed (negative when reversed); nil at 100 %.
    func speed(_ item: XMLElement) -> Speed? {
        for filter in item.children("filter") {
            guard let effect = index.child(filter, "effect") else { continue }
            let id = (effect.text("effectid") ?? effect.text("name") ?? "").lowercased().replacingSpaces()
            guard id == "timeremap" else { continue }
            var percent: ExactDecimal?
            var reverse = false
            for p in effect.children("parameter") {
                switch (p.text("parameterid") ?? p.text("name"))?.lowercased() {
                case "speed": percent = p.text("value").flatMap { ExactDecimal($0) }
                case "reverse": reverse = XMLNumber.bool(p.text("value")) ?? false
                default: break
                }
            }
            guard var pct = percent else { continue }
            if reverse, !pct.isNegative { pct.units = -pct.units }
            if pct == ExactDecimal(100) { return nil }
            return Speed(fps: nil, statedPercent: pct)
        }
        return nil
    }
}

extension String {
    func replacingSpaces() -> String { String(filter { $0 != " " }) }
}
