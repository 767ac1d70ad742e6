import DXEditModel
import DXTimecode

/// Turns placed FCPXML components into events on numbered tracks.
///
/// FCPXML has lanes, not tracks. Video lanes become V1, V2… from the lowest lane up
/// (the primary storyline is V1 unless something is connected below it). Audio lanes
/// become A1, A2…: the primary storyline first, then the lanes below it going down,
/// then any above it — the order the clips appear under the picture.
struct FCPXMLTrackAssigner {
    let rate: FrameRate
    var diagnostics: ReadDiagnostics

    mutating func events(from components: [FCPXMLComponent]) -> [Event] {
        let trackOf = assignTracks(components)
        var out: [(TrackID, Event)] = []
        for (i, c) in components.enumerated() {
            let track = trackOf[i]
            let recIn = frames(c.recordStart, at: rate, line: c.line, what: "record")
            let recOut = frames(c.recordEnd, at: rate, line: c.line, what: "record")
            let lo = min(c.sourceStart, c.sourceEnd), hi = max(c.sourceStart, c.sourceEnd)
            let srcIn = frames(lo, at: c.sourceRate, line: c.line, what: "source")
            var srcOut = frames(hi, at: c.sourceRate, line: c.line, what: "source")
            // Media placed between frames (sample-accurate audio) rounds at both ends; at
            // full speed and one rate, keep the source as long as the record.
            let sameRate = c.sourceRate.numerator == rate.numerator && c.sourceRate.denominator == rate.denominator
            if c.speed == nil, sameRate, abs((srcOut - srcIn) - (recOut - recIn)) == 1 { srcOut = srcIn + (recOut - recIn) }
            var comments = c.comments
            if !c.recordStart.frames(at: rate).exact {
                comments.append("record in falls between frames: exact time \(c.recordStart)")
            }
            var e = Event(tracks: [track], record: FrameRange(start: recIn, end: recOut),
                          sourceRange: FrameRange(start: srcIn, end: srcOut), sourceRate: c.sourceRate,
                          source: c.source, transition: c.transition ?? .cut, enabled: c.enabled,
                          comments: comments, origin: Origin(lines: [c.line]))
            if let s = c.speed { e.speed = Speed(fps: nil, statedPercent: percent(s)) }
            e.markers = c.markers.map { marker($0) }
            out.append((track, e))
        }
        // Track by track, in record order; list order breaks ties.
        return out.enumerated().sorted { a, b in
            (a.element.0, a.element.1.record.start, a.offset) < (b.element.0, b.element.1.record.start, b.offset)
        }.map(\.element.1)
    }

    /// Tracks for components: lanes in order, and within a lane as many tracks as its
    /// clips need so none overlap (clips connected to different clips may share a lane
    /// number and still overlap in time, as two music cues crossfading do).
    func assignTracks(_ components: [FCPXMLComponent]) -> [TrackID] {
        var result = [TrackID](repeating: .video(1), count: components.count)
        for kind in [TrackID.Kind.video, .audio] {
            let idx = components.indices.filter { components[$0].kind == kind }
            var lanes = Array(Set(idx.map { components[$0].lane }))
            if kind == .video {
                lanes.sort()
            } else {
                lanes.sort { a, b in (a > 0 ? 1 : 0, abs(a)) < (b > 0 ? 1 : 0, abs(b)) }
            }
            var next = 1
            for lane in lanes {
                let members = idx.filter { components[$0].lane == lane }
                    .sorted { (components[$0].recordStart, $0) < (components[$1].recordStart, $1) }
                var ends: [FCPXMLTime] = []
                for i in members {
                    let c = components[i]
                    let slot = ends.firstIndex { !(c.recordStart < $0) } ?? ends.count
                    if slot == ends.count { ends.append(c.recordEnd) } else { ends[slot] = c.recordEnd }
                    result[i] = TrackID(kind, next + slot)
                }
                next += ends.count
            }
        }
        return result
    }

    mutating func marker(_ m: FCPXMLMarker) -> Marker {
        Marker(at: m.at.frames(at: rate).frames, duration: m.duration.frames(at: rate).frames, color: m.color,
               name: m.name, note: m.note)
    }

    private mutating func frames(_ t: FCPXMLTime, at r: FrameRate, line: Int, what: String) -> Int64 {
        let (f, exact) = t.frames(at: r)
        if !exact {
            diagnostics.warn(line, "\(what) time \(t) is not on a frame boundary at \(r); rounded down",
                             foldKey: "inexact \(what)")
        }
        return f
    }

    /// Speed as a percentage to three decimals.
    private func percent(_ s: FCPXMLTime) -> ExactDecimal {
        let scaled = s * FCPXMLTime(100_000)
        let (f, _) = scaled.frames(at: .fps1)
        // round half away from zero
        let rounded = (scaled - FCPXMLTime(Int128(f))) * FCPXMLTime(2) < FCPXMLTime(1) ? f : f &+ 1
        return ExactDecimal(units: rounded, scale: 3)
    }
}

extension FrameRate {
    /// One frame per second: `frames(at:)` then floors plain seconds.
    static let fps1 = try! FrameRate(numerator: 1)
}
