/// Reading mobs, slots and components: the properties every walk needs, named.
extension AAFObject {
    var mobName: String? { string(PID.mobName) }
    var slotID: Int64? { integer(PID.slotID) }
    var physicalTrackNumber: Int64? { integer(PID.slotPhysicalTrackNumber) }
    /// A timeline slot's or event slot's edit rate; nil for a static slot.
    var slotEditRate: Ratio? {
        if let r = rational(PID.timelineSlotEditRate), r.isPositive { return r }
        if let r = rational(PID.eventSlotEditRate), r.isPositive { return r }
        return nil
    }
    func slotSegment() throws -> AAFObject? { try strongReference(PID.slotSegment) }
    func slots() throws -> [AAFObject] { try strongReferences(PID.mobSlots) }
    /// Component length in its slot's edit units (0 when absent).
    var componentLength: Int64 { integer(PID.componentLength, signed: true) ?? 0 }
    var sourceClipStart: Int64 { integer(PID.sourceClipStartTime, signed: true) ?? 0 }
    var sourceID: MobID? { mobID(PID.sourceID) }
    var sourceSlotID: Int64? { integer(PID.sourceMobSlotID) }

    /// The slot with SlotID `id`.
    func slot(id: Int64?) throws -> AAFObject? {
        guard let id else { return nil }
        return try slots().first { $0.slotID == id }
    }

    /// The first Timecode component of a segment (itself, or the first one in a sequence).
    func firstTimecode() throws -> AAFObject? {
        if isA(.timecode) { return self }
        if isA(.sequence) { return try strongReferences(PID.sequenceComponents).first { $0.isA(.timecode) } }
        return nil
    }

    /// A Timecode component as start / fps / drop, in the slot rate `rate`.
    func timecodeValue(slotID: Int64?, rate: Ratio) -> AAFTimecode {
        AAFTimecode(slotID: slotID, editRate: rate, fps: Int(integer(PID.timecodeFPS) ?? 0),
                    drop: (integer(PID.timecodeDrop) ?? 0) != 0, start: integer(PID.timecodeStart, signed: true) ?? 0)
    }
}

extension AAFFile {
    /// A mob's timecode track: among its slots whose segment is timecode, the first with
    /// PhysicalTrackNumber 1 or none, else the first. Returns the slot and its Timecode.
    func timecodeTrack(of mob: AAFObject) throws -> AAFTimecode? {
        var candidates: [AAFObject] = []
        for s in try mob.slots() where s.slotEditRate != nil {
            if let seg = try s.slotSegment(), dataKind(of: seg)?.isTimecode == true { candidates.append(s) }
        }
        guard let slot = candidates.first(where: { $0.physicalTrackNumber == nil || $0.physicalTrackNumber == 1 })
                ?? candidates.first,
              let rate = slot.slotEditRate, let tc = try slot.slotSegment()?.firstTimecode() else { return nil }
        return tc.timecodeValue(slotID: slot.slotID, rate: rate)
    }

    /// The comments a mob carries (UserComments), values as text.
    func userComments(of mob: AAFObject) throws -> [(name: String, value: String)] {
        try mob.strongReferences(PID.mobUserComments).map {
            ($0.string(PID.taggedValueName) ?? "", $0.indirect(PID.taggedValueValue)?.text ?? "")
        }
    }

    /// The URL strings (network locators) or names (text locators) of a descriptor, as written.
    func locators(of descriptor: AAFObject) throws -> [String] {
        try descriptor.strongReferences(PID.descriptorLocator).compactMap {
            $0.has(PID.networkLocatorURL) ? $0.string(PID.networkLocatorURL) : $0.string(PID.textLocatorName)
        }
    }
}

/// SMPTE labels as AAF timecode components define them: a frame count, a nominal fps and
/// a drop flag (which skips 2/4/8 labels a minute at 30/60/120 fps, none in every tenth
/// minute); hours wrap at 24.
public enum AAFTimecodeLabel {
    public static func string(frames: Int64, fps: Int, drop: Bool) -> String? {
        guard fps > 0 else { return nil }
        let n = Int64(fps)
        var f = frames.magnitude > UInt64(Int64.max / 2) ? 0 : abs(frames)
        if drop && fps % 30 == 0 {
            let d = n / 30 * 2
            let per10 = n * 600 - 9 * d, per1 = n * 60 - d
            let tens = f / per10, rem = f % per10
            f += 9 * d * tens + (rem >= d ? d * ((rem - d) / per1) : 0)
        }
        let s = f / n, ff = f % n
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return (frames < 0 ? "-" : "") + "\(two(s / 3600 % 24)):\(two(s / 60 % 60)):\(two(s % 60))\(drop ? ";" : ":")\(two(ff))"
    }
}
