import DXEditModel

import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines of a text file as byte slices, with 1-based line numbers.
///
/// Accepts LF, CRLF, CR-only and mixed endings (old Mac Avid lists end lines with CR),
/// and drops NUL bytes (some exporters pad files with hundreds of them). Text is
/// UTF-8 when it validates, otherwise Latin-1, as old EDLs are.
typealias ByteSlice = Slice<UnsafeBufferPointer<UInt8>>

/// The lines of a text file as byte slices, with 1-based line numbers.
///
/// Accepts LF, CRLF, CR-only and mixed endings (old Mac Avid lists end lines with CR).
/// Text is UTF-8 when it validates, otherwise Latin-1, as old EDLs are. The slices
/// point into a buffer the caller keeps alive for the whole parse (no reference
/// counting per line: this is the hot path of a 10,000-event list).
struct TextLines {
    /// One line: where it is in the text and its number. Kept small (24 bytes, a list
    /// has tens of thousands): offsets and number as 32 bits, which the reader checks
    /// the text allows.
    struct Line {
        private let base: UnsafePointer<UInt8>
        private let start: UInt32
        private let end: UInt32
        private let line: UInt32

        @inline(__always)
        init(number: Int, in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            base = buffer.baseAddress!
            start = UInt32(truncatingIfNeeded: range.lowerBound)
            end = UInt32(truncatingIfNeeded: range.upperBound)
            line = UInt32(truncatingIfNeeded: number)
        }

        @inline(__always)
        init(_ other: Line, numberOffset: Int) {
            base = other.base
            start = other.start
            end = other.end
            line = other.line &+ UInt32(truncatingIfNeeded: numberOffset)
        }

        var number: Int { Int(line) }

        /// The line's bytes; indices are offsets in the whole text.
        var bytes: ByteSlice {
            @inline(__always) get { UnsafeBufferPointer(start: base, count: Int(end))[Int(start)..<Int(end)] }
        }
    }

    /// The longest text read (line offsets and numbers are 32-bit).
    static let maximumBytes = Int(UInt32.max)

    /// Input made ready for line splitting: NUL bytes (padding some exporters write by
    /// the hundred) and trailing DOS end-of-file marks (^Z) removed.
    struct Cleaned {
        var bytes: [UInt8]
        var paddingCount: Int

        init(_ input: [UInt8]) {
            var clean = input
            var removed = 0
            let hasNUL = input.withUnsafeBytes { $0.baseAddress.map { memchr($0, 0, input.count) != nil } ?? false }
            if hasNUL {
                clean.removeAll { $0 == 0 }
                removed = input.count - clean.count
            }
            while clean.last == 0x1A {
                clean.removeLast()
                removed += 1
            }
            bytes = clean
            paddingCount = removed
        }
    }

    let lines: [Line]
    /// Count of padding bytes removed (NUL, trailing ^Z).
    let nulCount: Int
    /// Count of control bytes (not tab/CR/LF) seen: a sign of binary input.
    let controlCount: Int
    let firstControlOffset: Int?
    let isUTF8: Bool
    let storage: UnsafeBufferPointer<UInt8>

    /// Whether the text (after a byte-order mark) is UTF-8.
    static func isUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        validUTF8(buffer[bomLength(buffer)...])
    }

    static func bomLength(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        (buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) ? 3 : 0
    }

    /// Splits the text into lines and checks its encoding. Long texts are scanned in two
    /// halves at once, split after a line feed (so no line and no UTF-8 sequence spans
    /// the halves); the result is the same as one pass.
    init(_ buffer: UnsafeBufferPointer<UInt8>, paddingCount: Int, parallel: Bool = true) {
        nulCount = paddingCount
        storage = buffer
        let start = TextLines.bomLength(buffer)
        let n = buffer.count
        if parallel, n - start >= TextLines.parallelBytes, let split = TextLines.lineFeedSplit(buffer, from: start) {
            var halves = [Scan](repeating: Scan(), count: 2)
            nonisolated(unsafe) let text = buffer
            halves.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let results = out
                DispatchQueue.concurrentPerform(iterations: 2) { k in
                    // The first half's array has room for all the lines, so the second's
                    // are appended without moving the first's.
                    results[k] = k == 0 ? Scan(text, start..<split, reserving: n - start) : Scan(text, split..<n)
                }
            }
            // Moved out of `halves`, so the first's line array is not shared and grows in
            // place (a copy shared with `halves` made the append copy it all first).
            var first = Scan(), second = Scan()
            swap(&first, &halves[0])
            swap(&second, &halves[1])
            let offset = first.lines.count
            first.lines.append(contentsOf: second.lines)
            first.lines.withUnsafeMutableBufferPointer { all in
                for k in offset..<all.count { all[k] = Line(all[k], numberOffset: offset) }
            }
            lines = first.lines
            controlCount = first.controlCount + second.controlCount
            firstControlOffset = first.firstControlOffset ?? second.firstControlOffset
            isUTF8 = first.isUTF8 && second.isUTF8
        } else {
            let scan = Scan(buffer, start..<n)
            lines = scan.lines
            controlCount = scan.controlCount
            firstControlOffset = scan.firstControlOffset
            isUTF8 = scan.isUTF8
        }
    }

    /// Texts this long are scanned in two halves (about 6,000 lines).
    static let parallelBytes = 256 * 1024

    /// The offset just after the first line feed from the middle on, or nil.
    static func lineFeedSplit(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let p = buffer.baseAddress else { return nil }
        let middle = start + (buffer.count - start) / 2
        guard let hit = memchr(p + middle, 0x0A, buffer.count - middle) else { return nil }
        let split = UnsafeRawPointer(hit) - UnsafeRawPointer(p) + 1
        return split < buffer.count ? split : nil
    }

    /// One pass over a range of the text: its lines (numbered from 1), control bytes and
    /// whether it is UTF-8.
    struct Scan {
        var lines: [Line] = []
        var controlCount = 0
        var firstControlOffset: Int?
        var isUTF8 = true

        init() {}

        /// `reserving`: bytes of text to make room for in `lines` (the range by default).
        init(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, reserving: Int? = nil) {
            var lineStart = range.lowerBound
            var number = 1
            var i = range.lowerBound
            let n = range.upperBound
            lines.reserveCapacity((reserving ?? (n - i)) / 40 + 1)
            guard let p = buffer.baseAddress else { return }
            let raw = UnsafeRawPointer(p)
            // The bits of every byte seen, OR-ed: no high bit means ASCII, valid UTF-8
            // without a second pass.
            var seen: UInt64 = 0
            while i < n {
                // Eight bytes at a time while none is a control byte (< 0x20): the usual case.
                while n - i >= 8 {
                    let v = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if (v &- 0x2020_2020_2020_2020) & ~v & 0x8080_8080_8080_8080 != 0 { break }
                    seen |= v
                    i += 8
                }
                guard i < n else { break }
                let b = p[i]
                seen |= UInt64(b)
                if b < 0x20 {
                    if b == 0x0A || b == 0x0D {
                        lines.append(Line(number: number, in: buffer, lineStart..<i))
                        number += 1
                        if b == 0x0D, i + 1 < n, p[i + 1] == 0x0A { i += 1 }
                        lineStart = i + 1
                    } else if b != 0x09 {
                        controlCount += 1
                        if firstControlOffset == nil { firstControlOffset = i }
                    }
                }
                i += 1
            }
            if lineStart < n { lines.append(Line(number: number, in: buffer, lineStart..<n)) }
            isUTF8 = seen & 0x8080_8080_8080_8080 == 0 || validUTF8(buffer[range])
        }
    }

    /// Decodes a slice of this text.
    func string(_ bytes: ByteSlice) -> String { codec.string(bytes) }

    /// How to decode this text, in a value small enough to pass per line (handing the
    /// whole `TextLines` from a mutating parse copied it, line array and all).
    var codec: TextCodec { TextCodec(isUTF8: isUTF8) }
}

/// Decodes slices of a list's text: UTF-8 when the whole text validates, else Latin-1.
struct TextCodec {
    let isUTF8: Bool

    func string(_ bytes: ByteSlice) -> String {
        if isUTF8 {
            // Copied straight into the string's own storage (one allocation, one check;
            // short ASCII strings are built inline without a check).
            let n = bytes.count
            guard n > 0, let src = bytes.base.baseAddress else { return "" }
            return String(unsafeUninitializedCapacity: n) { out in
                out.baseAddress!.update(from: src + bytes.startIndex, count: n)
                return n
            }
        }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

/// Whether the bytes are well-formed UTF-8.
func validUTF8(_ bytes: ByteSlice) -> Bool {
    var i = bytes.startIndex
    let end = bytes.endIndex
    let base = bytes.base.baseAddress
    while i < end {
        // ASCII runs eight bytes at a time.
        if let base, end - i >= 8, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            i += 8
            continue
        }
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

    /// Whether any of the eight bytes of `v` is a space or a tab.
    @inline(__always)
    static func hasBlank(_ v: UInt64) -> Bool {
        @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool {
            (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
        }
        return hasZeroByte(v ^ 0x2020_2020_2020_2020) || hasZeroByte(v ^ 0x0909_0909_0909_0909)
    }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Whitespace-separated token ranges of a line.
    static func tokens(_ s: ByteSlice) -> [Range<Int>] {
        var out: [Range<Int>] = []
        return tokens(s, into: &out)
    }

    /// Token ranges written into a reused array (no allocation per line).
    @discardableResult
    static func tokens(_ s: ByteSlice, into out: inout [Range<Int>]) -> [Range<Int>] {
        out.removeAll(keepingCapacity: true)
        guard let p = s.base.baseAddress else { return out }
        var i = s.startIndex
        let end = s.endIndex
        while i < end {
            var b = p[i]
            while b == 0x20 || b == 0x09 {
                i += 1
                if i == end { return out }
                b = p[i]
            }
            let st = i
            repeat {
                i += 1
            } while i < end && p[i] != 0x20 && p[i] != 0x09
            out.append(st..<i)
        }
        return out
    }

    /// Case-insensitive ASCII prefix test; `prefix` must be upper case (no allocation:
    /// hot on every line).
    @inline(__always)
    static func hasPrefix(_ s: ByteSlice, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard s.count >= n, let base = s.base.baseAddress else { return false }
        let p = prefix.utf8Start
        let q = base + s.startIndex
        var k = 0
        // Eight bytes at a time while they match exactly (lists are mostly upper case).
        while n - k >= 8,
              UnsafeRawPointer(q + k).loadUnaligned(as: UInt64.self) == UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self) {
            k &+= 8
        }
        while k < n {
            let b = q[k]
            // Fold a-z to A-Z; the prefix is upper case already.
            if (b &- 0x61 < 26 ? b &- 32 : b) != p[k] { return false }
            k &+= 1
        }
        return true
    }

    static func trimmed(_ s: ByteSlice) -> ByteSlice {
        var a = s.startIndex, b = s.endIndex
        while a < b, isSpace(s[a]) { a += 1 }
        while b > a, isSpace(s[b - 1]) { b -= 1 }
        return s[a..<b]
    }

    static func allDigits(_ s: ByteSlice) -> Bool {
        !s.isEmpty && s.allSatisfy(isDigit)
    }

    static func integer(_ s: ByteSlice) -> Int? {
        guard allDigits(s), s.count <= 9 else { return nil }
        var v = 0
        for b in s { v = v * 10 + Int(b - 0x30) }
        return v
    }

    /// `[+-]digits[.digits]` (at most 15 digits) as an exact decimal, as
    /// ``ExactDecimal/init(_:)-(Substring)`` reads it, without building a string.
    static func decimal(_ s: ByteSlice) -> ExactDecimal? {
        var i = s.startIndex
        var negative = false
        if i < s.endIndex, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") {
            negative = s[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < s.endIndex else { return nil }
        var units: Int64 = 0
        var scale = 0
        var seenPoint = false
        var digits = 0
        while i < s.endIndex {
            let c = s[i]
            i += 1
            if c == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard isDigit(c) else { return nil }
            digits += 1
            guard digits <= 15 else { return nil }
            units = units * 10 + Int64(c - 0x30)
            if seenPoint { scale += 1 }
        }
        guard digits > 0 else { return nil }
        return ExactDecimal(units: negative ? -units : units, scale: scale)
    }

    static func upper(_ b: UInt8) -> UInt8 { (b >= 0x61 && b <= 0x7A) ? b - 32 : b }

    @inline(__always)
    static func equalsUpper(_ s: ByteSlice, _ word: StaticString) -> Bool {
        s.count == word.utf8CodeUnitCount && hasPrefix(s, word)
    }
}

/// Up to 16 token ranges kept inline, without a heap buffer (an event line has 8 to 10).
struct InlineTokens: RandomAccessCollection {
    private var storage = InlineArray<16, Range<Int>>(repeating: 0..<0)
    private(set) var endIndex = 0
    var startIndex: Int { 0 }

    subscript(i: Int) -> Range<Int> { storage[i] }

    /// The whitespace-separated tokens of `s`, leaving room for `room` more; nil when
    /// they do not fit.
    @inline(__always)
    init?(_ s: ByteSlice, room: Int) {
        guard let p = s.base.baseAddress else { return nil }
        let limit = 16 - room
        var i = s.startIndex
        let end = s.endIndex
        let raw = UnsafeRawPointer(p)
        while i < end {
            // Runs of blanks and of other bytes eight at a time (columns are padded wide).
            while end - i >= 8, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) == 0x2020_2020_2020_2020 { i += 8 }
            while i < end && (p[i] == 0x20 || p[i] == 0x09) { i += 1 }
            if i == end { break }
            let st = i
            while end - i >= 8, !Bytes.hasBlank(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i += 8 }
            while i < end && p[i] != 0x20 && p[i] != 0x09 { i += 1 }
            guard endIndex < limit else { return nil }
            storage[endIndex] = st..<i
            endIndex += 1
        }
    }

    /// Adds a range (there must be room).
    mutating func append(_ r: Range<Int>) {
        storage[endIndex] = r
        endIndex += 1
    }
}
