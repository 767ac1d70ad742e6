import DXCLI
import DXConformMedia
import DXEditModel

// The matcher and the render planner report facts; here dx-conform adds its flags to
// them, before anything is printed or written, so the table, the JSON and placed.csv
// all say which flag would change the outcome.

extension MatchRemedy {
    /// The advice in dx-conform's terms.
    var advice: String {
        switch self {
        case .allowTimecodeOnly: return "--allow-timecode-only takes it"
        }
    }
}

extension EventMatch {
    /// This match with its remedy's advice after the reason it belongs to (the last).
    var advised: EventMatch {
        guard let remedy, !reasons.isEmpty else { return self }
        var m = self
        m.reasons[m.reasons.count - 1] += " (\(remedy.advice))"
        return m
    }
}

extension Placement {
    /// This placement with the flag that would render a skipped speed change after the
    /// note that names it (the last).
    var advised: Placement {
        guard status == .skippedSpeed, !notes.isEmpty else { return self }
        var p = self
        p.notes[p.notes.count - 1] += " (ask with --speed-changes)"
        return p
    }
}

extension RenderProblem {
    /// The problem as dx-conform prints it: a source that is not what the index says is
    /// mended by scanning again.
    var advised: String {
        isStaleSource ? description + "; re-run dx-conform index" : description
    }
}

extension MatchOptions {
    /// Matches `t` against the index's files, with dx-conform's advice in the reasons.
    func match(_ t: Timeline, media: [MediaRecord]) throws -> [EventMatch] {
        try matcher().match(t, media: media).map(\.advised)
    }
}
