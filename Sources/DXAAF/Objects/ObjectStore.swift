/// The object layer over a compound file: reads each object's property table once,
/// resolves its class (baseline, or an extension class through the MetaDictionary's
/// ClassDefinitions and their ParentClass links), and hands out ``AAFObject``s.
public final class ObjectStore {
    public let cfb: CompoundFile
    private var cache: [Int: AAFObject] = [:]
    /// The strong-reference property of its parent that holds each object reached so far.
    private var owners: [Int: UInt16] = [:]
    /// Extension classes met so far, from the MetaDictionary: id → (name, parent id).
    private var extensionClasses: [AUID: (name: String, parent: AUID?)] = [:]
    private var resolved: [AUID: AAFClass?] = [:]
    /// Extension property names by their local pid (≥ 0x8000), from the MetaDictionary.
    private var extensionPropertyNames: [UInt16: String] = [:]

    /// Whether the extension properties have been read (only when one is asked for).
    private var extensionPropertiesRead = false

    public init(cfb: CompoundFile) throws {
        self.cfb = cfb
    }

    /// The root object (directory entry 0): holds the MetaDictionary and the Header.
    public func root() throws -> AAFObject { try object(at: 0) }

    /// The object stored in directory entry `entry`.
    public func object(at entry: Int) throws -> AAFObject {
        if let o = cache[entry] { return o }
        guard entry >= 0, entry < cfb.entries.count else {
            throw AAFError(.malformed, "directory entry \(entry) does not exist")
        }
        guard let propsEntry = cfb.child(named: "properties", of: entry) else {
            throw AAFError(.malformed, "object storage has no \"properties\" stream", path: cfb.path(of: entry))
        }
        let table = try PropertyTable(bytes: try cfb.read(stream: propsEntry), path: self.cfb.path(of: propsEntry))
        let o = AAFObject(store: self, entry: entry, table: table)
        cache[entry] = o
        return o
    }

    /// Records that strong-reference property `pid` of its parent holds the object in
    /// `entry`. A strong reference owns its object, so a storage named by two references
    /// (two properties, or one index listing it twice) is damage; allowed, it would turn
    /// the object tree into a graph the walks follow once per path, exponentially in the
    /// nesting depth: a small file that never finishes reading.
    func claim(_ entry: Int, pid: UInt16) throws {
        if let other = owners[entry], other != pid {
            let pids = "0x\(String(other, radix: 16)) and 0x\(String(pid, radix: 16))"
            throw AAFError(.malformed, "storage is named by two strong references (properties \(pids) of its parent)",
                           path: cfb.path(of: entry))
        }
        owners[entry] = pid
    }

    /// The nearest baseline class of a class id (nil for an unknown class with no known
    /// ancestor). An extension class is looked up in the MetaDictionary's ClassDefinitions
    /// by its id, then its ParentClass, until a baseline class is reached.
    public func baseClass(of id: AUID) -> AAFClass? {
        if let c = AAFClass(id: id) { return c }
        if let r = resolved[id] { return r }
        var k: AUID? = id
        var steps = 0
        var found: AAFClass?
        while let cur = k, steps < 64 {
            if let c = AAFClass(id: cur) { found = c; break }
            // A damaged MetaDictionary leaves the class unresolved (nil), which readers
            // treat as an unknown class; it does not stop the file being read.
            k = (try? extensionClass(cur))?.parent
            steps += 1
        }
        resolved[id] = found
        return found
    }

    /// An extension class's name and parent, read from its ClassDefinition on first use.
    private func extensionClass(_ id: AUID) throws -> (name: String, parent: AUID?)? {
        if let known = extensionClasses[id] { return known }
        guard let meta = try root().strongReference(PID.rootMetaDictionary),
              let def = try meta.strongReferenceSetElement(PID.metaClassDefinitions, key: id) else { return nil }
        let parent = def.weakReferenceKey(PID.classParent)
        let entry = (def.string(PID.metaName) ?? "", parent == id ? nil : parent)
        extensionClasses[id] = entry
        return entry
    }

    /// The declared name of an extension class.
    func className(of id: AUID) -> String? {
        if let c = AAFClass(id: id) { return c.name }
        return (try? extensionClass(id))??.name
    }

    /// Reads the extension properties the file declares (pid → name), once.
    private func readExtensionProperties() throws {
        guard let meta = try root().strongReference(PID.rootMetaDictionary) else { return }
        for classDef in try meta.strongReferences(PID.metaClassDefinitions) {
            for p in try classDef.strongReferences(PID.classProperties) {
                if let pid = p.integer(PID.propertyLocalID), pid >= 0x8000, pid <= 0xFFFF, let name = p.string(PID.metaName) {
                    extensionPropertyNames[UInt16(pid)] = name
                }
            }
        }
    }

    /// The pid of an extension property by name, e.g. a vendor's "_TRACK_FORMAT".
    public func extensionPID(named name: String) -> UInt16? {
        if !extensionPropertiesRead {
            extensionPropertiesRead = true
            try? readExtensionProperties()
        }
        return extensionPropertyNames.first { $0.value == name }?.key
    }
}
