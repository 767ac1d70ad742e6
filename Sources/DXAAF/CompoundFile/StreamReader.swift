/// Reads one stream of a compound file front to back, following its sector chain as it
/// goes: memory stays a few words whatever the stream's size, so embedded essence of any
/// length is copied out without being held.
///
/// The chain is checked as it is followed: every sector inside the file (or the mini
/// stream), none visited twice, and as many as the stream's size needs.
public struct StreamReader {
    let file: CompoundFile
    let index: Int
    let mini: Bool
    /// The stream's size in bytes, from its directory entry.
    public let size: UInt64
    /// Bytes read (or skipped) so far.
    public private(set) var position: UInt64 = 0
    private let blockSize: Int
    /// The sector holding `position`, or the chain's first sector before any read.
    private var sector: UInt32
    /// Bytes of the stream before `sector`.
    private var sectorStart: UInt64 = 0
    /// Sectors (or mini sectors) of the chain visited so far: a bit per sector, as the mini
    /// stream cutoff comes from the header and may make "small" streams as large as the file.
    private var seen: SectorSet

    public init(file: CompoundFile, index: Int) throws {
        let e = file.entries[index]
        guard e.kind == .stream else {
            throw AAFError(.malformed, "expected a stream, found a storage", path: file.path(of: index))
        }
        self.file = file
        self.index = index
        size = e.size
        mini = e.size < file.header.miniStreamCutoff
        blockSize = mini ? CompoundFile.miniSectorSize : file.sectorSize
        sector = e.startSector
        if mini {
            guard e.size <= file.miniStreamSize else {
                throw AAFError(.malformed, "stream of \(e.size) bytes is larger than the mini stream (\(file.miniStreamSize))",
                               path: file.path(of: index))
            }
            seen = SectorSet(count: Int((file.miniStreamSize + 63) / 64))
        } else {
            guard e.size <= UInt64(file.source.count) else {
                throw AAFError(.malformed, "stream claims \(e.size) bytes, more than the file holds (\(file.source.count))",
                               path: file.path(of: index))
            }
            seen = SectorSet(count: file.sectorCount)
        }
        if size > 0 { try visit(sector) }
    }

    /// Checks `s` (the next sector of the chain) is usable and not seen before. `from` is
    /// the sector whose (mini) FAT entry pointed to `s`; nil for the directory entry's
    /// start sector. Errors name the byte holding that pointer.
    private mutating func visit(_ s: UInt32, from: UInt32? = nil) throws {
        let limit = mini ? Int(file.miniStreamSize + 63) / 64 : file.sectorCount
        let kind = mini ? "mini sector" : "sector"
        func pointer() throws -> UInt64 {
            UInt64(try from.map { mini ? try file.miniFATEntryOffset($0) : try file.fatEntryOffset($0) }
                ?? file.entries[index].offset + 116)
        }
        guard s <= SectorID.maxRegular, Int(s) < limit else {
            let what = s == SectorID.endOfChain ? "ends" : "reaches \(kind) \(s), beyond the \(mini ? "mini stream" : "end of the file")"
            throw AAFError(.malformed, "the stream's chain \(what) at stream byte \(position) of \(size)",
                           path: file.path(of: index), offset: try pointer())
        }
        guard seen.insert(s) else {
            throw AAFError(.malformed, "the stream's chain loops back to \(kind) \(s) at stream byte \(position)",
                           path: file.path(of: index), offset: try pointer())
        }
    }

    /// Copies up to `buffer.count` bytes (fewer at the end of the stream) and returns how
    /// many; 0 at the end.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try advance(by: buffer.count, into: buffer.baseAddress)
    }

    /// Moves `count` bytes forward without copying them; returns how many were skipped.
    @discardableResult
    public mutating func skip(_ count: UInt64) throws -> UInt64 {
        var left = count
        while left > 0 {
            let step = Int(min(left, UInt64(Int32.max)))
            let n = try advance(by: step, into: nil)
            if n == 0 { break }
            left -= UInt64(n)
        }
        return count - left
    }

    private mutating func advance(by wanted: Int, into out: UnsafeMutableRawPointer?) throws -> Int {
        var done = 0
        while done < wanted, position < size {
            if position >= sectorStart + UInt64(blockSize) {
                let previous = sector
                sector = mini ? try file.nextMiniSector(sector) : try file.nextSector(sector)
                sectorStart += UInt64(blockSize)
                try visit(sector, from: previous)
            }
            let inBlock = Int(position - sectorStart)
            let n = min(wanted - done, blockSize - inBlock, Int(min(UInt64(Int.max), size - position)))
            let at = (mini ? try file.offset(ofMiniSector: sector) : file.offset(ofSector: sector)) + inBlock
            guard file.source.contains(offset: at, length: n) else {
                throw AAFError(.malformed, "the stream's sector \(sector) lies past the end of the file",
                               path: file.path(of: index), offset: UInt64(at))
            }
            if let out {
                // Regular-sector streams (embedded essence among them) are read with pread,
                // mini streams (properties, indexes: small) from the map.
                if mini { file.source.copy(offset: at, length: n, into: out + done) } else {
                    try file.source.read(offset: at, length: n, into: out + done)
                }
            }
            done += n
            position += UInt64(n)
        }
        return done
    }
}
