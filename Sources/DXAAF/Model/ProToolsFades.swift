/// Pro Tools exports a fade as a clip of its own — the fade rendered to a new file,
/// named "Fade" — and cuts a clip whose edge falls between frames into a one-frame
/// "Sample accurate edit" piece, rendered too. Both are real clips of the file and are
/// listed as such by default. This folds them back into what the editor cut: the pieces
/// before a clip become its fade in, those after it its fade out, those between two
/// clips a crossfade (both clips extended across it), and the clips' source ranges grow
/// with them, as the rendered pieces were made from that same material.
///
/// The pieces are recognised by Pro Tools' names for them, in each language Pro Tools
/// exports (a clip an editor renamed to one of these names is folded too). Pieces that
/// are not next to a real clip are kept as they are.
public enum ProToolsFadeFolding {
    /// "Fade" in Pro Tools' interface languages (the exported name has a trailing space).
    static let fadeNames: Set<String> = ["Fade", "Fundido", "Fondu", "페이드", "淡变", "淡變"]
    /// "Sample accurate edit" in Pro Tools' interface languages.
    static let sampleAccurateEditNames: Set<String> = [
        "Sample accurate edit", "Samplegenaue Bearbeitung", "Edición con precisión de muestra",
        "Modification à l'échantillon près", "サンプル精度編集", "샘플 단위 정밀 편집", "精确采样编辑", "精確取樣編輯",
    ]

    enum Piece { case clip, fade, sampleAccurateEdit }

    static func piece(_ c: AAFClip) -> Piece {
        let name = String((c.clipName ?? "").drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        if fadeNames.contains(name) { return .fade }
        if sampleAccurateEditNames.contains(name) { return .sampleAccurateEdit }
        return .clip
    }

    /// The track with rendered fades and sample-accurate-edit pieces folded into the clips.
    public static func fold(_ track: AAFAudioTrack) -> AAFAudioTrack {
        var out = track
        out.clips = []
        var run: [AAFClip] = []
        for c in track.clips {
            if let last = run.last, last.recordOut != c.recordIn {
                out.clips += foldRun(run, rate: track.editRate)
                run = []
            }
            run.append(c)
        }
        out.clips += foldRun(run, rate: track.editRate)
        // Renumber; the file's own transitions keep pointing at the clips they joined, and
        // each folded crossfade (two clips now overlapping) becomes a transition too.
        var newIndex: [Int: Int] = [:]
        for i in out.clips.indices {
            newIndex[out.clips[i].index] = i + 1
            out.clips[i].index = i + 1
        }
        out.transitions = track.transitions.map { t in
            var t = t
            t.fromClip = t.fromClip.flatMap { newIndex[$0] }
            t.toClip = t.toClip.flatMap { newIndex[$0] }
            return t
        }
        for (a, b) in zip(out.clips, out.clips.dropFirst()) where a.recordOut > b.recordIn {
            out.transitions.append(fadeTransition(at: b.recordIn, length: a.recordOut - b.recordIn, from: a.index, to: b.index))
        }
        return out
    }

    /// Folds one run of abutting clips.
    static func foldRun(_ run: [AAFClip], rate: Ratio) -> [AAFClip] {
        let real = run.indices.filter { piece(run[$0]) == .clip }
        guard let first = real.first, let last = real.last else { return run }
        var clips = real.map { run[$0] }
        // Leading pieces: the first clip's fade in.
        let lead = run[first].recordIn - run[0].recordIn
        if lead > 0 {
            clips[0] = extend(clips[0], before: lead, rate: rate)
            clips[0].fadeIn = fadeTransition(at: clips[0].recordIn, length: lead, to: clips[0].index)
        }
        // Trailing pieces: the last clip's fade out.
        let trail = run[run.count - 1].recordOut - run[last].recordOut
        if trail > 0 {
            let k = clips.count - 1
            clips[k] = extend(clips[k], after: trail, rate: rate)
            clips[k].fadeOut = fadeTransition(at: clips[k].recordOut - trail, length: trail, from: clips[k].index)
        }
        // Pieces between two clips: a crossfade when a rendered fade is among them (both
        // clips extended across it), else sample-accurate pieces that the earlier clip takes.
        for k in 1..<clips.count {
            let (a, b) = (real[k - 1], real[k])
            let gap = run[b].recordIn - run[a].recordOut
            guard gap > 0 else { continue }
            if run[(a + 1)..<b].contains(where: { piece($0) == .fade }) {
                clips[k - 1] = extend(clips[k - 1], after: gap, rate: rate)
                clips[k] = extend(clips[k], before: gap, rate: rate)
            } else {
                clips[k - 1] = extend(clips[k - 1], after: gap, rate: rate)
            }
        }
        return clips
    }

    static func fadeTransition(at position: Int64, length: Int64, from: Int? = nil, to: Int? = nil) -> AAFTransition {
        AAFTransition(position: position, length: length, cutPoint: nil, operation: "Pro Tools rendered fade",
                      fromClip: from, toClip: to)
    }

    /// The clip grown by `before` and `after` track edit units, its sources' positions
    /// moved with it in each of their own rates.
    static func extend(_ clip: AAFClip, before: Int64 = 0, after: Int64 = 0, rate: Ratio) -> AAFClip {
        var c = clip
        c.recordIn -= before
        c.recordOut += after
        let back = Ratio(before)
        c.sources = c.sources.map { s in
            var s = s
            func shift(_ units: Ratio) -> Ratio { ((back * units).flatMap { $0 / rate }) ?? .zero }
            s.start -= shift(s.rate).floor
            s.length += (Ratio(before + after) * s.rate).flatMap { $0 / rate }?.floor ?? 0
            if var f = s.file {
                f.start = (f.start - shift(f.editRate)) ?? f.start
                if let sr = f.sampleRate, let x = f.startSamples { f.startSamples = (x - shift(sr)) ?? x }
                s.file = f
            }
            if var o = s.origin {
                o.start = (o.start - shift(o.editRate)) ?? o.start
                let out = (Ratio(after) * o.editRate).flatMap { $0 / rate } ?? .zero
                o.length = ((o.length + shift(o.editRate)).flatMap { $0 + out }) ?? o.length
                if let tc = o.timecode {
                    let scale = (tc.editRate / o.editRate) ?? .zero
                    o.sourceInFrames = ((o.start * scale).map { tc.start + $0.floor })
                    o.sourceOutFrames = (((o.start + o.length).flatMap { $0 * scale }).map { tc.start + $0.floor })
                }
                s.origin = o
            }
            return s
        }
        return c
    }
}
