import DXEditModel

/// One CMX 3600 event line, split into its fields but not yet given a frame rate.
///
/// Fields are found from the right: the last four tokens are the timecodes, then an
/// optional transition length, the transition code, the channel code, and whatever
/// remains is the reel. This reads 3600, File32, File128 and unaligned lists alike, and
/// keeps reels that contain spaces.
struct EventLine {
    var number: Int
    var numberWidth: Int
    var reel: String
    var channels: ChannelCode
    var transitionCode: String
    var transitionKind: Transition.Kind
    var transitionFrames: Int64
    /// Source in, source out, record in, record out.
    var times: [TimecodeField]
}

/// A timecode token's fields, validated only when a rate is known.
struct TimecodeField {
    var hours: Int
    var minutes: Int
    var seconds: Int
    var frames: Int
    var dropHint: Bool
    var negative: Bool

    /// Parses `HH:MM:SS:FF` (any of `:;.,`), allowing a leading `+` or `-`.
    init?(_ s: ArraySlice<UInt8>) {
        var v = [0, 0, 0, 0]
        var field = 0
        var digits = 0
        var df = false
        var neg = false
        var i = s.startIndex
        if i < s.endIndex, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            neg = s[i] == UInt8(ascii: "-")
            i += 1
        }
        while i < s.endIndex {
            let b = s[i]
            if Bytes.isDigit(b) {
                digits += 1
                if digits > 3 { return nil }
                v[field] = v[field] * 10 + Int(b - 0x30)
            } else if b == UInt8(ascii: ":") || b == UInt8(ascii: ";") || b == UInt8(ascii: ".") || b == UInt8(ascii: ",") {
                guard digits > 0, field < 3 else { return nil }
                if b == UInt8(ascii: ";") || b == UInt8(ascii: ",") { df = true }
                field += 1
                digits = 0
            } else {
                return nil
            }
            i += 1
        }
        guard field == 3, digits > 0 else { return nil }
        hours = v[0]
        minutes = v[1]
        seconds = v[2]
        frames = v[3]
        dropHint = df
        negative = neg
    }
}

/// The channel field: which picture and sound tracks an edit is on.
struct ChannelCode: Equatable {
    var video: Bool
    var audio: [Int]
    var text: String

    /// V, A, A2, AA, B, AA/V, A2/V, NONE, A3, A1/A2, 4-digit forms like A12.
    init?(_ raw: ArraySlice<UInt8>) {
        let s = String(decoding: raw, as: UTF8.self).uppercased()
        var video = false
        var audio: [Int] = []
        for part in s.split(separator: "/", omittingEmptySubsequences: false) {
            switch part {
            case "V": video = true
            case "A", "A1": audio.append(1)
            case "AA": audio.append(contentsOf: [1, 2])
            case "AAA": audio.append(contentsOf: [1, 2, 3])
            case "AAAA": audio.append(contentsOf: [1, 2, 3, 4])
            case "B": video = true; audio.append(1)
            case "NONE", "N": break
            default:
                // A3, A12; or the compact per-digit form A1234V / A1234 (channels 1–4).
                var body = part.dropFirst()
                guard part.first == "A", !body.isEmpty else { return nil }
                if body.last == "V" {
                    video = true
                    body = body.dropLast()
                }
                guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
                if part.last != "V", body.count <= 2, let n = Int(body), n > 0 {
                    audio.append(n)
                } else {
                    for c in body {
                        guard let n = c.wholeNumberValue, n > 0 else { return nil }
                        audio.append(n)
                    }
                }
            }
        }
        var seen = Set<Int>()
        self.audio = audio.filter { seen.insert($0).inserted }
        self.video = video
        self.text = s
    }

    var tracks: [TrackID] {
        (video ? [TrackID.editVideo] : []) + audio.sorted().map { TrackID.audio($0) }
    }
}

enum EventLineError: Error {
    case malformed(String)
}

extension EventLine {
    /// Parses an event line, or explains what is wrong with it.
    init(line: ArraySlice<UInt8>, text: TextLines) throws {
        let toks = Bytes.tokens(line)
        guard let first = toks.first, Bytes.allDigits(line[first]) else {
            throw EventLineError.malformed("an event number")
        }
        guard toks.count >= 8 else {
            throw EventLineError.malformed(
                "event number, reel, channel, transition and four timecodes (found \(toks.count) fields)")
        }
        var times: [TimecodeField] = []
        for r in toks[(toks.count - 4)...] {
            guard let tc = TimecodeField(line[r]) else {
                throw EventLineError.malformed("a timecode HH:MM:SS:FF, found '\(text.string(line[r]))'")
            }
            times.append(tc)
        }
        var i = toks.count - 5
        var frames: Int64 = 0
        var hasDuration = false
        // Optional transition length.
        if Bytes.allDigits(line[toks[i]]), i >= 2, EventLine.isTransitionStart(line, toks, i - 1) {
            frames = Int64(Bytes.integer(line[toks[i]]) ?? 0)
            hasDuration = true
            i -= 1
        }
        // Transition code, possibly written "K B" / "K O".
        var code: String
        let tok = line[toks[i]]
        if (Bytes.equalsUpper(tok, "B") || Bytes.equalsUpper(tok, "O")), i >= 3, Bytes.equalsUpper(line[toks[i - 1]], "K") {
            code = "K" + String(decoding: tok, as: UTF8.self).uppercased()
            i -= 2
        } else if EventLine.transitionKind(tok) != nil {
            code = String(decoding: tok, as: UTF8.self).uppercased()
            i -= 1
        } else {
            throw EventLineError.malformed("a transition code (C, D, Wnnn, K, KB, KO), found '\(text.string(tok))'")
        }
        guard let kind = EventLine.transitionKind(Array(code.utf8)[...]) else {
            throw EventLineError.malformed("a transition code")
        }
        if kind == .dissolve || kind == .wipe, !hasDuration {
            throw EventLineError.malformed("a transition length in frames after '\(code)'")
        }
        guard i >= 2 else { throw EventLineError.malformed("a reel name and a channel code") }
        guard let ch = ChannelCode(line[toks[i]]) else {
            throw EventLineError.malformed("a channel code (V, A, A2, AA, B, AA/V, NONE…), found '\(text.string(line[toks[i]]))'")
        }
        let reelSlice = line[toks[1].lowerBound..<toks[i - 1].upperBound]
        self.init(number: Bytes.integer(line[first]) ?? 0, numberWidth: first.count,
                  reel: text.string(reelSlice), channels: ch, transitionCode: code, transitionKind: kind,
                  transitionFrames: frames, times: times)
    }

    static func transitionKind(_ s: ArraySlice<UInt8>) -> Transition.Kind? {
        if Bytes.equalsUpper(s, "C") { return .cut }
        if Bytes.equalsUpper(s, "D") { return .dissolve }
        if Bytes.equalsUpper(s, "K") { return .key }
        if Bytes.equalsUpper(s, "KB") { return .keyBackground }
        if Bytes.equalsUpper(s, "KO") { return .keyOut }
        if let f = s.first, Bytes.upper(f) == UInt8(ascii: "W"), s.dropFirst().allSatisfy(Bytes.isDigit) { return .wipe }
        return nil
    }

    private static func isTransitionStart(_ line: ArraySlice<UInt8>, _ toks: [Range<Int>], _ j: Int) -> Bool {
        let t = line[toks[j]]
        if transitionKind(t) != nil { return true }
        if j >= 1, Bytes.equalsUpper(t, "B") || Bytes.equalsUpper(t, "O"), Bytes.equalsUpper(line[toks[j - 1]], "K") { return true }
        return false
    }
}
