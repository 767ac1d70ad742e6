import DXEditModel
import DXTimecode

/// One clip of a session after tag precedence: what ptulsconv's `-f tagged` prints.
public struct TaggedEvent: Sendable {
    public var text: String
    public var trackName: String
    public var sessionName: String
    public var tags: [String: String]
    /// Absolute frames at the session rate.
    public var start: Int64
    public var finish: Int64
    public var line: Int
    public var trackIndex: Int
    /// Cue Pro / EdiCue clip grammar: `{comment}` and `[reason]` texts.
    public var comments: [String]
    public var reasons: [String]
}

/// Applies ptulsconv's rules to a parsed session: muted clips are skipped; `&` clips join
/// the clip before them on the track (one row, first start, last finish, text joined with
/// a space); `@` clips are ranges whose tags apply to clips on later tracks that start
/// inside them (the earliest range wins); then precedence
/// clip > track name > track comments > range > markers > session name.
///
/// Markers are placed where they are — at their sample position from the session start,
/// added to the session start timecode — and apply to clips starting at or after them
/// (the later marker wins). ptulsconv compares the sample position with absolute clip
/// times instead, so every marker applies everywhere; that is its defect, not copied here.
/// PT 2023.12 track markers apply only to clips on their track.
public struct SessionTagCompiler {
    public var session: SessionText
    public var clock: ExportClock
    public private(set) var warnings: [Diagnostic] = []
    public private(set) var mutedSkipped: [Int] = []

    public init(session: SessionText) throws {
        self.session = session
        do {
            clock = try ExportClock(session: session)
        } catch let e as ExportClockError {
            throw CueImportError("\(session.file): \(e.description)",
                                 diagnostics: [Diagnostic(.error, e.description, file: session.file, line: 1)])
        }
    }

    private struct Placed {
        var tags: [String: String]
        var time: Int64
        var track: String?
    }

    private struct Pending {
        var clip: SessionText.Clip
        var parsed: TaggedName
        var start: Int64
        var finish: Int64
        var trackIndex: Int
    }

    /// Throws for a clip or marker time whose numbers are out of range (see
    /// ``ExportClock``): the import is refused, naming the file and line.
    public mutating func compile() throws -> [TaggedEvent] {
        let sessionParsed = TaggedName(parsing: session.sessionName)
        let sessionTags = sessionParsed.tagDictionary
        let sessionText = sessionParsed.text ?? ""

        let placed = try placedMarkers()

        var spans: [(tags: [String: String], start: Int64, finish: Int64)] = []
        var events: [TaggedEvent] = []
        for (ti, track) in session.tracks.enumerated() {
            let trackParsed = TaggedName(parsing: track.name)
            let commentTags = TaggedName(parsing: track.comments).tagDictionary
            let trackTags = trackParsed.tagDictionary
            let trackText = trackParsed.text ?? ""
            let pending = try pendingClips(track, index: ti)
            for p in pending {
                if p.parsed.mode == .timespan {
                    spans.append((p.parsed.tagDictionary, p.start, p.finish))
                    continue
                }
                var tags = sessionTags
                for m in placed where m.time <= p.start && (m.track == nil || m.track == track.name) {
                    for (k, v) in m.tags { tags[k] = v }
                }
                // Ranges: the earliest (upper) range holding the start wins.
                var spanTags: [String: String] = [:]
                for s in spans where s.start <= p.start && p.start <= s.finish {
                    for (k, v) in s.tags where spanTags[k] == nil { spanTags[k] = v }
                }
                for (k, v) in spanTags { tags[k] = v }
                for (k, v) in commentTags { tags[k] = v }
                for (k, v) in trackTags { tags[k] = v }
                for t in p.parsed.tags { tags[t.key] = t.value }
                events.append(TaggedEvent(text: p.parsed.text ?? "", trackName: trackText, sessionName: sessionText,
                                          tags: tags, start: p.start, finish: p.finish, line: p.clip.line, trackIndex: ti,
                                          comments: p.parsed.braceTexts, reasons: p.parsed.bracketTexts))
            }
        }
        return events
    }

    /// Markers in time order (stable for equal times), each with its own tags; a marker
    /// that cannot be placed is left out with a warning.
    private mutating func placedMarkers() throws -> [Placed] {
        let file = session.file
        var placed: [Placed] = []
        for m in session.markers {
            var time: Int64?
            do {
                if let ref = m.timeReference, m.units.lowercased() == "samples" {
                    time = try clock.fromStart(try clock.samplesToFrames(ref), String(ref))
                } else {
                    time = try clock.frames(m.location)
                }
            } catch let e as ExportClockError where e.isOutOfRange {
                throw refusal(e, line: m.line)
            } catch {}
            guard let time else {
                warnings.append(Diagnostic(.warning, "marker \(m.number) at '\(m.location)' cannot be placed: its tags are not applied",
                                           file: file, line: m.line))
                continue
            }
            var tags = TaggedName(parsing: m.comments).tagDictionary
            for (k, v) in TaggedName(parsing: m.name).tagDictionary { tags[k] = v }
            if tags.isEmpty { continue }
            placed.append(Placed(tags: tags, time: time, track: m.isTrackMarker ? m.trackName : nil))
        }
        return placed.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// A track's clips to tag: muted ones skipped, `&` clips joined to the clip before them.
    private mutating func pendingClips(_ track: SessionText.Track, index ti: Int) throws -> [Pending] {
        let file = session.file
        var pending: [Pending] = []
        for clip in track.clips {
            if clip.isMuted {
                mutedSkipped.append(clip.line)
                continue
            }
            let start: Int64, finish: Int64
            do {
                start = try clock.frames(clip.start)
                finish = try clock.frames(clip.end)
            } catch let e as ExportClockError where e.isOutOfRange {
                throw refusal(e, line: clip.line)
            } catch {
                warnings.append(Diagnostic(.warning, "clip '\(clip.name)' skipped: \(error)", file: file, line: clip.line))
                continue
            }
            let parsed = TaggedName(parsing: clip.name)
            if !parsed.malformed.isEmpty {
                warnings.append(Diagnostic(.warning, "malformed tag \(parsed.malformed.map { "'\($0)'" }.joined(separator: ", ")) in clip name kept as text of nothing",
                                           file: file, line: clip.line))
            }
            if !parsed.strayWords.isEmpty {
                warnings.append(Diagnostic(.warning, "words after the tags ignored: '\(parsed.strayWords.joined(separator: " "))'",
                                           file: file, line: clip.line))
            }
            if parsed.mode == .append {
                if var last = pending.last, last.parsed.mode != .timespan, start >= last.finish {
                    last.parsed.text = [last.parsed.text, parsed.text].compactMap { $0 }.joined(separator: " ")
                    for t in parsed.tags {
                        if let k = last.parsed.tags.firstIndex(where: { $0.key == t.key }) { last.parsed.tags.remove(at: k) }
                        last.parsed.tags.append(t)
                    }
                    last.parsed.braceTexts += parsed.braceTexts
                    last.parsed.bracketTexts += parsed.bracketTexts
                    last.finish = finish
                    pending[pending.count - 1] = last
                    continue
                }
                warnings.append(Diagnostic(.warning, "'&' clip has no earlier clip on its track to join: kept as a clip of its own",
                                           file: file, line: clip.line))
            }
            pending.append(Pending(clip: clip, parsed: parsed, start: start, finish: finish, trackIndex: ti))
        }
        return pending
    }

    /// The import refused for an out-of-range time, naming the file and line.
    private func refusal(_ e: ExportClockError, line: Int) -> CueImportError {
        let d = Diagnostic(.error, e.description, file: session.file, line: line)
        return CueImportError(d.description, diagnostics: [d])
    }
}
