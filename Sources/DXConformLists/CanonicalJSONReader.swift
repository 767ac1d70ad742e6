import DXEditModel
import DXTimecode

/// Reads dxkit's canonical JSON (schema 1) back into a ``Timeline``.
///
/// Rows sharing an `edit` index are one event on several tracks. Exact frame counts
/// (`frames`) are used when present; otherwise the SMPTE strings are parsed at the
/// row's rate, so hand-written or other tools' schema-1 files also read.
public struct CanonicalJSONReader {
    public init() {}

    public func read(_ bytes: [UInt8], fileName: String?) throws -> Timeline {
        func bad(_ message: String) -> ConformListError {
            ConformListError(.badData, Diagnostic(.error, message, file: fileName))
        }
        let doc: JSONValue
        do {
            doc = try JSONValue(parsing: bytes)
        } catch let e as JSONParseError {
            throw ConformListError(.badData, Diagnostic(.error, "not valid JSON: expected \(e.expected)", file: fileName, byte: e.offset))
        }
        guard doc.object != nil else { throw bad("expected a JSON object with an \"events\" array") }
        if let schema = doc["schema"]?.int, schema != CanonicalJSON.schema {
            throw bad("unsupported schema \(schema) (this dxkit reads schema \(CanonicalJSON.schema))")
        }
        guard let rows = doc["events"]?.array else { throw bad("missing \"events\" array") }
        let rate = try parseRate(doc["rate"], dropFrame: doc["drop_frame"]?.bool ?? false, bad: bad)
        let format = ListFormat(rawValue: doc["format"]?.string ?? "") ?? .canonicalJSON
        var events: [Event] = []
        var indexOfEdit: [Int: Int] = [:]
        for (n, row) in rows.enumerated() {
            let place = "events[\(n)]"
            guard row.object != nil else { throw bad("\(place): expected an object") }
            let track = row["track"]?.string.flatMap(TrackID.init)
            if let edit = row["edit"]?.int, let i = indexOfEdit[edit] {
                if let track, !events[i].tracks.contains(track) { events[i].tracks.append(track) }
                continue
            }
            var srcRate = rate
            if let sr = row["source_rate"], sr != .null {
                srcRate = try parseRate(sr, dropFrame: row["source_drop_frame"]?.bool ?? false, bad: bad)
            }
            let frames = row["frames"]
            func time(_ key: String, _ r: FrameRate) throws -> Int64 {
                if let f = frames?[key]?.numberText, let v = Int64(f) { return v }
                guard let s = row[key]?.string else { throw bad("\(place): missing \(key)") }
                do { return try Timecode(parsing: s, rate: r).frames } catch { throw bad("\(place).\(key): \(error)") }
            }
            let recRate = format == .cmx3600 ? srcRate : rate
            var event = Event(
                number: row["event"]?.int, tracks: track.map { [$0] } ?? [],
                record: FrameRange(start: try time("record_in", recRate), end: try time("record_out", recRate)),
                sourceRange: FrameRange(start: try time("source_in", srcRate), end: try time("source_out", srcRate)),
                sourceRate: srcRate,
                source: SourceRef(reel: row["reel"]?.string, clipName: row["clip_name"]?.string,
                                  file: row["source_file"]?.string, channel: row["source_channel"]?.int,
                                  scene: row["scene"]?.string, take: row["take"]?.string, role: row["role"]?.string),
                enabled: row["enabled"]?.bool ?? true,
                comments: row["comments"]?.array?.compactMap(\.string) ?? [])
            if let t = row["transition"], t.object != nil {
                event.transition = transition(t, frames: frames, sourceRate: srcRate)
            }
            if let s = row["speed"], s.object != nil {
                event.speed = speed(s, sourceRate: srcRate)
            }
            for m in row["markers"]?.array ?? [] {
                let at = m["frames"]?.numberText.flatMap { Int64($0) }
                    ?? m["tc"]?.string.flatMap { try? Timecode(parsing: $0, rate: recRate).frames } ?? 0
                event.markers.append(Marker(at: at, color: m["color"]?.string, name: m["name"]?.string ?? ""))
            }
            for f in row["flags"]?.array ?? [] {
                if let name = f.string, let flag = EventFlag(rawValue: name) { event.flags.insert(EventFlags(flag)) }
            }
            if let edit = row["edit"]?.int { indexOfEdit[edit] = events.count }
            events.append(event)
        }
        let start = doc["record_start"]?.string.flatMap { try? Timecode(parsing: $0, rate: rate).frames }
        return Timeline(title: doc["title"]?.string, rate: rate, recordStart: start, events: events,
                        comments: doc["comments"]?.array?.compactMap(\.string) ?? [],
                        source: ListSource(path: fileName, format: format, dialect: doc["dialect"]?.string,
                                           rateBasis: doc["rate_basis"]?.string))
    }

    /// A row's `transition` object; `frames`: the row's exact frame counts, which win over
    /// the timecode text.
    private func transition(_ t: JSONValue, frames: JSONValue?, sourceRate srcRate: FrameRate) -> Transition {
        let kind = Transition.Kind(rawValue: t["type"]?.string ?? "cut") ?? .transition
        var tr = Transition(kind: kind, frames: Int64(t["frames"]?.int ?? 0),
                            code: t["code"]?.string ?? (kind == .cut ? "C" : kind == .dissolve ? "D" : ""),
                            effectName: t["effect"]?.string)
        if t["from_reel"]?.string != nil || t["from_clip_name"]?.string != nil {
            tr.from = SourceRef(reel: t["from_reel"]?.string, clipName: t["from_clip_name"]?.string)
            if let f = frames?["from_source_in"]?.numberText, let v = Int64(f) {
                tr.fromSourceIn = v
            } else if let s = t["from_source_in"]?.string {
                tr.fromSourceIn = try? Timecode(parsing: s, rate: srcRate).frames
            }
        }
        return tr
    }

    /// A row's `speed` object: exact fps, else the stated percentage.
    private func speed(_ s: JSONValue, sourceRate srcRate: FrameRate) -> Speed {
        let fps = s["fps"]?.numberText.flatMap { ExactDecimal($0) }
        let pct = fps == nil ? s["percent"]?.numberText.flatMap { ExactDecimal($0) } : nil
        let entry = s["entry"]?.string.flatMap { try? Timecode(parsing: $0, rate: srcRate).frames }
        return Speed(fps: fps, statedPercent: pct, reel: s["reel"]?.string, entry: entry)
    }

    private func parseRate(_ value: JSONValue?, dropFrame: Bool, bad: (String) -> ConformListError) throws -> FrameRate {
        guard let num = value?["num"]?.int, let den = value?["den"]?.int else {
            throw bad("missing or invalid \"rate\" {num, den}")
        }
        do {
            let plain = try FrameRate(numerator: num, denominator: den)
            return plain.supportsDropFrame ? plain.withDropFrame(dropFrame) : plain
        } catch {
            throw bad("invalid rate: \(error)")
        }
    }
}
