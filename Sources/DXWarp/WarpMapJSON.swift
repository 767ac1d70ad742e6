import DXEditModel

/// The warp map as JSON: the map file of the bench's contract and the same fields inside a
/// `--json` report.
///
/// Map file: `{"schema": 1, "points": [[take_s, guide_s], …], "flags": [{"take_s": [a, b],
/// "guide_s": [c, d], "reason": "…"}]}`, seconds from the start of each file, both
/// coordinates non-decreasing, linear between points and slope 1 outside them.
extension WarpMap {
    /// The map file's text (one JSON object and a newline).
    public func mapFileJSON() -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("schema", 1)
        writeFields(to: &w)
        w.endObject()
        return w.output + "\n"
    }

    /// `"points"` and `"flags"` as fields of the object `w` is writing.
    public func writeFields(to w: inout JSONWriter) {
        w.key("points")
        w.beginArray()
        for p in points {
            w.beginArray()
            w.number(Self.seconds(p.take, rate: sampleRate))
            w.number(Self.seconds(p.guide, rate: sampleRate))
            w.endArray()
        }
        w.endArray()
        w.key("flags")
        w.beginArray()
        for f in flags {
            w.beginObject()
            w.key("take_s")
            writePair(f.take, to: &w)
            w.key("guide_s")
            writePair(f.guide, to: &w)
            w.field("reason", f.reason.rawValue)
            w.endObject()
        }
        w.endArray()
    }

    private func writePair(_ r: Range<Int>, to w: inout JSONWriter) {
        w.beginArray()
        w.number(Self.seconds(r.lowerBound, rate: sampleRate))
        w.number(Self.seconds(r.upperBound, rate: sampleRate))
        w.endArray()
    }

    /// `samples / rate` as a decimal with 6 places (1 µs, finer than a sample at 192 kHz),
    /// computed in integers so no float rounding creeps into the file.
    public static func seconds(_ samples: Int, rate: Int) -> String {
        precondition(rate > 0)
        let negative = samples < 0
        let magnitude = samples.magnitude
        let micro = (magnitude * 1_000_000 + UInt(rate) / 2) / UInt(rate)
        let whole = micro / 1_000_000, fraction = String(micro % 1_000_000)
        return (negative && micro > 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// The map with `take` and `guide` samples added to every point and flag: from the
    /// coordinates of the arrays the estimator saw to those of the files.
    public func shifted(take: Int, guide: Int) -> WarpMap {
        var m = self
        m.points = points.map { Point(take: $0.take + take, guide: $0.guide + guide) }
        m.flags = flags.map {
            Flag(
                take: ($0.take.lowerBound + take)..<($0.take.upperBound + take),
                guide: ($0.guide.lowerBound + guide)..<($0.guide.upperBound + guide), reason: $0.reason)
        }
        return m
    }

    /// The lowest and highest local stretch (guide duration / take duration) over spans of
    /// at least `minSpan` samples on both axes (closer points measure the estimator's jitter,
    /// not the stretch the take is given); nil when no span advances on both.
    public func stretchRange(minSpan: Int = 1) -> ClosedRange<Double>? {
        var low = Double.infinity, high = -Double.infinity
        var anchor = points.first
        for p in points.dropFirst() {
            guard let a = anchor else { break }
            if p.take < a.take + max(1, minSpan) || p.guide < a.guide + max(1, minSpan) {
                // A jump (one coordinate stands still) restarts the span after it.
                if p.take == a.take || p.guide == a.guide { anchor = p }
                continue
            }
            let s = Double(p.guide - a.guide) / Double(p.take - a.take)
            low = min(low, s)
            high = max(high, s)
            anchor = p
        }
        return low <= high ? low...high : nil
    }
}

/// A map file that cannot be read back (names the byte or point at fault).
public struct WarpMapFileError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension WarpMap {
    /// Reads a map file (the format `mapFileJSON` writes) at `sampleRate`: seconds become
    /// the nearest sample. `name` is the file's name for messages.
    public init(mapFileJSON bytes: [UInt8], name: String, sampleRate: Int) throws {
        let o: JSONValue
        do { o = try JSONValue(parsing: bytes) } catch { throw WarpMapFileError(description: "\(name): \(error)") }
        guard o["schema"]?.int == 1, let points = o["points"]?.array else {
            throw WarpMapFileError(description: "\(name): not a warp map file (needs \"schema\": 1 and \"points\")")
        }
        func samples(_ v: JSONValue?, _ what: String) throws -> Int {
            guard let t = v?.numberText, let x = Double(t), x.isFinite else {
                throw WarpMapFileError(description: "\(name): \(what) is not a number of seconds")
            }
            return Int((x * Double(sampleRate)).rounded())
        }
        var parsed: [Point] = []
        for (i, p) in points.enumerated() {
            guard let pair = p.array, pair.count == 2 else {
                throw WarpMapFileError(description: "\(name): point \(i + 1) is not [take_s, guide_s]")
            }
            parsed.append(
                Point(
                    take: try samples(pair[0], "point \(i + 1)'s take_s"),
                    guide: try samples(pair[1], "point \(i + 1)'s guide_s")))
            if let last = parsed.dropLast().last, parsed[i].take < last.take || parsed[i].guide < last.guide {
                throw WarpMapFileError(description: "\(name): point \(i + 1) goes backwards")
            }
        }
        var flags: [Flag] = []
        for (i, f) in (o["flags"]?.array ?? []).enumerated() {
            guard let t = f["take_s"]?.array, let g = f["guide_s"]?.array, t.count == 2, g.count == 2,
                let reason = f["reason"]?.string.flatMap(FlagReason.init(rawValue:))
            else {
                throw WarpMapFileError(description: "\(name): flag \(i + 1) needs take_s, guide_s and a known reason")
            }
            let (a, b) = (try samples(t[0], "flag \(i + 1)"), try samples(t[1], "flag \(i + 1)"))
            let (c, d) = (try samples(g[0], "flag \(i + 1)"), try samples(g[1], "flag \(i + 1)"))
            guard a <= b, c <= d else { throw WarpMapFileError(description: "\(name): flag \(i + 1) ends before it starts") }
            flags.append(Flag(take: a..<b, guide: c..<d, reason: reason))
        }
        self.init(sampleRate: sampleRate, points: parsed, flags: flags, confidence: 1)
    }
}
