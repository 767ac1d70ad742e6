import DXXML

/// A retime (`<timeMap>`): clip time → media time, linear between its points.
/// FCPXML's eased interpolations ("smooth2") change speed inside a segment, not its
/// end points; reading them as linear keeps every point where the map says it is.
struct FCPXMLTimeMap {
    /// (time, value) pairs in time order.
    let points: [(time: FCPXMLTime, value: FCPXMLTime)]

    init?(_ element: XMLElement?) {
        guard let element else { return nil }
        var pts: [(FCPXMLTime, FCPXMLTime)] = []
        for p in element.children("timept") {
            guard let t = p.attribute("time").flatMap(FCPXMLTime.init(parsing:)),
                  let v = p.attribute("value").flatMap(FCPXMLTime.init(parsing:)) else { continue }
            pts.append((t, v))
        }
        pts.sort { $0.0 < $1.0 }
        guard !pts.isEmpty else { return nil }
        points = pts.map { (time: $0.0, value: $0.1) }
    }

    /// Media time at a clip time; outside the points the nearest segment is extended.
    func value(at t: FCPXMLTime) -> FCPXMLTime {
        guard points.count > 1 else { return points[0].value + (t - points[0].time) }
        var i = 0
        while i < points.count - 2, points[i + 1].time <= t { i += 1 }
        return segment(i)(t)
    }

    private func segment(_ i: Int) -> FCPXMLAffine {
        let a = points[i], b = points[i + 1]
        let dt = b.time - a.time
        guard !dt.isZero else { return FCPXMLAffine(scale: .zero, shift: a.value) }
        let slope = (b.value - a.value) / dt
        return FCPXMLAffine(scale: slope, shift: a.value - slope * a.time)
    }

    /// Whether every segment has the same speed.
    var isConstantSpeed: Bool {
        guard points.count > 2 else { return true }
        let first = segment(0).scale
        return (1..<(points.count - 1)).allSatisfy { segment($0).scale == first }
    }

    /// The map near clip time `t` as one straight line (exact for a constant speed):
    /// used to place what sits inside a retimed container.
    func linear(near t: FCPXMLTime) -> FCPXMLAffine {
        guard points.count > 1 else { return FCPXMLAffine(scale: FCPXMLTime(1), shift: points[0].value - points[0].time) }
        var i = 0
        while i < points.count - 2, points[i + 1].time <= t { i += 1 }
        return segment(i)
    }
}
