/// A 16-byte AAF identifier (class, property, type and definition IDs), kept as the
/// bytes are stored in the file: a GUID whose first three fields are little-endian.
public struct AUID: Hashable, Sendable, CustomStringConvertible {
    public var bytes: (UInt64, UInt64)

    public init(bytes raw: UnsafeRawBufferPointer) {
        precondition(raw.count >= 16)
        bytes = (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }

    public init(bytes raw: [UInt8]) {
        self = raw.withUnsafeBytes { AUID(bytes: $0) }
    }

    /// From the usual text form "0d010101-0101-1100-060e-2b3402060101" (the first three
    /// groups are stored byte-swapped). Only for the constant tables: traps on bad text.
    public init(_ text: StaticString) {
        let hex = text.description.filter { $0 != "-" }
        precondition(hex.count == 32, "AUID text \(text)")
        var b = [UInt8](repeating: 0, count: 16)
        let chars = Array(hex.utf8)
        for i in 0..<16 {
            b[i] = UInt8(String(decoding: chars[2 * i..<2 * i + 2], as: UTF8.self), radix: 16)!
        }
        // Data1 (4 bytes), Data2 (2), Data3 (2) little-endian in the file.
        let stored = [b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]] + b[8..<16]
        self.init(bytes: stored)
    }

    public static func == (a: AUID, b: AUID) -> Bool { a.bytes == b.bytes }

    public func hash(into h: inout Hasher) {
        h.combine(bytes.0)
        h.combine(bytes.1)
    }

    public static let zero = AUID(bytes: [UInt8](repeating: 0, count: 16))

    var storedBytes: [UInt8] {
        withUnsafeBytes(of: bytes) { Array($0) }
    }

    /// "0d010101-0101-1100-060e-2b3402060101".
    public var description: String {
        let s = storedBytes
        let ordered = [s[3], s[2], s[1], s[0], s[5], s[4], s[7], s[6]] + s[8..<16]
        let hex = ordered.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-"
            + hex[8..<10].joined() + "-" + hex[10..<16].joined()
    }
}

/// A 32-byte SMPTE UMID naming a mob, kept as stored; all zeros is the null mob ID that
/// ends a source chain.
public struct MobID: Hashable, Sendable, CustomStringConvertible {
    public var a: AUID
    public var b: AUID

    public init(bytes raw: UnsafeRawBufferPointer) {
        precondition(raw.count >= 32)
        a = AUID(bytes: UnsafeRawBufferPointer(rebasing: raw[0..<16]))
        b = AUID(bytes: UnsafeRawBufferPointer(rebasing: raw[16..<32]))
    }

    public var isNull: Bool { a == .zero && b == .zero }

    public var description: String {
        (a.storedBytes + b.storedBytes).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
