/// One object of an AAF file: a storage of the compound file whose `properties` stream
/// holds its property values, and whose child storages hold the objects it owns
/// (strong references). The storage's class ID names its class.
///
/// Accessors return nil for an absent property or one stored in another form than
/// expected, and throw only when the file is damaged (a reference to a storage or index
/// stream that does not exist), so readers can treat optional properties as optional.
public final class AAFObject {
    unowned let store: ObjectStore
    /// Directory entry of the object's storage.
    public let entry: Int
    public let classID: AUID
    /// The nearest baseline class (extension classes resolved through the MetaDictionary,
    /// on first use: the MetaDictionary is itself read as objects).
    public lazy var baseClass: AAFClass? = store.baseClass(of: classID)
    let table: PropertyTable
    /// Strong-reference vectors and sets already resolved, by pid. The walks ask for the
    /// same sequence's components once per clip that references it; resolving them anew
    /// each time (index stream, element names, lookups) made 1500 clips into one
    /// 1500-item sequence take a minute to read.
    private var resolvedVectors: [UInt16: [AAFObject]] = [:]

    init(store: ObjectStore, entry: Int, table: PropertyTable) {
        self.store = store
        self.entry = entry
        classID = store.cfb.entries[entry].classID
        self.table = table
    }

    public var path: String { store.cfb.path(of: entry) }

    /// True when the object's class is `c` or derives from it.
    public func isA(_ c: AAFClass) -> Bool { baseClass?.isA(c) ?? false }

    /// The class's name: the baseline name, else the extension class's own name.
    public var className: String { store.className(of: classID) ?? baseClass?.name ?? classID.description }

    public func has(_ pid: UInt16) -> Bool { table.entry(pid) != nil }

    // MARK: inline data

    /// The raw bytes of a data property.
    public func data(_ pid: UInt16) -> ArraySlice<UInt8>? {
        guard let e = table.entry(pid), e.form == StoredForm.data.rawValue || e.form == StoredForm.dataVector.rawValue
                || e.form == StoredForm.dataSet.rawValue else { return nil }
        return table.bytes[e.range]
    }

    /// An unsigned or signed integer of 1, 2, 4 or 8 bytes (sign-extended when `signed`).
    public func integer(_ pid: UInt16, signed: Bool = false) -> Int64? {
        guard let d = data(pid) else { return nil }
        return ValueDecoding.integer(d, signed: signed)
    }

    public func rational(_ pid: UInt16) -> Ratio? {
        guard let d = data(pid) else { return nil }
        return ValueDecoding.rational(d)
    }

    public func string(_ pid: UInt16) -> String? {
        guard let d = data(pid) else { return nil }
        return ValueDecoding.utf16String(d)
    }

    public func auid(_ pid: UInt16) -> AUID? {
        guard let d = data(pid), d.count >= 16 else { return nil }
        return Array(d.prefix(16)).withUnsafeBytes { AUID(bytes: $0) }
    }

    public func mobID(_ pid: UInt16) -> MobID? {
        guard let d = data(pid), d.count >= 32 else { return nil }
        return Array(d.prefix(32)).withUnsafeBytes { MobID(bytes: $0) }
    }


    /// A value of indirect type (ConstantValue, TaggedValue, ControlPoint values).
    public func indirect(_ pid: UInt16) -> IndirectValue? {
        guard let d = data(pid) else { return nil }
        return IndirectValue(d)
    }

    // MARK: references

    /// The UTF-16 name a reference property stores (a child storage or index stream name).
    private func referenceName(_ pid: UInt16, form: StoredForm) -> String? {
        guard let e = table.entry(pid), e.form == form.rawValue else { return nil }
        return ValueDecoding.utf16String(table.bytes[e.range])
    }

    /// The object a strong reference owns.
    public func strongReference(_ pid: UInt16) throws -> AAFObject? {
        guard let name = referenceName(pid, form: .strongReference) else { return nil }
        guard let child = store.cfb.child(named: name, of: entry) else {
            throw AAFError(.malformed, "strong reference 0x\(String(pid, radix: 16)) names storage \"\(name)\", which does not exist", path: path)
        }
        try store.claim(child, pid: pid)
        return try store.object(at: child)
    }

    /// The objects of a strong-reference vector or set, in stored order.
    public func strongReferences(_ pid: UInt16) throws -> [AAFObject] {
        if let known = resolvedVectors[pid] { return known }
        guard let e = table.entry(pid) else { return [] }
        let isSet: Bool
        switch e.form {
        case StoredForm.strongReferenceVector.rawValue: isSet = false
        case StoredForm.strongReferenceSet.rawValue: isSet = true
        default: return []
        }
        let name = ValueDecoding.utf16String(table.bytes[e.range])
        guard let indexEntry = store.cfb.child(named: name + " index", of: entry) else {
            throw AAFError(.malformed, "index stream \"\(name) index\" of property 0x\(String(pid, radix: 16)) does not exist", path: path)
        }
        let keys = try ReferenceIndex.localKeys(try store.cfb.read(stream: indexEntry), isSet: isSet,
                                                path: store.cfb.path(of: indexEntry))
        let objects = try keys.map { key in
            let element = name + "{" + String(key, radix: 16) + "}"
            guard let child = store.cfb.child(named: element, of: entry) else {
                throw AAFError(.malformed, "element storage \"\(element)\" does not exist", path: path)
            }
            try store.claim(child, pid: pid)
            return try store.object(at: child)
        }
        resolvedVectors[pid] = objects
        return objects
    }

    /// The element of a strong-reference set whose key is `key` (sets of definitions are
    /// keyed by their AUID), found from the set's index without reading the others.
    public func strongReferenceSetElement(_ pid: UInt16, key: AUID) throws -> AAFObject? {
        guard let e = table.entry(pid), e.form == StoredForm.strongReferenceSet.rawValue else { return nil }
        let name = ValueDecoding.utf16String(table.bytes[e.range])
        guard let indexEntry = store.cfb.child(named: name + " index", of: entry) else {
            throw AAFError(.malformed, "index stream \"\(name) index\" of property 0x\(String(pid, radix: 16)) does not exist", path: path)
        }
        let bytes = try store.cfb.read(stream: indexEntry)
        guard let local = try ReferenceIndex.localKey(in: bytes, forKey: key, path: store.cfb.path(of: indexEntry)) else { return nil }
        let element = name + "{" + String(local, radix: 16) + "}"
        guard let child = store.cfb.child(named: element, of: entry) else {
            throw AAFError(.malformed, "element storage \"\(element)\" does not exist", path: path)
        }
        return try store.object(at: child)
    }

    /// The key (an AUID: a definition's identification) a weak reference holds.
    public func weakReferenceKey(_ pid: UInt16) -> AUID? {
        guard let e = table.entry(pid), e.form == StoredForm.weakReference.rawValue, e.range.count >= 5 + 16 else { return nil }
        let d = table.bytes[e.range]
        let size = Int(d[d.startIndex + 4])
        guard size == 16 else { return nil }
        return Array(d.dropFirst(5).prefix(16)).withUnsafeBytes { AUID(bytes: $0) }
    }

    /// The directory entry of a data-stream property's stream (embedded essence).
    public func streamEntry(_ pid: UInt16) throws -> Int? {
        guard let e = table.entry(pid), e.form == StoredForm.dataStream.rawValue, e.range.count >= 1 else { return nil }
        let name = ValueDecoding.utf16String(table.bytes[e.range].dropFirst())
        guard let s = store.cfb.child(named: name, of: entry) else {
            throw AAFError(.malformed, "stream \"\(name)\" of property 0x\(String(pid, radix: 16)) does not exist", path: path)
        }
        return s
    }
}

/// The index streams of reference vectors and sets.
enum ReferenceIndex {
    /// The local keys naming a strong vector's or set's element storages ("Name{key}").
    /// Vector: count, next free key, last free key, then a u32 key each. Set: the same
    /// header, key pid (u16) and key size (u8), then (local key, reference count, key) each.
    static func localKeys(_ b: [UInt8], isSet: Bool, path: String) throws -> [UInt32] {
        guard b.count >= 12 else { throw AAFError(.malformed, "index stream of \(b.count) bytes is shorter than its header", path: path) }
        let count = Int(ValueDecoding.u32(b, 0))
        var at = 12
        var stride = 4
        if isSet {
            guard b.count >= 15 else { throw AAFError(.malformed, "set index stream shorter than its header", path: path) }
            stride = 8 + Int(b[14])
            at = 15
        }
        guard count <= (b.count - at) / stride else {
            throw AAFError(.malformed, "index lists \(count) elements but holds room for \((b.count - at) / stride)", path: path)
        }
        let keys = (0..<count).map { ValueDecoding.u32(b, at + $0 * stride) }
        // One storage listed twice would be one object reached by two paths (see ObjectStore.claim).
        var seen = Set<UInt32>()
        for (n, key) in keys.enumerated() where !seen.insert(key).inserted {
            throw AAFError(.malformed, "index lists element key \(String(key, radix: 16)) twice (element \(n))", path: path)
        }
        return keys
    }

    /// The local key of the set element whose 16-byte key is `key`, from a set index.
    static func localKey(in b: [UInt8], forKey key: AUID, path: String) throws -> UInt32? {
        guard b.count >= 15 else { throw AAFError(.malformed, "set index stream shorter than its header", path: path) }
        let count = Int(ValueDecoding.u32(b, 0))
        let keySize = Int(b[14])
        let stride = 8 + keySize
        guard keySize == 16 else { return nil }
        guard count <= (b.count - 15) / stride else {
            throw AAFError(.malformed, "index lists \(count) elements but holds room for \((b.count - 15) / stride)", path: path)
        }
        let wanted = key.storedBytes
        for k in 0..<count {
            let at = 15 + k * stride
            if b[(at + 8)..<(at + 24)].elementsEqual(wanted) { return ValueDecoding.u32(b, at) }
        }
        return nil
    }
}
