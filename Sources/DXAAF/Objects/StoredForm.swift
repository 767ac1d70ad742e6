/// How a property's value is stored (the "stored form" in each entry of an object's
/// `properties` stream): inline data, or a reference to other storages and streams.
enum StoredForm: UInt16 {
    case data = 0x82
    case dataStream = 0x42
    case strongReference = 0x22
    case strongReferenceVector = 0x32
    case strongReferenceSet = 0x3A
    case weakReference = 0x02
    case weakReferenceVector = 0x12
    case weakReferenceSet = 0x1A
    case weakReferenceStoredObjectID = 0x03
    case uniqueObjectID = 0x86
    case opaqueStream = 0x40
    /// Arrays and sets of fixed-size values stored inline (DescribedSlots).
    case dataVector = 0xD2
    case dataSet = 0xDA
}

/// The property table of one object, parsed from its `properties` stream: a 4-byte
/// header (byte order 'L', version, entry count), then an (id, stored form, size) triple
/// per property, then the values back to back.
struct PropertyTable {
    struct Entry {
        var pid: UInt16
        var form: UInt16
        var range: Range<Int>
    }

    let bytes: [UInt8]
    let entries: [Entry]

    init(bytes: [UInt8], path: @autoclosure () -> String) throws {
        guard bytes.count >= 4 else {
            throw AAFError(.malformed, "properties stream of \(bytes.count) bytes is shorter than its 4-byte header", path: path())
        }
        guard bytes[0] == 0x4C else {
            throw AAFError(.malformed, "properties stream byte order 0x\(String(bytes[0], radix: 16)); only little-endian ('L') AAF is read",
                           path: path())
        }
        let count = Int(bytes[2]) | Int(bytes[3]) << 8
        guard 4 + 6 * count <= bytes.count else {
            throw AAFError(.malformed, "properties stream lists \(count) properties but holds \(bytes.count) bytes", path: path())
        }
        var list: [Entry] = []
        list.reserveCapacity(count)
        var at = 4 + 6 * count
        for k in 0..<count {
            let o = 4 + 6 * k
            let pid = UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8
            let form = UInt16(bytes[o + 2]) | UInt16(bytes[o + 3]) << 8
            let size = Int(bytes[o + 4]) | Int(bytes[o + 5]) << 8
            guard at + size <= bytes.count else {
                throw AAFError(.malformed, "property 0x\(String(pid, radix: 16)) runs past the end of its properties stream", path: path())
            }
            list.append(Entry(pid: pid, form: form, range: at..<(at + size)))
            at += size
        }
        self.bytes = bytes
        entries = list
    }

    func entry(_ pid: UInt16) -> Entry? {
        for e in entries where e.pid == pid { return e }
        return nil
    }
}
