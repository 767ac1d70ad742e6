import DXTimecode

/// A frame-rate guess for a list that states none, with the reason in words.
///
/// An EDL carries no rate. The guess looks at drop-frame statements and `;`
/// separators, the largest frame field, and a rate written in the file name
/// ("…_25fps.edl", "…2997…") when the frame fields allow it. It is always reported.
struct RateGuess {
    var rate: FrameRate
    var reason: String

    init(text: TextLines, fileName: String?) {
        var maxFrame = -1
        var semicolons = false
        var fcmDrop = false
        var fcmNonDrop = false
        for line in text.lines {
            let s = Bytes.trimmed(line.bytes)
            guard let f = s.first else { continue }
            if Bytes.hasPrefix(s, "FCM:") {
                switch EDLParser.fcmDropFrame(s) {
                case true?: fcmDrop = true
                case false?: fcmNonDrop = true
                case nil: break
                }
                continue
            }
            guard Bytes.isDigit(f) || Bytes.hasPrefix(s, "M2") else { continue }
            for t in Bytes.tokens(s) {
                guard let tc = TimecodeField(s[t]) else { continue }
                maxFrame = max(maxFrame, tc.frames)
                if tc.dropHint { semicolons = true }
            }
        }
        let drop = (fcmDrop && !fcmNonDrop) || semicolons
        if let hint = RateGuess.nameHint(fileName), maxFrame < hint.nominalFPS {
            let r = hint.supportsDropFrame ? hint.withDropFrame(drop) : hint
            self.init(rate: r, reason: "rate in the file name, frame fields up to \(max(maxFrame, 0))")
            return
        }
        if drop {
            let r: FrameRate = maxFrame >= 30 ? .fps59_94DF : .fps29_97DF
            self.init(rate: r, reason: semicolons ? "';' drop-frame separators" : "FCM: DROP FRAME")
        } else if maxFrame >= 30 {
            self.init(rate: .fps60, reason: "frame fields up to \(maxFrame)")
        } else if maxFrame >= 25 {
            self.init(rate: .fps30, reason: "frame fields up to \(maxFrame)")
        } else if maxFrame == 24 {
            self.init(rate: .fps25, reason: "frame fields up to 24")
        } else {
            self.init(rate: .fps24, reason: "frame fields up to \(max(maxFrame, 0)); could also be 23.976")
        }
    }

    init(rate: FrameRate, reason: String) {
        self.rate = rate
        self.reason = reason
    }

    /// A rate written in the file name as a separate number: 2398, 23976, 24, 25, 2997, 30, 50, 5994, 60.
    static func nameHint(_ name: String?) -> FrameRate? {
        guard let name else { return nil }
        let base = name.split(separator: "/").last.map(String.init) ?? name
        var numbers: [String] = []
        var current = ""
        for c in base {
            if c.isASCII, c.isNumber { current.append(c) } else {
                if !current.isEmpty { numbers.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { numbers.append(current) }
        let table: [String: FrameRate] = [
            "2398": .fps23_976, "23976": .fps23_976, "24": .fps24, "25": .fps25, "2997": .fps29_97,
            "30": .fps30, "50": .fps50, "5994": .fps59_94, "60": .fps60,
        ]
        for n in numbers { if let r = table[n] { return r } }
        return nil
    }
}
