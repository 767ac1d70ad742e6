/// An opened AAF file: the Header's content storage (mobs by MobID, embedded essence),
/// its dictionary's definition names, and its identification list.
///
/// Opening reads only the directory, the MetaDictionary's extension classes and the
/// header objects; mobs and components are read as the composition walk reaches them.
public final class AAFFile {
    public let store: ObjectStore
    public let header: AAFObject
    /// Every mob in the content storage, in stored order.
    public let mobs: [AAFObject]
    private let mobsByID: [MobID: AAFObject]
    /// EssenceData objects (embedded essence), in stored order.
    public let essenceData: [AAFObject]
    /// Names of the operation, parameter, interpolation, container and data definitions
    /// the dictionary holds, by identification.
    private var definitionNames: [AUID: String] = [:]
    private var dataDefinitionNames: [AUID: String] = [:]

    public convenience init(path: String) throws {
        try self.init(cfb: CompoundFile(path: path))
    }

    public convenience init(bytes: [UInt8]) throws {
        try self.init(cfb: CompoundFile(source: ByteSource(bytes: bytes)))
    }

    public init(cfb: CompoundFile) throws {
        store = try ObjectStore(cfb: cfb)
        guard let h = try store.root().strongReference(PID.rootHeader) else {
            throw AAFError(.notAAF, "compound file without an AAF Header object (not an AAF file)", path: "/")
        }
        header = h
        let content = try header.strongReference(PID.headerContent)
        mobs = try content?.strongReferences(PID.contentMobs) ?? []
        var byID: [MobID: AAFObject] = [:]
        for m in mobs {
            if let id = m.mobID(PID.mobID), byID[id] == nil { byID[id] = m }
        }
        mobsByID = byID
        essenceData = try content?.strongReferences(PID.contentEssenceData) ?? []
        if let dict = try header.strongReference(PID.headerDictionary) {
            for pid in [PID.dictionaryOperationDefinitions, PID.dictionaryParameterDefinitions,
                        PID.dictionaryInterpolationDefinitions, PID.dictionaryContainerDefinitions] {
                for d in try dict.strongReferences(pid) {
                    if let id = d.auid(PID.definitionIdentification) { definitionNames[id] = d.string(PID.definitionName) ?? "" }
                }
            }
            for d in try dict.strongReferences(PID.dictionaryDataDefinitions) {
                if let id = d.auid(PID.definitionIdentification) { dataDefinitionNames[id] = d.string(PID.definitionName) ?? "" }
            }
        }
    }

    public func mob(_ id: MobID) -> AAFObject? { mobsByID[id] }

    /// A definition's name: the dictionary's, else the baseline name, else nil (unknown).
    public func definitionName(_ id: AUID) -> String? {
        if let n = definitionNames[id], !n.isEmpty { return n }
        return AAFDefinitions.baselineNames[id]
    }

    /// The data kind (Sound, Picture, Timecode…) of a component or slot segment.
    public func dataKind(of component: AAFObject) -> AAFDefinitions.DataKind? {
        guard let id = component.weakReferenceKey(PID.componentDataDefinition) else { return nil }
        if let k = AAFDefinitions.dataKinds[id] { return k }
        guard let name = dataDefinitionNames[id] else { return nil }
        let short = name.hasPrefix("DataDef_") ? String(name.dropFirst(8)) : name
        return AAFDefinitions.DataKind(rawValue: short) ?? .unknown
    }

    /// The IdentificationList entries: who wrote (and last modified) the file.
    public func identification() throws -> [(company: String?, product: String?, version: String?, platform: String?)] {
        try header.strongReferences(PID.headerIdentificationList).map {
            ($0.string(PID.identificationCompany), $0.string(PID.identificationProduct),
             $0.string(PID.identificationVersionString), $0.string(PID.identificationPlatform))
        }
    }
}
