/// Decoding of AAF's little-endian value encodings from property bytes.
enum ValueDecoding {
    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    /// 1, 2, 4 or 8 little-endian bytes; nil for another size.
    static func integer(_ d: ArraySlice<UInt8>, signed: Bool) -> Int64? {
        let n = d.count
        guard n == 1 || n == 2 || n == 4 || n == 8 else { return nil }
        var v: UInt64 = 0
        for (k, byte) in d.enumerated() { v |= UInt64(byte) << (8 * UInt64(k)) }
        if signed, n < 8, v & (1 << (8 * UInt64(n) - 1)) != 0 { v |= ~0 << (8 * UInt64(n)) }
        return Int64(bitPattern: v)
    }

    /// Rational: numerator and denominator, signed 32-bit each.
    static func rational(_ d: ArraySlice<UInt8>) -> Ratio? {
        guard d.count == 8, let n = integer(d.prefix(4), signed: true), let m = integer(d.suffix(4), signed: true) else { return nil }
        return Ratio(n, m)
    }

    /// Two hex digits per byte ("0d01…"), for identifiers and undecoded values.
    static func hex(_ bytes: some Sequence<UInt8>, uppercase: Bool = false) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: uppercase) }.joined()
    }

    /// UTF-16LE text up to the first NUL (or the end).
    static func utf16String(_ d: ArraySlice<UInt8>) -> String {
        d.withUnsafeBytes { utf16String($0) }
    }

    /// UTF-16LE text up to the first NUL (or the end). Names in AAF files are nearly all
    /// ASCII (storage names, property names), so that case is copied byte by byte.
    static func utf16String(_ raw: UnsafeRawBufferPointer) -> String {
        var n = 0
        var ascii = true
        while n + 1 < raw.count {
            let lo = raw[n], hi = raw[n + 1]
            if lo == 0 && hi == 0 { break }
            if hi != 0 || lo >= 0x80 { ascii = false }
            n += 2
        }
        let count = n / 2
        if ascii {
            return String(unsafeUninitializedCapacity: count) { buffer in
                for i in 0..<count { buffer[i] = raw[2 * i] }
                return count
            }
        }
        let units = (0..<count).map { UInt16(raw[2 * $0]) | UInt16(raw[2 * $0 + 1]) << 8 }
        return String(decoding: units, as: UTF16.self)
    }
}

/// A value of AAF's indirect type: a byte-order byte, the AUID of its type, then the
/// value. Decoded for the types that gains, speeds and comments use; others keep their bytes.
public enum IndirectValue: Sendable, Equatable {
    case integer(Int64)
    case rational(Ratio)
    case string(String)
    case other(type: AUID, bytes: [UInt8])

    static let rationalType = AUID("03010100-0000-0000-060e-2b3401040101")
    static let stringType = AUID("01100200-0000-0000-060e-2b3401040101")
    /// UInt8 … Int64: "010101NN-0000-0000-060e-2b3401040101", NN 01–04 unsigned, 05–08 signed.
    static let integerTypes: [AUID: Bool] = [
        AUID("01010100-0000-0000-060e-2b3401040101"): false, AUID("01010200-0000-0000-060e-2b3401040101"): false,
        AUID("01010300-0000-0000-060e-2b3401040101"): false, AUID("01010400-0000-0000-060e-2b3401040101"): false,
        AUID("01010500-0000-0000-060e-2b3401040101"): true, AUID("01010600-0000-0000-060e-2b3401040101"): true,
        AUID("01010700-0000-0000-060e-2b3401040101"): true, AUID("01010800-0000-0000-060e-2b3401040101"): true,
    ]

    init?(_ d: ArraySlice<UInt8>) {
        guard d.count >= 17, d[d.startIndex] == 0x4C else { return nil }
        let type = Array(d.dropFirst().prefix(16)).withUnsafeBytes { AUID(bytes: $0) }
        let value = d.dropFirst(17)
        if type == IndirectValue.rationalType, let r = ValueDecoding.rational(value) {
            self = .rational(r)
        } else if type == IndirectValue.stringType {
            self = .string(ValueDecoding.utf16String(value))
        } else if let signed = IndirectValue.integerTypes[type], let v = ValueDecoding.integer(value, signed: signed) {
            self = .integer(v)
        } else {
            self = .other(type: type, bytes: Array(value))
        }
    }

    /// The value as a number, where it is one.
    public var number: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .rational(let r): return r.doubleValue
        default: return nil
        }
    }

    /// The value as text (a string, or a number written out; raw bytes as printable ASCII
    /// when they are, else hex), for user comments.
    public var text: String {
        switch self {
        case .integer(let v): return "\(v)"
        case .rational(let r): return r.description
        case .string(let s): return s
        case .other(_, let bytes):
            var trimmed = bytes
            while trimmed.last == 0 { trimmed.removeLast() }
            if !trimmed.isEmpty, trimmed.allSatisfy({ $0 >= 32 && $0 < 127 }) { return String(decoding: trimmed, as: UTF8.self) }
            return ValueDecoding.hex(bytes)
        }
    }
}
