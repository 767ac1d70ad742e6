/// The baseline AAF classes a reader meets, with their place in the class tree (AAF
/// Object Specification v1.1, and SMPTE ST 377 for the descriptors). Baseline class IDs
/// share one pattern, 0d010101-0101-NN00-060e-2b3402060101, so a class is its byte NN.
/// Extension classes (vendors') are resolved to their nearest baseline ancestor through
/// the file's MetaDictionary.
public enum AAFClass: UInt8, CaseIterable, Sendable {
    case interchangeObject = 0x01, component, segment, edgeCode, essenceGroup, event, gpiTrigger, commentMarker,
         filler, operationGroup, nestedScope, pulldown, scopeReference, selector, sequence, sourceReference,
         sourceClip, textClip, htmlClip, timecode, timecodeStream, timecodeStream12M, transition, contentStorage,
         controlPoint, definitionObject, dataDefinition, operationDefinition, parameterDefinition,
         pluginDefinition, codecDefinition, containerDefinition, interpolationDefinition, dictionary, essenceData,
         essenceDescriptor, fileDescriptor, aifcDescriptor, digitalImageDescriptor, cdciDescriptor,
         rgbaDescriptor, htmlDescriptor, tiffDescriptor, waveDescriptor, filmDescriptor, tapeDescriptor, header,
         identification, locator, networkLocator, textLocator, mob, compositionMob, masterMob, sourceMob,
         mobSlot, eventMobSlot, staticMobSlot, timelineMobSlot, parameter, constantValue, varyingValue,
         taggedValue, klvData, descriptiveMarker, soundDescriptor, dataEssenceDescriptor, multipleDescriptor,
         descriptiveClip
    case aes3PCMDescriptor = 0x47, pcmDescriptor, physicalDescriptor, importDescriptor, recordingDescriptor,
         taggedValueDefinition, klvDataDefinition, auxiliaryDescriptor, riffChunk, bwfImportDescriptor,
         mpegVideoDescriptor
    case subDescriptor = 0x59
    case mpegAudioDescriptor = 0x5E

    /// The baseline class of a stored class ID, when it is one.
    init?(id: AUID) {
        let b = withUnsafeBytes(of: id.bytes) { Array($0) }
        let prefix: [UInt8] = [0x01, 0x01, 0x01, 0x0D, 0x01, 0x01, 0x00]
        let suffix: [UInt8] = [0x06, 0x0E, 0x2B, 0x34, 0x02, 0x06, 0x01, 0x01]
        guard Array(b[0..<7]) == prefix, Array(b[8..<16]) == suffix else { return nil }
        self.init(rawValue: b[7])
    }

    public var parent: AAFClass? {
        switch self {
        case .interchangeObject: return nil
        case .component, .contentStorage, .controlPoint, .definitionObject, .dictionary, .essenceData,
             .essenceDescriptor, .header, .identification, .locator, .mob, .mobSlot, .parameter, .taggedValue,
             .klvData, .riffChunk, .subDescriptor:
            return .interchangeObject
        case .segment, .transition: return .component
        case .edgeCode, .essenceGroup, .event, .filler, .operationGroup, .nestedScope, .pulldown, .scopeReference,
             .selector, .sequence, .sourceReference, .timecode, .timecodeStream:
            return .segment
        case .gpiTrigger, .commentMarker: return .event
        case .descriptiveMarker: return .commentMarker
        case .sourceClip, .textClip: return .sourceReference
        case .htmlClip: return .textClip
        case .descriptiveClip: return .sourceClip
        case .timecodeStream12M: return .timecodeStream
        case .dataDefinition, .operationDefinition, .parameterDefinition, .pluginDefinition, .codecDefinition,
             .containerDefinition, .interpolationDefinition, .taggedValueDefinition, .klvDataDefinition:
            return .definitionObject
        case .fileDescriptor, .filmDescriptor, .tapeDescriptor, .physicalDescriptor: return .essenceDescriptor
        case .aifcDescriptor, .digitalImageDescriptor, .htmlDescriptor, .tiffDescriptor, .waveDescriptor,
             .soundDescriptor, .dataEssenceDescriptor, .multipleDescriptor:
            return .fileDescriptor
        case .cdciDescriptor, .rgbaDescriptor: return .digitalImageDescriptor
        case .mpegVideoDescriptor: return .cdciDescriptor
        case .pcmDescriptor, .mpegAudioDescriptor: return .soundDescriptor
        case .aes3PCMDescriptor: return .pcmDescriptor
        case .importDescriptor, .recordingDescriptor, .auxiliaryDescriptor: return .physicalDescriptor
        case .bwfImportDescriptor: return .importDescriptor
        case .networkLocator, .textLocator: return .locator
        case .compositionMob, .masterMob, .sourceMob: return .mob
        case .eventMobSlot, .staticMobSlot, .timelineMobSlot: return .mobSlot
        case .constantValue, .varyingValue: return .parameter
        }
    }

    /// True when this class is `c` or derives from it.
    public func isA(_ c: AAFClass) -> Bool {
        var k: AAFClass? = self
        while let x = k {
            if x == c { return true }
            k = x.parent
        }
        return false
    }

    /// The class name as the specification spells it ("SourceClip", "WAVEDescriptor").
    public var name: String {
        let special: [AAFClass: String] = [
            .gpiTrigger: "GPITrigger", .htmlClip: "HTMLClip", .timecodeStream12M: "TimecodeStream12M",
            .aifcDescriptor: "AIFCDescriptor", .cdciDescriptor: "CDCIDescriptor", .rgbaDescriptor: "RGBADescriptor",
            .htmlDescriptor: "HTMLDescriptor", .tiffDescriptor: "TIFFDescriptor", .waveDescriptor: "WAVEDescriptor",
            .klvData: "KLVData", .aes3PCMDescriptor: "AES3PCMDescriptor", .pcmDescriptor: "PCMDescriptor",
            .klvDataDefinition: "KLVDataDefinition", .riffChunk: "RIFFChunk", .bwfImportDescriptor: "BWFImportDescriptor",
            .mpegVideoDescriptor: "MPEGVideoDescriptor", .mpegAudioDescriptor: "MPEGAudioDescriptor",
        ]
        if let s = special[self] { return s }
        let raw = String(describing: self)
        return raw.prefix(1).uppercased() + raw.dropFirst()
    }
}
