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
        self.init(bytes: AUID.swapFields(b))
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

    /// The bytes in text order: the first three fields turned back to big-endian.
    var textOrderBytes: [UInt8] { AUID.swapFields(storedBytes) }

    /// Swaps the first three GUID fields between stored (little-endian) and text order;
    /// its own inverse.
    static func swapFields(_ b: [UInt8]) -> [UInt8] {
        [b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]] + b[8..<16]
    }

    /// "0d010101-0101-1100-060e-2b3402060101".
    public var description: String {
        let hex = ValueDecoding.hex(textOrderBytes)
        let cut = [0, 8, 12, 16, 20, 32].map { hex.index(hex.startIndex, offsetBy: $0) }
        return (0..<5).map { String(hex[cut[$0]..<cut[$0 + 1]]) }.joined(separator: "-")
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
        ValueDecoding.hex(a.storedBytes + b.storedBytes)
    }
}
