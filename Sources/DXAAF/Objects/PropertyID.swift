/// Local identifiers (pids) of the baseline properties the reader uses. They are fixed
/// by the AAF object specification; only extension properties (0x8000 and above) vary by
/// file and are found through the MetaDictionary.
enum PID {
    // Root object
    static let rootMetaDictionary: UInt16 = 0x0001
    static let rootHeader: UInt16 = 0x0002
    // MetaDictionary and its definitions
    static let metaClassDefinitions: UInt16 = 0x0003
    static let metaIdentification: UInt16 = 0x0005
    static let metaName: UInt16 = 0x0006
    static let classParent: UInt16 = 0x0008
    static let classProperties: UInt16 = 0x0009
    static let propertyLocalID: UInt16 = 0x000D
    // Header, ContentStorage, Dictionary, Identification
    static let headerContent: UInt16 = 0x3B03
    static let headerDictionary: UInt16 = 0x3B04
    static let headerIdentificationList: UInt16 = 0x3B06
    static let contentMobs: UInt16 = 0x1901
    static let contentEssenceData: UInt16 = 0x1902
    static let dictionaryOperationDefinitions: UInt16 = 0x2603
    static let dictionaryParameterDefinitions: UInt16 = 0x2604
    static let dictionaryDataDefinitions: UInt16 = 0x2605
    static let dictionaryContainerDefinitions: UInt16 = 0x2608
    static let dictionaryInterpolationDefinitions: UInt16 = 0x2609
    static let definitionIdentification: UInt16 = 0x1B01
    static let definitionName: UInt16 = 0x1B02
    static let identificationCompany: UInt16 = 0x3C01
    static let identificationProduct: UInt16 = 0x3C02
    static let identificationVersionString: UInt16 = 0x3C04
    static let identificationPlatform: UInt16 = 0x3C08
    // Components
    static let componentDataDefinition: UInt16 = 0x0201
    static let componentLength: UInt16 = 0x0202
    static let componentUserComments: UInt16 = 0x0204
    static let sequenceComponents: UInt16 = 0x1001
    static let sourceID: UInt16 = 0x1101
    static let sourceMobSlotID: UInt16 = 0x1102
    static let sourceClipStartTime: UInt16 = 0x1201
    static let operationGroupOperation: UInt16 = 0x0B01
    static let operationGroupInputSegments: UInt16 = 0x0B02
    static let operationGroupParameters: UInt16 = 0x0B03
    static let transitionOperationGroup: UInt16 = 0x1801
    static let transitionCutPoint: UInt16 = 0x1802
    static let selectorSelected: UInt16 = 0x0F01
    static let selectorAlternates: UInt16 = 0x0F02
    static let essenceGroupChoices: UInt16 = 0x0501
    static let nestedScopeSlots: UInt16 = 0x0C01
    static let pulldownInputSegment: UInt16 = 0x0D01
    static let timecodeStart: UInt16 = 0x1501
    static let timecodeFPS: UInt16 = 0x1502
    static let timecodeDrop: UInt16 = 0x1503
    static let commentMarkerAnnotation: UInt16 = 0x0901
    static let eventPosition: UInt16 = 0x0601
    static let eventComment: UInt16 = 0x0602
    static let descriptiveMarkerDescribedSlots: UInt16 = 0x6102
    // Parameters
    static let parameterDefinition: UInt16 = 0x4C01
    static let constantValueValue: UInt16 = 0x4D01
    static let varyingValueInterpolation: UInt16 = 0x4E01
    static let varyingValuePointList: UInt16 = 0x4E02
    static let controlPointValue: UInt16 = 0x1A02
    static let controlPointTime: UInt16 = 0x1A03
    static let taggedValueName: UInt16 = 0x5001
    static let taggedValueValue: UInt16 = 0x5003
    // Mobs and slots
    static let mobID: UInt16 = 0x4401
    static let mobName: UInt16 = 0x4402
    static let mobSlots: UInt16 = 0x4403
    static let mobUserComments: UInt16 = 0x4406
    static let mobUsageCode: UInt16 = 0x4408
    static let slotID: UInt16 = 0x4801
    static let slotName: UInt16 = 0x4802
    static let slotSegment: UInt16 = 0x4803
    static let slotPhysicalTrackNumber: UInt16 = 0x4804
    static let timelineSlotEditRate: UInt16 = 0x4B01
    static let timelineSlotOrigin: UInt16 = 0x4B02
    static let eventSlotEditRate: UInt16 = 0x4901
    static let sourceMobEssenceDescription: UInt16 = 0x4701
    // Descriptors and locators
    static let descriptorLocator: UInt16 = 0x2F01
    static let fileSampleRate: UInt16 = 0x3001
    static let fileLength: UInt16 = 0x3002
    static let fileContainerFormat: UInt16 = 0x3004
    static let fileLinkedSlotID: UInt16 = 0x3006
    static let soundQuantizationBits: UInt16 = 0x3D01
    static let soundAudioSamplingRate: UInt16 = 0x3D03
    static let soundChannels: UInt16 = 0x3D07
    static let aifcSummary: UInt16 = 0x3101
    static let waveSummary: UInt16 = 0x3801
    static let multipleFileDescriptors: UInt16 = 0x3F01
    static let networkLocatorURL: UInt16 = 0x4001
    static let textLocatorName: UInt16 = 0x4101
    // Essence data
    static let essenceDataMobID: UInt16 = 0x2701
    static let essenceDataData: UInt16 = 0x2702
}

/// Well-known definition identifiers: data kinds, usage codes, and the baseline names of
/// operation and parameter definitions a file may leave unnamed.
public enum AAFDefinitions {
    public enum DataKind: String, Sendable {
        case picture = "Picture", sound = "Sound", timecode = "Timecode", legacyPicture = "LegacyPicture",
             legacySound = "LegacySound", legacyTimecode = "LegacyTimecode", edgecode = "Edgecode",
             descriptiveMetadata = "DescriptiveMetadata", auxiliary = "Auxiliary", data = "Data",
             matte = "Matte", pictureWithMatte = "PictureWithMatte", unknown = "Unknown"

        public var isSound: Bool { self == .sound || self == .legacySound }
        public var isTimecode: Bool { self == .timecode || self == .legacyTimecode }
        public var isPicture: Bool { self == .picture || self == .legacyPicture || self == .pictureWithMatte }
    }

    static let dataKinds: [AUID: DataKind] = [
        AUID("01030202-0100-0000-060e-2b3404010101"): .picture,
        AUID("01030202-0200-0000-060e-2b3404010101"): .sound,
        AUID("01030201-0100-0000-060e-2b3404010101"): .timecode,
        AUID("6f3c8ce1-6cef-11d2-807d-006008143e6f"): .legacyPicture,
        AUID("78e1ebe1-6cef-11d2-807d-006008143e6f"): .legacySound,
        AUID("7f275e81-77e5-11d2-807f-006008143e6f"): .legacyTimecode,
        AUID("d2bb2af0-d234-11d2-89ee-006097116212"): .edgecode,
        AUID("01030201-1000-0000-060e-2b3404010101"): .descriptiveMetadata,
        AUID("01030203-0100-0000-060e-2b3404010105"): .auxiliary,
        AUID("01030202-0300-0000-060e-2b3404010101"): .data,
        AUID("05cba731-1daa-11d3-80ad-006008143e6f"): .matte,
        AUID("05cba732-1daa-11d3-80ad-006008143e6f"): .pictureWithMatte,
        AUID("851419d0-2e4f-11d3-8a5b-0050040ef7d2"): .unknown,
    ]

    static let usageTopLevel = AUID("0d010102-0101-0700-060e-2b3404010101")

    /// ParameterDef_Amplitude: a gain on any vendor's audio operation.
    static let amplitude = AUID("e4962321-2267-11d3-8a4c-0050040ef7d2")
    static let speedRatio = AUID("72559a80-24d7-11d3-8a50-0050040ef7d2")

    /// Baseline names for definitions a file leaves unnamed (Pro Tools' gain operation).
    static let baselineNames: [AUID: String] = [
        AUID("9d2ea894-0968-11d3-8a38-0050040ef7d2"): "OperationDef_MonoAudioGain",
        AUID("9d2ea893-0968-11d3-8a38-0050040ef7d2"): "OperationDef_MonoAudioPan",
        AUID("0c3bea41-fc05-11d2-8a29-0050040ef7d2"): "OperationDef_MonoAudioDissolve",
        AUID("2311bd90-b5da-4285-aa3a-8552848779b3"): "OperationDef_TwoParameterMonoAudioDissolve",
        AUID("0c3bea42-fc05-11d2-8a29-0050040ef7d2"): "OperationDef_StereoAudioDissolve",
        AUID("9d2ea895-0968-11d3-8a38-0050040ef7d2"): "OperationDef_StereoAudioGain",
        AUID("8d896ad0-2261-11d3-8a4c-0050040ef7d2"): "OperationDef_MonoAudioMixdown",
        AUID("1575e350-fca3-11d2-8a2a-0050040ef7d2"): "OperationDef_Unknown",
        AUID("e4962320-2267-11d3-8a4c-0050040ef7d2"): "ParameterDef_Level",
        AUID("e4962321-2267-11d3-8a4c-0050040ef7d2"): "ParameterDef_Amplitude",
        AUID("e4962322-2267-11d3-8a4c-0050040ef7d2"): "ParameterDef_Pan",
        AUID("72559a80-24d7-11d3-8a50-0050040ef7d2"): "ParameterDef_SpeedRatio",
        AUID("9e610007-1be2-41e1-bb11-c95de9964d03"): "ParameterDef_OutgoingLevel",
        AUID("48cea642-a8f9-455b-82b3-86c814b797c7"): "ParameterDef_IncomingLevel",
    ]
}
