import DXEditModel

/// One CMX 3600 event line, split into its fields but not yet given a frame rate.
///
/// Fields are found from the right: the last four tokens are the timecodes, then an
/// optional transition length, the transition code, the channel code, and whatever
/// remains is the reel. This reads 3600, File32, File128 and unaligned lists alike, and
/// keeps reels that contain spaces.
struct EventLine {
    var number: Int
    var reel: String
    var channels: ChannelCode
    var transitionCode: String
    var transitionKind: Transition.Kind
    var transitionFrames: Int64
    /// Source in, source out, record in, record out.
    var times: FourTimecodes
}

/// The four timecodes of an event line, without an array allocation per line.
struct FourTimecodes {
    var sourceIn, sourceOut, recordIn, recordOut: TimecodeField

    subscript(i: Int) -> TimecodeField {
        switch i {
        case 0: return sourceIn
        case 1: return sourceOut
        case 2: return recordIn
        default: return recordOut
        }
    }

    func contains(where test: (TimecodeField) -> Bool) -> Bool {
        test(sourceIn) || test(sourceOut) || test(recordIn) || test(recordOut)
    }
}

/// A timecode token's fields, validated only when a rate is known.
struct TimecodeField {
    // Fields are at most three digits: kept small so event lines copy cheaply.
    private var h, m, sec, f: UInt16
    var dropHint: Bool
    var negative: Bool

    var hours: Int { Int(h) }
    var minutes: Int { Int(m) }
    var seconds: Int { Int(sec) }
    var frames: Int { Int(f) }

    /// The usual 11 bytes "HH:MM:SS:FF" (any of `:;.,`) at `p`, or nil.
    @inline(__always)
    init?(elevenBytesAt p: UnsafePointer<UInt8>) {
        // "HH:MM:SS" as one little-endian word: digits in bytes 0 1 3 4 6 7.
        let v = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        let digitBytes: UInt64 = 0xFFFF_00FF_FF00_FFFF
        let w = v & digitBytes
        // Each digit byte is 0x30...0x39: high nibble 3, low nibble + 6 without a carry.
        guard w & 0xF0F0_00F0_F000_F0F0 == 0x3030_0030_3000_3030,
              ((w & 0x0F0F_000F_0F00_0F0F) &+ 0x0606_0006_0600_0606) & 0xF0F0_00F0_F000_F0F0 == 0 else { return nil }
        let f0 = p[9] &- 0x30, f1 = p[10] &- 0x30
        guard f0 < 10, f1 < 10 else { return nil }
        @inline(__always) func isSep(_ b: UInt8) -> Bool { b == 0x3A || b == 0x3B || b == 0x2E || b == 0x2C }
        let s2 = p[2], s5 = p[5], s8 = p[8]
        guard isSep(s2), isSep(s5), isSep(s8) else { return nil }
        @inline(__always) func two(_ shift: UInt64) -> UInt16 {
            UInt16(truncatingIfNeeded: (v >> shift) & 0x0F) * 10 + UInt16(truncatingIfNeeded: (v >> (shift + 8)) & 0x0F)
        }
        h = two(0)
        m = two(24)
        sec = two(48)
        f = UInt16(f0) * 10 + UInt16(f1)
        // ';' and ',' mark drop frame.
        @inline(__always) func df(_ b: UInt8) -> Bool { b == 0x3B || b == 0x2C }
        dropHint = df(s2) || df(s5) || df(s8)
        negative = false
    }

    /// Parses `HH:MM:SS:FF` (any of `:;.,`), allowing a leading `+` or `-`.
    init?(_ s: ByteSlice) {
        // Fast path: the usual 11 bytes "HH:MM:SS:FF".
        if s.count == 11, let base = s.base.baseAddress, let tc = TimecodeField(elevenBytesAt: base + s.startIndex) {
            self = tc
            return
        }
        var v0 = 0, v1 = 0, v2 = 0, v3 = 0
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
            if b &- 0x30 < 10 {
                digits += 1
                if digits > 3 { return nil }
                let d = Int(b &- 0x30)
                switch field {
                case 0: v0 = v0 * 10 + d
                case 1: v1 = v1 * 10 + d
                case 2: v2 = v2 * 10 + d
                default: v3 = v3 * 10 + d
                }
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
        h = UInt16(v0)
        m = UInt16(v1)
        sec = UInt16(v2)
        f = UInt16(v3)
        dropHint = df
        negative = neg
    }
}

/// The channel field: which picture and sound tracks an edit is on.
struct ChannelCode: Equatable {
    var video: Bool
    /// Audio channels 1…63 as bits (no allocation for the usual codes).
    var audioMask: UInt64 = 0
    /// Audio channels above 63 (16-channel Avid lists never get here; AUD 100 might).
    var highAudio: [Int] = []

    var audio: [Int] {
        (1..<64).filter { audioMask & (1 << UInt64($0)) != 0 } + highAudio.sorted()
    }

    mutating func addAudio(_ n: Int) {
        if n < 64 {
            audioMask |= 1 << UInt64(n)
        } else if !highAudio.contains(n) {
            highAudio.append(n)
        }
    }

    /// V, A, A2, AA, B, AA/V, A2/V, NONE, A3, A1/A2, 4-digit forms like A12.
    init?(_ raw: ByteSlice) {
        // The common codes without building a string.
        for (code, v, a) in ChannelCode.common where Bytes.equalsUpper(raw, code) {
            video = v
            audioMask = a
            return
        }
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
        self.video = video
        for a in audio { addAudio(a) }
    }

    /// Track lists for picture on/off × audio channels 1–2 as bits 1–2 (index = V·8 + mask).
    static let commonTracks: [[TrackID]] = (0..<16).map { k in
        var t: [TrackID] = k >= 8 ? [.editVideo] : []
        if k & 2 != 0 { t.append(.audio(1)) }
        if k & 4 != 0 { t.append(.audio(2)) }
        return t
    }

    /// Code, picture, audio bits (bit n = channel n).
    static let common: [(StaticString, Bool, UInt64)] = [
        ("V", true, 0), ("A", false, 0b10), ("A2", false, 0b100), ("AA", false, 0b110), ("B", true, 0b10),
        ("AA/V", true, 0b110), ("A2/V", true, 0b100), ("NONE", false, 0),
    ]

    var tracks: [TrackID] {
        // The usual channel sets share one array each (no allocation per event).
        if highAudio.isEmpty, audioMask < 8 {
            return ChannelCode.commonTracks[(video ? 8 : 0) + Int(audioMask)]
        }
        var t: [TrackID] = []
        t.reserveCapacity(audioMask.nonzeroBitCount + highAudio.count + 1)
        if video { t.append(.editVideo) }
        var m = audioMask
        while m != 0 {
            let n = m.trailingZeroBitCount
            t.append(.audio(n))
            m &= m - 1
        }
        for a in highAudio.sorted() { t.append(.audio(a)) }
        return t
    }
}

enum EventLineError: Error {
    case malformed(String)
}

extension EventLine {
    /// Parses an event line, or explains what is wrong with it.
    init(line: ByteSlice, text: TextCodec, scratch: inout [Range<Int>]) throws {
        if let (times, start) = EventLine.trailingTimecodes(line),
           var toks = InlineTokens(line[line.startIndex..<start], room: 4) {
            // The usual line: only the fields before the timecodes need splitting, and
            // their ranges stay on the stack.
            let t0 = start + 1, t1 = t0 + 12, t2 = t1 + 12, t3 = t2 + 12
            toks.append(t0..<(t0 + 11))
            toks.append(t1..<(t1 + 11))
            toks.append(t2..<(t2 + 11))
            toks.append(t3..<(t3 + 11))
            try EventLine.checkShape(line, toks)
            try self.init(line: line, toks: toks, times: times, text: text)
            return
        }
        let toks = Bytes.tokens(line, into: &scratch)
        try EventLine.checkShape(line, toks)
        let times = FourTimecodes(
            sourceIn: try EventLine.field(line, toks, 0, text), sourceOut: try EventLine.field(line, toks, 1, text),
            recordIn: try EventLine.field(line, toks, 2, text), recordOut: try EventLine.field(line, toks, 3, text))
        try self.init(line: line, toks: toks, times: times, text: text)
    }

    /// An event number first, and at least eight fields.
    @inline(__always)
    private static func checkShape<T: RandomAccessCollection>(_ line: ByteSlice, _ toks: T) throws
    where T.Index == Int, T.Element == Range<Int> {
        guard let first = toks.first, Bytes.allDigits(line[first]) else {
            throw EventLineError.malformed("an event number")
        }
        guard toks.count >= 8 else {
            throw EventLineError.malformed(
                "event number, reel, channel, transition and four timecodes (found \(toks.count) fields)")
        }
    }

    /// The fields before the timecodes, read from the right (of a line `checkShape` passed).
    @inline(__always)
    private init<T: RandomAccessCollection>(line: ByteSlice, toks: T, times: FourTimecodes, text: TextCodec) throws
    where T.Index == Int, T.Element == Range<Int> {
        let first = toks[0]
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
        let code: String
        let kind: Transition.Kind
        let tok = line[toks[i]]
        if Bytes.equalsUpper(tok, "B") || Bytes.equalsUpper(tok, "O"), i >= 3, Bytes.equalsUpper(line[toks[i - 1]], "K") {
            let background = Bytes.equalsUpper(tok, "B")
            code = background ? "KB" : "KO"
            kind = background ? .keyBackground : .keyOut
            i -= 2
        } else if let k = EventLine.transitionKind(tok) {
            code = k == .cut ? "C" : String(decoding: tok, as: UTF8.self).uppercased()
            kind = k
            i -= 1
        } else {
            throw EventLineError.malformed("a transition code (C, D, Wnnn, K, KB, KO), found '\(text.string(tok))'")
        }
        if kind == .dissolve || kind == .wipe, !hasDuration {
            throw EventLineError.malformed("a transition length in frames after '\(code)'")
        }
        guard i >= 2 else { throw EventLineError.malformed("a reel name and a channel code") }
        guard let ch = ChannelCode(line[toks[i]]) else {
            throw EventLineError.malformed("a channel code (V, A, A2, AA, B, AA/V, NONE…), found '\(text.string(line[toks[i]]))'")
        }
        let reelSlice = line[toks[1].lowerBound..<toks[i - 1].upperBound]
        self.init(number: Bytes.integer(line[first]) ?? 0,
                  reel: text.string(reelSlice), channels: ch, transitionCode: code, transitionKind: kind,
                  transitionFrames: frames, times: times)
    }

    /// The `k`th of the last four fields (of at least 8) as a timecode.
    private static func field(_ line: ByteSlice, _ toks: [Range<Int>], _ k: Int, _ text: TextCodec) throws -> TimecodeField {
        let r = toks[toks.count - 4 + k]
        guard let tc = TimecodeField(line[r]) else {
            throw EventLineError.malformed("a timecode HH:MM:SS:FF, found '\(text.string(line[r]))'")
        }
        return tc
    }

    /// The four timecodes of a line that ends the usual way: four 11-byte fields
    /// `HH:MM:SS:FF`, one space apart, after a space or tab. Returns them and the offset of
    /// the whitespace byte before the first; nil for any other layout (the general path
    /// then splits the whole line, with the same result).
    @inline(__always)
    static func trailingTimecodes(_ line: ByteSlice) -> (FourTimecodes, Int)? {
        let end = line.endIndex
        guard end - line.startIndex >= 48, let p = line.base.baseAddress else { return nil }
        let start = end - 48
        @inline(__always) func space(_ i: Int) -> Bool { p[i] == 0x20 || p[i] == 0x09 }
        guard space(start), p[start + 12] == 0x20, p[start + 24] == 0x20, p[start + 36] == 0x20,
              let a = TimecodeField(elevenBytesAt: p + start + 1),
              let b = TimecodeField(elevenBytesAt: p + start + 13),
              let c = TimecodeField(elevenBytesAt: p + start + 25),
              let d = TimecodeField(elevenBytesAt: p + start + 37) else { return nil }
        return (FourTimecodes(sourceIn: a, sourceOut: b, recordIn: c, recordOut: d), start)
    }

    static func transitionKind(_ s: ByteSlice) -> Transition.Kind? {
        if Bytes.equalsUpper(s, "C") { return .cut }
        if Bytes.equalsUpper(s, "D") { return .dissolve }
        if Bytes.equalsUpper(s, "K") { return .key }
        if Bytes.equalsUpper(s, "KB") { return .keyBackground }
        if Bytes.equalsUpper(s, "KO") { return .keyOut }
        if let f = s.first, Bytes.upper(f) == UInt8(ascii: "W"), s.dropFirst().allSatisfy(Bytes.isDigit) { return .wipe }
        return nil
    }

    private static func isTransitionStart<T: RandomAccessCollection>(_ line: ByteSlice, _ toks: T, _ j: Int) -> Bool
    where T.Index == Int, T.Element == Range<Int> {
        let t = line[toks[j]]
        if transitionKind(t) != nil { return true }
        if j >= 1, Bytes.equalsUpper(t, "B") || Bytes.equalsUpper(t, "O"), Bytes.equalsUpper(line[toks[j - 1]], "K") { return true }
        return false
    }
}
