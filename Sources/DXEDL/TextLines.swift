/// The lines of a text file as byte slices, with 1-based line numbers.
///
/// Accepts LF, CRLF, CR-only and mixed endings (old Mac Avid lists end lines with CR),
/// and drops NUL bytes (some exporters pad files with hundreds of them). Text is
/// UTF-8 when it validates, otherwise Latin-1, as old EDLs are.
struct TextLines {
    struct Line {
        var number: Int
        var bytes: ArraySlice<UInt8>
    }

    var lines: [Line] = []
    /// Count of padding bytes removed (NUL, trailing ^Z).
    var nulCount = 0
    /// Count of other control bytes (not tab/CR/LF) seen: a sign of binary input.
    var controlCount = 0
    var firstControlOffset: Int?
    let isUTF8: Bool
    let storage: [UInt8]

    init(_ input: [UInt8]) {
        var clean = input
        if clean.contains(0) {
            let before = clean.count
            clean.removeAll { $0 == 0 }
            nulCount = before - clean.count
        }
        // DOS end-of-file marks (^Z) padding the end of old lists.
        while clean.last == 0x1A {
            clean.removeLast()
            nulCount += 1
        }
        // Skip a UTF-8 byte-order mark.
        var start = 0
        if clean.count >= 3, clean[0] == 0xEF, clean[1] == 0xBB, clean[2] == 0xBF { start = 3 }
        storage = clean
        isUTF8 = validUTF8(clean[start...])
        var lineStart = start
        var number = 1
        var i = start
        let n = clean.count
        while i < n {
            let b = clean[i]
            if b == 0x0A || b == 0x0D {
                lines.append(Line(number: number, bytes: clean[lineStart..<i]))
                number += 1
                if b == 0x0D, i + 1 < n, clean[i + 1] == 0x0A { i += 1 }
                lineStart = i + 1
            } else if b < 0x20, b != 0x09 {
                controlCount += 1
                if firstControlOffset == nil { firstControlOffset = i }
            }
            i += 1
        }
        if lineStart < n { lines.append(Line(number: number, bytes: clean[lineStart..<n])) }
    }

    /// Decodes a slice of this text.
    func string(_ bytes: ArraySlice<UInt8>) -> String {
        if isUTF8 { return String(decoding: bytes, as: UTF8.self) }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

/// Whether the bytes are well-formed UTF-8.
func validUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
    var i = bytes.startIndex
    let end = bytes.endIndex
    while i < end {
        let b = bytes[i]
        if b < 0x80 {
            i += 1
            continue
        }
        let len: Int
        if b & 0xE0 == 0xC0, b >= 0xC2 { len = 2 } else if b & 0xF0 == 0xE0 { len = 3 } else if b & 0xF8 == 0xF0, b <= 0xF4 { len = 4 } else { return false }
        guard end - i >= len else { return false }
        for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { return false }
        i += len
    }
    return true
}

/// Byte-level helpers for parsing fixed and free-form fields.
enum Bytes {
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Whitespace-separated token ranges of a line.
    static func tokens(_ s: ArraySlice<UInt8>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        out.reserveCapacity(10)
        var i = s.startIndex
        let end = s.endIndex
        while i < end {
            while i < end, isSpace(s[i]) { i += 1 }
            if i >= end { break }
            let st = i
            while i < end, !isSpace(s[i]) { i += 1 }
            out.append(st..<i)
        }
        return out
    }

    static func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var a = s.startIndex, b = s.endIndex
        while a < b, isSpace(s[a]) { a += 1 }
        while b > a, isSpace(s[b - 1]) { b -= 1 }
        return s[a..<b]
    }

    static func allDigits(_ s: ArraySlice<UInt8>) -> Bool {
        !s.isEmpty && s.allSatisfy(isDigit)
    }

    static func integer(_ s: ArraySlice<UInt8>) -> Int? {
        guard allDigits(s), s.count <= 9 else { return nil }
        var v = 0
        for b in s { v = v * 10 + Int(b - 0x30) }
        return v
    }

    /// Case-insensitive ASCII prefix test.
    static func hasPrefix(_ s: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        guard s.count >= p.count else { return false }
        var i = s.startIndex
        for c in p {
            if upper(s[i]) != upper(c) { return false }
            i += 1
        }
        return true
    }

    static func upper(_ b: UInt8) -> UInt8 { (b >= 0x61 && b <= 0x7A) ? b - 32 : b }

    static func equalsUpper(_ s: ArraySlice<UInt8>, _ word: String) -> Bool {
        s.count == word.utf8.count && hasPrefix(s, word)
    }
}
