/// The 512-byte header of a compound file (MS-CFB §2.2): sector sizes, where the FAT,
/// the directory and the mini FAT start, and the first 109 DIFAT entries.
struct CFBHeader {
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// 9 (512-byte sectors, version 3) or 12 (4096-byte sectors, version 4).
    var sectorShift: Int
    /// 6: mini sectors of 64 bytes.
    var miniSectorShift: Int
    var fatSectorCount: UInt32
    var firstDirectorySector: UInt32
    /// Streams smaller than this (4096) live in the mini stream.
    var miniStreamCutoff: UInt64
    var firstMiniFATSector: UInt32
    var miniFATSectorCount: UInt32
    var firstDIFATSector: UInt32
    var difatSectorCount: UInt32
    /// The DIFAT entries held in the header itself (FREESECT ones dropped by the reader).
    var headerDIFAT: [UInt32]

    init(_ source: ByteSource) throws {
        guard source.count >= 512 else {
            throw AAFError(.malformed, "file is \(source.count) bytes, shorter than a compound-file header (512)", offset: 0)
        }
        let sig = source.withBytes(offset: 0, length: 8) { Array($0) }
        guard sig == CFBHeader.signature else {
            throw AAFError(.notAAF, "not a compound file (no D0 CF 11 E0 signature); AAF-XML and KLV AAF are not read", offset: 0)
        }
        func u16(_ o: Int) -> Int { source.withBytes(offset: o, length: 2) { Int(UInt16(littleEndian: $0.loadUnaligned(as: UInt16.self))) } }
        let byteOrder = u16(28)
        guard byteOrder == 0xFFFE else {
            throw AAFError(.malformed, "byte-order mark 0x\(String(byteOrder, radix: 16, uppercase: true)), expected 0xFFFE", offset: 28)
        }
        sectorShift = u16(30)
        guard sectorShift == 9 || sectorShift == 12 else {
            throw AAFError(.malformed, "sector shift \(sectorShift), expected 9 (512 bytes) or 12 (4096 bytes)", offset: 30)
        }
        miniSectorShift = u16(32)
        guard miniSectorShift == 6 else {
            throw AAFError(.malformed, "mini sector shift \(miniSectorShift), expected 6 (64 bytes)", offset: 32)
        }
        fatSectorCount = source.u32(44)
        firstDirectorySector = source.u32(48)
        miniStreamCutoff = UInt64(source.u32(56))
        firstMiniFATSector = source.u32(60)
        miniFATSectorCount = source.u32(64)
        firstDIFATSector = source.u32(68)
        difatSectorCount = source.u32(72)
        headerDIFAT = (0..<109).map { source.u32(76 + 4 * $0) }
    }
}

/// Special sector numbers (MS-CFB §2.1).
enum SectorID {
    static let maxRegular: UInt32 = 0xFFFF_FFFA
    static let difat: UInt32 = 0xFFFF_FFFC
    static let fat: UInt32 = 0xFFFF_FFFD
    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let free: UInt32 = 0xFFFF_FFFF
}
