/// The text fields of a SMPTE timecode label, before a rate gives them meaning.
///
/// Accepts `HH:MM:SS:FF` with `:` `;` `.` or `,` as separators, one- or two-digit
/// fields, and a leading `-`. A `;` or `,` anywhere is the conventional drop-frame
/// mark; EDL readers use `suggestsDropFrame` when the list says nothing else.
public struct SMPTELabel: Hashable, Sendable {
    public var hours: Int
    public var minutes: Int
    public var seconds: Int
    public var frames: Int
    public var isNegative: Bool
    public var suggestsDropFrame: Bool

    public init(parsing text: String) throws {
        var bytes = Array(text.utf8)[...]
        while let f = bytes.first, f == 0x20 || f == 0x09 { bytes = bytes.dropFirst() }
        while let l = bytes.last, l == 0x20 || l == 0x09 { bytes = bytes.dropLast() }
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        var fields: [Int] = []
        var current = -1
        var digits = 0
        var df = false
        for b in bytes {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                current = (current < 0 ? 0 : current) * 10 + Int(b - 48)
                digits += 1
                if digits > 3 { throw TimecodeError.malformed(text, expected: "two-digit fields HH:MM:SS:FF") }
            case UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "."), UInt8(ascii: ","):
                guard current >= 0 else { throw TimecodeError.malformed(text, expected: "a number before each separator") }
                if b == UInt8(ascii: ";") || b == UInt8(ascii: ",") { df = true }
                fields.append(current)
                current = -1
                digits = 0
            default:
                throw TimecodeError.malformed(text, expected: "digits and : ; . separators (HH:MM:SS:FF)")
            }
        }
        guard current >= 0 else { throw TimecodeError.malformed(text, expected: "HH:MM:SS:FF") }
        fields.append(current)
        guard fields.count == 4 else {
            throw TimecodeError.malformed(text, expected: "four fields HH:MM:SS:FF, found \(fields.count)")
        }
        hours = fields[0]
        minutes = fields[1]
        seconds = fields[2]
        frames = fields[3]
        isNegative = negative
        suggestsDropFrame = df
    }
}
