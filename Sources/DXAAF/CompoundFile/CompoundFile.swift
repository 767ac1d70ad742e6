/// A read-only compound file ("structured storage", MS-CFB): the container of every
/// binary AAF file. It is a small file system inside the file — sectors chained by a FAT,
/// small streams packed in a mini stream with its own mini FAT, and a directory of
/// storages and streams kept as red-black trees of siblings.
///
/// Everything in the header, FAT and directory is untrusted: every sector number is
/// checked against the file, every chain is walked at most as far as its size needs and
/// checked for loops, and the directory is checked to be a tree, so a damaged file ends in
/// an ``AAFError`` naming the stream and byte, never a crash, a hang or a huge allocation.
/// The FAT itself is read in place from the mapped file, so memory does not grow with the
/// size of embedded essence.
public final class CompoundFile {
    public let source: ByteSource
    let header: CFBHeader
    let sectorSize: Int
    /// Whole regular sectors present in the file after the header. A partial last sector
    /// (a file cut short mid-sector) is not counted: FAT, directory and DIFAT reads take
    /// whole sectors, so a chain reaching it ends in "beyond the end of the file".
    let sectorCount: Int
    /// Sector numbers of the FAT's own sectors, in order.
    private(set) var fatSectors: [UInt32] = []
    /// Sector numbers of the mini FAT's sectors, in order.
    private(set) var miniFATSectors: [UInt32] = []
    /// Regular sectors holding the mini stream, in order.
    private(set) var miniStreamSectors: [UInt32] = []
    private(set) var miniStreamSize: UInt64 = 0
    /// All directory entries; index 0 is the root storage.
    public private(set) var entries: [DirectoryEntry] = []
    /// The parent storage of every entry reached from the root (-1 for the root and for
    /// entries no storage holds).
    private var parents: [Int32] = []
    /// Each storage's children by name, built on first use.
    private var childNames: [Int: [String: Int]] = [:]

    static let miniSectorSize = 64

    public convenience init(path: String) throws {
        try self.init(source: ByteSource(path: path))
    }

    public init(source: ByteSource) throws {
        self.source = source
        header = try CFBHeader(source)
        sectorSize = 1 << header.sectorShift
        sectorCount = max(0, (source.count - sectorSize) / sectorSize)
        fatSectors = try readFATSectors()
        try readDirectory()
        try readMiniStream()
        try buildTree()
    }

    /// Byte offset of regular sector `s` (the header takes the first sector-sized block).
    func offset(ofSector s: UInt32) -> Int { (Int(s) + 1) << header.sectorShift }

    static func sectorsNeeded(_ size: UInt64, _ sectorSize: Int) -> Int {
        Int((size + UInt64(sectorSize) - 1) / UInt64(sectorSize))
    }

    // MARK: FAT and DIFAT

    /// The FAT's sector list: the header's 109 DIFAT entries, then the DIFAT sector chain.
    /// A count in the header that disagrees with the entries present (Premiere writes such
    /// files) is tolerated: the listed sectors up to the first free entry are used.
    private func readFATSectors() throws -> [UInt32] {
        var list: [UInt32] = []
        let wanted = Int(min(header.fatSectorCount, UInt32(sectorCount)))
        for s in header.headerDIFAT where list.count < wanted {
            if s == SectorID.free { break }
            list.append(s)
        }
        var next = header.firstDIFATSector
        var seen = Set<UInt32>()
        let perSector = sectorSize / 4 - 1
        while list.count < wanted, next <= SectorID.maxRegular {
            guard Int(next) < sectorCount else {
                throw AAFError(.malformed, "DIFAT sector \(next) lies beyond the end of the file", offset: 68)
            }
            guard seen.insert(next).inserted else {
                throw AAFError(.malformed, "the DIFAT chain loops back to sector \(next)", offset: UInt64(offset(ofSector: next)))
            }
            let base = offset(ofSector: next)
            for k in 0..<perSector where list.count < wanted {
                let s = source.u32(base + 4 * k)
                if s == SectorID.free { continue }
                list.append(s)
            }
            next = source.u32(base + 4 * perSector)
        }
        for (n, s) in list.enumerated() where Int(s) >= sectorCount {
            throw AAFError(.malformed, "FAT sector #\(n) is sector \(s), beyond the end of the file (\(sectorCount) sectors)")
        }
        return list
    }

    /// The FAT entry of regular sector `s`: the next sector of its chain.
    func nextSector(_ s: UInt32) throws -> UInt32 {
        source.u32(try fatEntryOffset(s))
    }

    /// The mini FAT entry of mini sector `m`.
    func nextMiniSector(_ m: UInt32) throws -> UInt32 {
        source.u32(try miniFATEntryOffset(m))
    }

    /// Byte offset in the file of sector `s`'s FAT entry (where the pointer to the next
    /// sector of its chain is stored).
    func fatEntryOffset(_ s: UInt32) throws -> Int {
        try entryOffset(s, of: fatSectors, table: "FAT")
    }

    /// Byte offset in the file of mini sector `m`'s mini FAT entry.
    func miniFATEntryOffset(_ m: UInt32) throws -> Int {
        try entryOffset(m, of: miniFATSectors, table: "mini FAT")
    }

    /// Where entry `n` of a sector table (FAT or mini FAT) whose own sectors are `sectors` lies.
    private func entryOffset(_ n: UInt32, of sectors: [UInt32], table: String) throws -> Int {
        let perSector = sectorSize / 4
        let index = Int(n)
        guard index / perSector < sectors.count else {
            throw AAFError(.malformed, "sector \(n) has no \(table) entry (the \(table) covers \(sectors.count * perSector) sectors)")
        }
        return offset(ofSector: sectors[index / perSector]) + 4 * (index % perSector)
    }

    /// Follows a chain of regular sectors from `start`: at most `limit` sectors, every one
    /// inside the file, none twice. `exact` requires exactly `limit` sectors (a stream of
    /// known size); otherwise the chain may end sooner. `startField` is the byte holding
    /// `start` (a header field or directory entry), named when the first sector is bad;
    /// later ones name the FAT entry that pointed to them.
    func walk(from start: UInt32, limit: Int, what: String, allowEmpty: Bool = false, exact: Bool = false,
              path: String? = nil, startField: Int) throws -> [UInt32] {
        var chain: [UInt32] = []
        var seen = SectorSet(count: sectorCount)
        var s = start
        while s != SectorID.endOfChain, chain.count < limit {
            if s == SectorID.free && chain.isEmpty && allowEmpty { break }
            guard s <= SectorID.maxRegular, Int(s) < sectorCount else {
                throw AAFError(.malformed, "the \(what) chain reaches sector \(s), beyond the end of the file (\(sectorCount) sectors)",
                               path: path, offset: UInt64(try chain.last.map { try fatEntryOffset($0) } ?? startField))
            }
            guard seen.insert(s) else {
                throw AAFError(.malformed, "the \(what) chain loops back to sector \(s)", path: path,
                               offset: UInt64(try chain.last.map { try fatEntryOffset($0) } ?? startField))
            }
            chain.append(s)
            s = try nextSector(s)
        }
        if exact, chain.count < limit {
            throw AAFError(.malformed, "the \(what) chain ends after \(chain.count) sectors; its size needs \(limit)",
                           path: path, offset: chain.last.map { UInt64(offset(ofSector: $0)) })
        }
        if chain.isEmpty && !allowEmpty {
            throw AAFError(.malformed, "the \(what) chain is empty", path: path, offset: UInt64(startField))
        }
        return chain
    }

    // MARK: directory and mini stream

    private func readDirectory() throws {
        let directory = try walk(from: header.firstDirectorySector, limit: sectorCount, what: "directory", startField: 48)
        var list: [DirectoryEntry] = []
        list.reserveCapacity(directory.count * sectorSize / 128)
        for s in directory {
            for k in 0..<(sectorSize / 128) {
                list.append(try DirectoryEntry(source, offset: offset(ofSector: s) + 128 * k, version3: header.sectorShift == 9))
            }
        }
        guard let root = list.first, root.kind == .root else {
            throw AAFError(.malformed, "the first directory entry is not the root storage",
                           offset: UInt64(offset(ofSector: directory[0])))
        }
        entries = list
        parents = [Int32](repeating: -1, count: list.count)
    }

    private func readMiniStream() throws {
        let root = entries[0]
        miniFATSectors = try walk(from: header.firstMiniFATSector, limit: Int(min(UInt32(sectorCount), header.miniFATSectorCount)),
                                  what: "mini FAT", allowEmpty: true, startField: 60)
        guard root.size <= UInt64(source.count) else {
            throw AAFError(.malformed, "the mini stream claims \(root.size) bytes, more than the file holds (\(source.count))", path: "/")
        }
        miniStreamSectors = try walk(from: root.startSector, limit: CompoundFile.sectorsNeeded(root.size, sectorSize),
                                     what: "mini stream", allowEmpty: true, exact: true, path: "/", startField: root.offset + 116)
        miniStreamSize = root.size
    }

    /// Checks that the directory is a tree (every entry reached once from the root) and
    /// records each entry's parent.
    private func buildTree() throws {
        var stack: [Int] = [0]
        var reached = SectorSet(count: entries.count)
        _ = reached.insert(0)
        while let storage = stack.popLast() {
            var siblings: [UInt32] = [entries[storage].child]
            while let i = siblings.popLast() {
                if i == DirectoryEntry.noStream { continue }
                guard Int(i) < entries.count else {
                    throw AAFError(.malformed, "directory entry \(i) does not exist (\(entries.count) entries)", path: path(of: storage))
                }
                guard reached.insert(i) else {
                    throw AAFError(.malformed, "directory entry \(i) is reached twice: the directory has a cycle", path: path(of: storage))
                }
                let e = entries[Int(i)]
                parents[Int(i)] = Int32(storage)
                siblings.append(e.left)
                siblings.append(e.right)
                if e.kind == .storage { stack.append(Int(i)) }
            }
        }
    }

    // MARK: lookup

    /// The path of an entry from the root: "/Header-2/Content-3b03".
    public func path(of index: Int) -> String {
        var names: [String] = []
        var i = index
        var steps = 0
        while i > 0, i < parents.count, steps < entries.count {
            names.append(entries[i].name)
            i = Int(parents[i])
            steps += 1
        }
        return "/" + names.reversed().joined(separator: "/")
    }

    /// The child named `name` of storage `storage`, or nil.
    public func child(named name: String, of storage: Int) -> Int? {
        if let table = childNames[storage] { return table[name] }
        var table: [String: Int] = [:]
        var siblings: [UInt32] = [entries[storage].child]
        while let i = siblings.popLast() {
            guard i != DirectoryEntry.noStream, Int(i) < entries.count, parents[Int(i)] == Int32(storage) else { continue }
            table[entries[Int(i)].name] = Int(i)
            siblings.append(entries[Int(i)].left)
            siblings.append(entries[Int(i)].right)
        }
        childNames[storage] = table
        return table[name]
    }

    /// The names of a storage's children (for diagnostics and tests).
    public func childNames(of storage: Int) -> [String] {
        _ = child(named: "", of: storage)
        return (childNames[storage] ?? [:]).keys.sorted()
    }

    // MARK: streams

    /// The whole stream in memory: for property and index streams, which are small. Use
    /// ``StreamReader`` for essence.
    public func read(stream index: Int) throws -> [UInt8] {
        var reader = try StreamReader(file: self, index: index)
        var out = [UInt8](repeating: 0, count: Int(reader.size))
        let n = try out.withUnsafeMutableBytes { try reader.read(into: $0) }
        precondition(n == out.count)
        return out
    }

    /// Byte offset in the file of mini sector `m`'s first byte.
    func offset(ofMiniSector m: UInt32) throws -> Int {
        let at = Int(m) * CompoundFile.miniSectorSize
        guard UInt64(at + CompoundFile.miniSectorSize) <= UInt64(miniStreamSectors.count * sectorSize) else {
            throw AAFError(.malformed, "mini sector \(m) lies beyond the mini stream")
        }
        return offset(ofSector: miniStreamSectors[at / sectorSize]) + at % sectorSize
    }
}

/// A set of sector (or entry) numbers as a bit set: loop detection costs one bit per
/// sector of the file, not a hash entry per sector visited.
struct SectorSet {
    private var words: [UInt64]

    init(count: Int) {
        words = [UInt64](repeating: 0, count: (max(count, 0) + 63) / 64)
    }

    /// Inserts `n`; false when it was already there (or is out of range, which callers
    /// have excluded).
    mutating func insert(_ n: UInt32) -> Bool {
        let w = Int(n) / 64
        guard w < words.count else { return false }
        let bit = UInt64(1) << UInt64(n % 64)
        if words[w] & bit != 0 { return false }
        words[w] |= bit
        return true
    }
}
