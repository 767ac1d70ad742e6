/// A marker of a composition: Avid's and Resolve's locators, stored as CommentMarker or
/// DescriptiveMarker events in the composition's event slots.
public struct AAFMarker: Sendable, Equatable {
    /// Position in `editRate` units from the slot's start.
    public var position: Int64
    public var length: Int64
    public var editRate: Ratio
    public var comment: String?
    /// "#RRGGBB" from Avid's and Resolve's CommentMarkerColor (16-bit channels, top byte).
    public var color: String?
    /// The user who placed it (CommentMarkerUser), when the file says.
    public var user: String?
    /// SlotIDs of the tracks the marker is on (DescribedSlots); empty for the whole sequence.
    public var describedSlots: [Int64]
}

extension CompositionReader {
    /// Every marker in the composition's event slots, in slot then position order.
    func markers(of mob: AAFObject) throws -> [AAFMarker] {
        var out: [AAFMarker] = []
        let colorPID = file.store.extensionPID(named: "CommentMarkerColor")
        let userPIDs = ["CommentMarkerUser", "CommentMarkerUSer"].compactMap { file.store.extensionPID(named: $0) }
        for slot in try mob.slots() where slot.isA(.eventMobSlot) {
            guard let rate = slot.slotEditRate, let seg = try slot.slotSegment() else { continue }
            let events = seg.isA(.sequence) ? try seg.strongReferences(PID.sequenceComponents) : [seg]
            for e in events where e.isA(.commentMarker) {
                out.append(AAFMarker(position: e.integer(PID.eventPosition, signed: true) ?? 0, length: e.componentLength,
                                     editRate: rate, comment: e.string(PID.eventComment),
                                     color: colorPID.flatMap { AAFMarker.hexColor(e.data($0)) },
                                     user: userPIDs.lazy.compactMap { e.string($0) }.first,
                                     describedSlots: AAFMarker.slotIDs(e.data(PID.descriptiveMarkerDescribedSlots))))
            }
        }
        return out
    }
}

extension AAFMarker {
    /// An RGBColor record (three 16-bit channels) as "#RRGGBB".
    static func hexColor(_ d: ArraySlice<UInt8>?) -> String? {
        guard let d, d.count == 6 else { return nil }
        let b = Array(d)
        return "#" + ValueDecoding.hex([b[1], b[3], b[5]], uppercase: true)
    }

    /// A set of UInt32 slot IDs.
    static func slotIDs(_ d: ArraySlice<UInt8>?) -> [Int64] {
        guard let d, d.count % 4 == 0 else { return [] }
        let b = Array(d)
        return stride(from: 0, to: b.count, by: 4).map { Int64(ValueDecoding.u32(b, $0)) }
    }
}
