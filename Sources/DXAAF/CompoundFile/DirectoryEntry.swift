/// One 128-byte directory entry (MS-CFB §2.6): a storage (folder), a stream, or the root.
public struct DirectoryEntry: Sendable {
    public enum Kind: UInt8, Sendable {
        case unused = 0, storage = 1, stream = 2, root = 5
    }

    public var name: String
    public var kind: Kind
    /// Red-black tree links among siblings, and the first child of a storage (`noStream` when none).
    var left: UInt32
    var right: UInt32
    var child: UInt32
    /// The class identifier: in AAF, the AUID of the object's class, as stored (little-endian GUID).
    public var classID: AUID
    var startSector: UInt32
    public var size: UInt64
    /// Byte offset of this entry in the file, for errors about the fields it holds.
    let offset: Int

    static let noStream: UInt32 = 0xFFFF_FFFF

    /// Decodes the entry at `offset`; `version3` limits the size to 32 bits (MS-CFB says
    /// the high word may hold junk in version 3 files).
    init(_ source: ByteSource, offset: Int, version3: Bool) throws {
        let nameBytes = source.withBytes(offset: offset, length: 66) { raw -> Int in
            Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 64, as: UInt16.self)))
        }
        let type = source.withBytes(offset: offset + 66, length: 1) { $0[0] }
        kind = Kind(rawValue: type) ?? .unused
        // Name: UTF-16LE including its terminating NUL, at most 64 bytes.
        let units = max(0, min(nameBytes, 64) / 2 - 1)
        name = kind == .unused ? "" : source.withBytes(offset: offset, length: units * 2) { ValueDecoding.utf16String($0) }
        left = source.u32(offset + 68)
        right = source.u32(offset + 72)
        child = source.u32(offset + 76)
        classID = source.withBytes(offset: offset + 80, length: 16) { AUID(bytes: $0) }
        startSector = source.u32(offset + 116)
        let low = UInt64(source.u32(offset + 120))
        let high = UInt64(source.u32(offset + 124))
        size = version3 ? low : (high << 32 | low)
        self.offset = offset
    }
}
