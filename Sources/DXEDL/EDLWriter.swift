import DXEditModel
import DXTimecode

/// Writes a ``Timeline`` as a CMX 3600 EDL that dxkit (and other readers) read back
/// into the same model.
///
/// Reel columns widen to File32 or File128 when a reel needs it; events on several
/// tracks are written once with a combined channel code (plus `AUD` for channels 3+);
/// transitions get the two-line form so the outgoing side survives.
public struct EDLWriter {
    public init() {}

    public func write(_ t: Timeline) -> String {
        body(t)
    }

    private func body(_ t: Timeline) -> String {
        var out = ""
        out.reserveCapacity(t.events.count * 160)
        let eol = "\r\n"
        if let title = t.title { out += "TITLE: \(text(title))\(eol)" }
        var currentDF: Bool? = nil
        if !t.rate.supportsDropFrame {
            out += "FCM: NON-DROP FRAME\(eol)"
            currentDF = false
        }
        for c in t.comments { out += "* \(text(c))\(eol)" }
        let reels = t.events.flatMap { [$0.source.reel ?? "AX", $0.transition.from?.reel ?? ""] }
        let widest = reels.map(\.utf8.count).max() ?? 0
        let reelWidth = widest > 32 ? 128 : (widest > 8 ? 32 : 8)
        let maxNumber = t.events.compactMap(\.number).max() ?? t.events.count
        let numberWidth = max(3, String(maxNumber).count, reelWidth > 8 ? 6 : 3)
        var nextNumber = 1
        for e in t.events {
            let df = e.sourceRate.supportsDropFrame && e.sourceRate.isDropFrame
            if t.rate.supportsDropFrame, df != currentDF {
                out += df ? "FCM: DROP FRAME\(eol)" : "FCM: NON-DROP FRAME\(eol)"
                currentDF = df
            }
            let number = e.number ?? nextNumber
            nextNumber = number + 1
            let num = leftPad(String(number), numberWidth)
            let ch = channelCode(e.tracks)
            let srcRate = e.sourceRate
            let recRate = t.rate.withDropFrame(df)
            func tc(_ f: Int64, _ r: FrameRate) -> String { Timecode(frames: f, rate: r).description }
            let recIn = tc(e.record.start, recRate)
            if e.transition.kind != .cut || e.transition.from != nil {
                if let from = e.transition.from, let fromIn = e.transition.fromSourceIn {
                    let s = tc(fromIn, srcRate)
                    out += "\(num)  \(rightPad(text(from.reel ?? "AX"), reelWidth)) \(rightPad(ch.code, 5)) \(rightPad("C", 4))     \(s) \(s) \(recIn) \(recIn)\(eol)"
                }
            }
            var code = e.transition.code.isEmpty ? "C" : e.transition.code
            if code == "KB" { code = "K B" }
            let dur = e.transition.kind == .cut ? "   " : leftPad(String(e.transition.frames), 3, pad: "0")
            out += "\(num)  \(rightPad(text(e.source.reel ?? "AX"), reelWidth)) \(rightPad(ch.code, 5)) \(rightPad(code, 4)) \(dur) "
            out += "\(tc(e.sourceRange.start, srcRate)) \(tc(e.sourceRange.end, srcRate)) \(recIn) \(tc(e.record.end, recRate))\(eol)"
            if !ch.aud.isEmpty { out += "AUD  " + ch.aud.map { rightPad(String($0), 4) }.joined() + eol }
            if let n = e.transition.effectName { out += "EFFECTS NAME IS \(text(n))\(eol)" }
            if let s = e.speed, let fps = s.fps {
                let entry = s.entry.map { tc($0, srcRate) } ?? tc(e.sourceRange.start, srcRate)
                out += "M2   \(rightPad(text(s.reel ?? e.source.reel ?? "AX"), reelWidth)) \(leftPad(speedField(fps), 9, pad: " "))          \(entry)\(eol)"
            }
            // Dissolves and wipes name both sides (FROM = outgoing, TO = incoming);
            // cuts and keys name their own clip with FROM.
            if e.transition.from != nil || e.transition.kind == .dissolve || e.transition.kind == .wipe {
                if let n = e.transition.from?.clipName { out += "* FROM CLIP NAME:  \(text(n))\(eol)" }
                if let n = e.source.clipName { out += "* TO CLIP NAME:  \(text(n))\(eol)" }
            } else if let n = e.source.clipName {
                out += "* FROM CLIP NAME:  \(text(n))\(eol)"
            }
            if let f = e.source.file { out += "* SOURCE FILE: \(text(f))\(eol)" }
            for m in e.markers {
                out += "* LOC: \(tc(m.at, recRate)) \(rightPad(m.color ?? "", 7)) \(text(m.name))\(eol)"
            }
            for c in e.comments { out += "* \(text(c))\(eol)" }
        }
        return out
    }

    /// CMX channel code for a track set; audio channels beyond A2 go on an AUD line.
    func channelCode(_ tracks: [TrackID]) -> (code: String, aud: [Int]) {
        let video = tracks.contains { $0.kind == .video }
        let audio = Set(tracks.filter { $0.kind == .audio }.map(\.number))
        var base: String
        switch (audio.contains(1), audio.contains(2)) {
        case (true, true): base = "AA"
        case (true, false): base = "A"
        case (false, true): base = "A2"
        case (false, false): base = ""
        }
        let aud = audio.filter { $0 > 2 }.sorted()
        if video { base = base.isEmpty ? "V" : base + "/V" }
        if base.isEmpty { base = "NONE" }
        return (base, aud)
    }

    func speedField(_ fps: ExactDecimal) -> String {
        // CMX writes sign + 3 integer digits + 1 decimal: 025.0, -024.0
        let text = fps.description
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        let intPart = leftPad(String(parts[0]), 3, pad: "0")
        let frac = parts.count > 1 ? String(parts[1]) : "0"
        return (negative ? "-" : "") + intPart + "." + frac
    }
}

/// A field as list text: control characters (line breaks included) become spaces, so
/// a name can never break the line structure of the list.
func text(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return s }
    return String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
}

func rightPad(_ s: String, _ n: Int) -> String {
    let c = s.count
    return c >= n ? s : s + String(repeating: " ", count: n - c)
}

func leftPad(_ s: String, _ n: Int, pad: Character = "0") -> String {
    let c = s.count
    return c >= n ? s : String(repeating: pad, count: n - c) + s
}
