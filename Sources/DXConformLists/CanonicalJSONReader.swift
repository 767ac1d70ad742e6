import DXEditModel
import DXTimecode
import Foundation

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
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw bad("not valid JSON: \(error.localizedDescription)")
        }
        guard let doc = root as? [String: Any] else { throw bad("expected a JSON object with an \"events\" array") }
        if let schema = doc["schema"] as? Int, schema != CanonicalJSON.schema {
            throw bad("unsupported schema \(schema) (this dxkit reads schema \(CanonicalJSON.schema))")
        }
        guard let rows = doc["events"] as? [[String: Any]] else { throw bad("missing \"events\" array") }
        let rate = try parseRate(doc["rate"], dropFrame: doc["drop_frame"] as? Bool ?? false, bad: bad)
        let format = ListFormat(rawValue: doc["format"] as? String ?? "") ?? .canonicalJSON
        var events: [Event] = []
        var indexOfEdit: [Int: Int] = [:]
        for (n, row) in rows.enumerated() {
            let where_ = "events[\(n)]"
            let track = (row["track"] as? String).flatMap(TrackID.init)
            if let edit = row["edit"] as? Int, let i = indexOfEdit[edit] {
                if let track, !events[i].tracks.contains(track) { events[i].tracks.append(track) }
                continue
            }
            var srcRate = rate
            if let sr = row["source_rate"] {
                srcRate = try parseRate(sr, dropFrame: row["source_drop_frame"] as? Bool ?? false, bad: bad)
            }
            let frames = row["frames"] as? [String: Any]
            func time(_ key: String, _ r: FrameRate) throws -> Int64 {
                if let f = frames?[key] as? Int { return Int64(f) }
                guard let s = row[key] as? String else { throw bad("\(where_): missing \(key)") }
                do { return try Timecode(parsing: s, rate: r).frames } catch { throw bad("\(where_).\(key): \(error)") }
            }
            let recRate = format == .cmx3600 ? srcRate : rate
            var event = Event(
                number: row["event"] as? Int, tracks: track.map { [$0] } ?? [],
                record: FrameRange(start: try time("record_in", recRate), end: try time("record_out", recRate)),
                sourceRange: FrameRange(start: try time("source_in", srcRate), end: try time("source_out", srcRate)),
                sourceRate: srcRate,
                source: SourceRef(reel: row["reel"] as? String, clipName: row["clip_name"] as? String,
                                  file: row["source_file"] as? String, channel: row["source_channel"] as? Int,
                                  scene: row["scene"] as? String, take: row["take"] as? String, role: row["role"] as? String),
                enabled: row["enabled"] as? Bool ?? true,
                comments: row["comments"] as? [String] ?? [])
            if let t = row["transition"] as? [String: Any] {
                let kind = Transition.Kind(rawValue: t["type"] as? String ?? "cut") ?? .transition
                var tr = Transition(kind: kind, frames: Int64(t["frames"] as? Int ?? 0),
                                    code: t["code"] as? String ?? (kind == .cut ? "C" : kind == .dissolve ? "D" : ""),
                                    effectName: t["effect"] as? String)
                if t["from_reel"] != nil || t["from_clip_name"] != nil {
                    tr.from = SourceRef(reel: t["from_reel"] as? String, clipName: t["from_clip_name"] as? String)
                    if let f = frames?["from_source_in"] as? Int {
                        tr.fromSourceIn = Int64(f)
                    } else if let s = t["from_source_in"] as? String {
                        tr.fromSourceIn = try? Timecode(parsing: s, rate: srcRate).frames
                    }
                }
                event.transition = tr
            }
            if let s = row["speed"] as? [String: Any] {
                let fps = (s["fps"] as? NSNumber).flatMap { ExactDecimal($0.stringValue) }
                let pct = fps == nil ? (s["percent"] as? NSNumber).flatMap { ExactDecimal($0.stringValue) } : nil
                let entry = (s["entry"] as? String).flatMap { try? Timecode(parsing: $0, rate: srcRate).frames }
                event.speed = Speed(fps: fps, statedPercent: pct, reel: s["reel"] as? String, entry: entry)
            }
            for m in row["markers"] as? [[String: Any]] ?? [] {
                let at = (m["frames"] as? Int).map(Int64.init)
                    ?? (m["tc"] as? String).flatMap { try? Timecode(parsing: $0, rate: recRate).frames } ?? 0
                event.markers.append(Marker(at: at, color: m["color"] as? String, name: m["name"] as? String ?? ""))
            }
            for f in row["flags"] as? [String] ?? [] {
                if let flag = EventFlag(rawValue: f) { event.flags.insert(EventFlags(flag)) }
            }
            if let edit = row["edit"] as? Int { indexOfEdit[edit] = events.count }
            events.append(event)
        }
        let start: Int64? = (doc["record_start"] as? String).flatMap { try? Timecode(parsing: $0, rate: rate).frames }
        return Timeline(title: doc["title"] as? String, rate: rate, recordStart: start, events: events,
                        comments: doc["comments"] as? [String] ?? [],
                        source: ListSource(path: fileName, format: format, dialect: doc["dialect"] as? String,
                                           rateBasis: doc["rate_basis"] as? String))
    }

    private func parseRate(_ any: Any?, dropFrame: Bool, bad: (String) -> ConformListError) throws -> FrameRate {
        guard let r = any as? [String: Any], let num = r["num"] as? Int, let den = r["den"] as? Int else {
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
