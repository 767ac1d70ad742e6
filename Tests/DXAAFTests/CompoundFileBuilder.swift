import DXAAF

/// Builds small, valid compound files (MS-CFB) for the malformed-input tests, and tells
/// where each structure landed so a test can damage exactly one of them.
///
/// Layout, in sector order: the FAT, the directory, the mini FAT, the mini stream (every
/// stream under 4096 bytes, in 64-byte mini sectors), the large streams, then
/// `spareSectors` free sectors (0xFF bytes) for a test to write into (a DIFAT sector).
/// Siblings are chained through their right links; the reader does not need the
/// red-black order.
struct CompoundFileBuilder {
    indirect enum Node {
        case storage(String, classID: [UInt8], [Node])
        case stream(String, [UInt8])
    }

    var rootClassID: [UInt8] = [UInt8](repeating: 0, count: 16)
    var children: [Node]
    /// 9: 512-byte sectors (version 3); 12: 4096-byte sectors (version 4, 64-bit stream sizes).
    var sectorShift = 9
    var spareSectors = 0

    init(_ children: [Node], rootClassID: [UInt8] = [UInt8](repeating: 0, count: 16), sectorShift: Int = 9,
         spareSectors: Int = 0) {
        self.children = children
        self.rootClassID = rootClassID
        self.sectorShift = sectorShift
        self.spareSectors = spareSectors
    }

    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let free: UInt32 = 0xFFFF_FFFF
    static let fatSector: UInt32 = 0xFFFF_FFFD

    /// The built bytes and where things are; the `set…` helpers damage them in place.
    struct Built {
        var bytes: [UInt8]
        let sectorSize: Int
        var fatSectors: [Int] = []
        var directorySectors: [Int] = []
        var miniFATSectors: [Int] = []
        var miniStreamSectors: [Int] = []
        var spareSectors: [Int] = []
        /// Directory entry index by path: "/" for the root, "/Header-2/properties".
        var entries: [String: Int] = [:]
        /// First sector of each stream (a mini sector for streams under 4096 bytes).
        var streamStart: [String: Int] = [:]

        func offset(ofSector s: Int) -> Int { (s + 1) * sectorSize }
        func fatEntry(_ s: Int) -> Int { offset(ofSector: fatSectors[s / (sectorSize / 4)]) + 4 * (s % (sectorSize / 4)) }
        func miniFATEntry(_ m: Int) -> Int {
            offset(ofSector: miniFATSectors[m / (sectorSize / 4)]) + 4 * (m % (sectorSize / 4))
        }
        /// Byte offset of the directory entry at `path`.
        func entry(_ path: String) -> Int {
            let i = entries[path]!
            return offset(ofSector: directorySectors[i / (sectorSize / 128)]) + 128 * (i % (sectorSize / 128))
        }

        mutating func setU32(_ v: UInt32, at o: Int) {
            for k in 0..<4 { bytes[o + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
        }

        mutating func setU64(_ v: UInt64, at o: Int) {
            setU32(UInt32(truncatingIfNeeded: v), at: o)
            setU32(UInt32(truncatingIfNeeded: v >> 32), at: o + 4)
        }

        // Directory entry fields (MS-CFB §2.6).
        mutating func setLeft(_ path: String, _ v: UInt32) { setU32(v, at: entry(path) + 68) }
        mutating func setRight(_ path: String, _ v: UInt32) { setU32(v, at: entry(path) + 72) }
        mutating func setChild(_ path: String, _ v: UInt32) { setU32(v, at: entry(path) + 76) }
        mutating func setStartSector(_ path: String, _ v: UInt32) { setU32(v, at: entry(path) + 116) }
        mutating func setSize(_ path: String, _ v: UInt64) { setU64(v, at: entry(path) + 120) }
    }

    private struct Flat {
        var name: String
        var type: UInt8
        var classID: [UInt8]
        var data: [UInt8]
        var path: String
        var children: [Int] = []
    }

    func build() -> Built {
        let sectorSize = 1 << sectorShift
        var flat = [Flat(name: "Root Entry", type: 5, classID: rootClassID, data: [], path: "/")]
        func add(_ nodes: [Node], parent: Int) {
            for node in nodes {
                let prefix = flat[parent].path == "/" ? "/" : flat[parent].path + "/"
                switch node {
                case .stream(let name, let data):
                    flat.append(Flat(name: name, type: 2, classID: [UInt8](repeating: 0, count: 16), data: data, path: prefix + name))
                    flat[parent].children.append(flat.count - 1)
                case .storage(let name, let classID, let sub):
                    flat.append(Flat(name: name, type: 1, classID: classID, data: [], path: prefix + name))
                    let me = flat.count - 1
                    flat[parent].children.append(me)
                    add(sub, parent: me)
                }
            }
        }
        add(children, parent: 0)

        // Sector counts.
        let perDirectory = sectorSize / 128, perFAT = sectorSize / 4
        let directoryCount = (flat.count + perDirectory - 1) / perDirectory
        var miniStream: [UInt8] = []
        var miniStart: [Int: Int] = [:]
        var large: [Int] = []
        for (i, f) in flat.enumerated() where f.type == 2 && !f.data.isEmpty {
            if f.data.count < 4096 {
                miniStart[i] = miniStream.count / 64
                miniStream += f.data + [UInt8](repeating: 0, count: (64 - f.data.count % 64) % 64)
            } else {
                large.append(i)
            }
        }
        let miniSectors = miniStream.count / 64
        let miniFATCount = (miniSectors + perFAT - 1) / perFAT
        let miniStreamCount = (miniStream.count + sectorSize - 1) / sectorSize
        let largeCounts = large.map { (flat[$0].data.count + sectorSize - 1) / sectorSize }
        let others = directoryCount + miniFATCount + miniStreamCount + largeCounts.reduce(0, +) + spareSectors
        var fatCount = 1
        while fatCount * perFAT < fatCount + others { fatCount += 1 }
        precondition(fatCount <= 109, "the builder writes no DIFAT sectors")
        let total = fatCount + others

        var built = Built(bytes: [UInt8](repeating: 0, count: (total + 1) * sectorSize), sectorSize: sectorSize)
        var fat = [UInt32](repeating: CompoundFileBuilder.free, count: fatCount * perFAT)
        var next = 0
        func chain(_ n: Int) -> [Int] {
            let run = Array(next..<(next + n))
            for (k, s) in run.enumerated() { fat[s] = k + 1 < run.count ? UInt32(s + 1) : CompoundFileBuilder.endOfChain }
            next += n
            return run
        }
        built.fatSectors = Array(0..<fatCount)
        for s in built.fatSectors { fat[s] = CompoundFileBuilder.fatSector }
        next = fatCount
        built.directorySectors = chain(directoryCount)
        built.miniFATSectors = chain(miniFATCount)
        built.miniStreamSectors = chain(miniStreamCount)
        var largeStart: [Int: Int] = [:]
        for (i, n) in zip(large, largeCounts) { largeStart[i] = chain(n).first! }
        built.spareSectors = Array(next..<(next + spareSectors))
        for s in built.spareSectors {
            for o in built.offset(ofSector: s)..<built.offset(ofSector: s + 1) { built.bytes[o] = 0xFF }
        }

        // Header (MS-CFB §2.2).
        built.bytes.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        func u16(_ v: Int, at o: Int) { built.bytes[o] = UInt8(v & 0xFF); built.bytes[o + 1] = UInt8(v >> 8) }
        u16(0x3E, at: 24)
        u16(sectorShift == 9 ? 3 : 4, at: 26)
        u16(0xFFFE, at: 28)
        u16(sectorShift, at: 30)
        u16(6, at: 32)
        built.setU32(sectorShift == 9 ? 0 : UInt32(directoryCount), at: 40)
        built.setU32(UInt32(fatCount), at: 44)
        built.setU32(UInt32(built.directorySectors[0]), at: 48)
        built.setU32(4096, at: 56)
        built.setU32(built.miniFATSectors.first.map { UInt32($0) } ?? CompoundFileBuilder.endOfChain, at: 60)
        built.setU32(UInt32(miniFATCount), at: 64)
        built.setU32(CompoundFileBuilder.endOfChain, at: 68)
        built.setU32(0, at: 72)
        for k in 0..<109 {
            built.setU32(k < fatCount ? UInt32(k) : CompoundFileBuilder.free, at: 76 + 4 * k)
        }

        // FAT.
        for (k, v) in fat.enumerated() {
            built.setU32(v, at: built.offset(ofSector: built.fatSectors[k / perFAT]) + 4 * (k % perFAT))
        }
        // Mini FAT: each small stream's mini sectors chained in order.
        var miniFAT = [UInt32](repeating: CompoundFileBuilder.free, count: miniFATCount * perFAT)
        for (i, start) in miniStart {
            let n = (flat[i].data.count + 63) / 64
            for k in 0..<n { miniFAT[start + k] = k + 1 < n ? UInt32(start + k + 1) : CompoundFileBuilder.endOfChain }
        }
        for (k, v) in miniFAT.enumerated() {
            built.setU32(v, at: built.offset(ofSector: built.miniFATSectors[k / perFAT]) + 4 * (k % perFAT))
        }
        for (k, b) in miniStream.enumerated() {
            built.bytes[built.offset(ofSector: built.miniStreamSectors[k / sectorSize]) + k % sectorSize] = b
        }
        for (i, start) in largeStart {
            let base = built.offset(ofSector: start)
            built.bytes.replaceSubrange(base..<(base + flat[i].data.count), with: flat[i].data)
        }

        // Directory.
        for (i, f) in flat.enumerated() { built.entries[f.path] = i }
        for k in 0..<(directoryCount * perDirectory) {
            let o = built.offset(ofSector: built.directorySectors[k / perDirectory]) + 128 * (k % perDirectory)
            built.setU32(CompoundFileBuilder.free, at: o + 68)
            built.setU32(CompoundFileBuilder.free, at: o + 72)
            built.setU32(CompoundFileBuilder.free, at: o + 76)
            guard k < flat.count else { continue }
            let f = flat[k]
            let units = Array(f.name.utf16.prefix(31))
            for (j, u) in units.enumerated() { u16(Int(u), at: o + 2 * j) }
            u16(2 * (units.count + 1), at: o + 64)
            built.bytes[o + 66] = f.type
            built.bytes[o + 67] = 1  // black
            built.bytes.replaceSubrange((o + 80)..<(o + 96), with: f.classID)
            var start = CompoundFileBuilder.endOfChain
            var size = UInt64(f.data.count)
            if f.type == 5 {
                start = built.miniStreamSectors.first.map { UInt32($0) } ?? CompoundFileBuilder.endOfChain
                size = UInt64(miniStream.count)
            } else if let m = miniStart[k] {
                start = UInt32(m)
            } else if let s = largeStart[k] {
                start = UInt32(s)
            }
            if f.type == 2 || f.type == 5 { built.streamStart[f.path] = start == CompoundFileBuilder.endOfChain ? -1 : Int(start) }
            built.setU32(start, at: o + 116)
            built.setU64(size, at: o + 120)
        }
        // Links: each storage's first child, then its children chained through right links.
        for f in flat {
            if let first = f.children.first { built.setChild(f.path, UInt32(first)) }
            for (a, b) in zip(f.children, f.children.dropFirst()) { built.setRight(flat[a].path, UInt32(b)) }
        }
        return built
    }
}

/// AAF's stored encodings, for building object trees: property streams, reference
/// names and index streams.
enum AAFBytes {
    /// The class ID of a baseline class as stored in a directory entry.
    static func classID(_ c: AAFClass) -> [UInt8] {
        [0x01, 0x01, 0x01, 0x0D, 0x01, 0x01, 0x00, c.rawValue, 0x06, 0x0E, 0x2B, 0x34, 0x02, 0x06, 0x01, 0x01]
    }

    /// A class ID no baseline class or MetaDictionary entry declares.
    static let unknownClassID: [UInt8] = [0x42, 0x42, 0x42, 0x42, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC]

    /// UTF-16LE with its terminating NUL.
    static func utf16z(_ s: String) -> [UInt8] {
        (Array(s.utf16) + [0]).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    static func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    static func u32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }

    /// Stored forms (the `properties` stream's second field).
    static let data = 0x82, strongReference = 0x22, strongReferenceVector = 0x32, weakReference = 0x02

    /// A `properties` stream: 'L', version, count, then (pid, form, size) entries and the values.
    static func properties(_ list: [(pid: Int, form: Int, value: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [0x4C, 0x20] + u16(list.count)
        for p in list { out += u16(p.pid) + u16(p.form) + u16(p.value.count) }
        for p in list { out += p.value }
        return out
    }

    /// A strong-reference vector index stream: count, next free key, last free key, keys.
    static func vectorIndex(_ keys: [UInt32], count: UInt32? = nil) -> [UInt8] {
        u32(count ?? UInt32(keys.count)) + u32(UInt32(keys.count)) + u32(0xFFFF_FFFF) + keys.flatMap { u32($0) }
    }
}
