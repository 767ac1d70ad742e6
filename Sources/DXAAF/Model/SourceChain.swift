/// Follows a composition's SourceClip down its chain of mobs — usually MasterMob → file
/// SourceMob (WAVE, AIFC, PCM, MXF) → tape or import SourceMob — converting the clip's
/// start and length exactly into each referenced slot's edit rate.
struct SourceChain {
    let file: AAFFile
    /// Mob IDs with embedded essence.
    let embedded: Set<MobID>

    /// One mob reached: the mob, its slot, the clip's position there, its descriptor.
    struct Hop {
        var mob: AAFObject
        var slot: AAFObject?
        var start: Ratio
        var length: Ratio
        var descriptor: AAFObject?
        var rate: Ratio
    }

    static let maxHops = 16

    /// `rate`: the rate the clip's StartTime and Length are in; `offset`: where it starts in the row.
    func resolve(_ clip: AAFObject, rate: Ratio, offset: Ratio) throws -> AAFSource {
        var src = AAFSource(channel: 0, offset: offset, start: clip.sourceClipStart, length: clip.componentLength,
                            rate: rate, chain: [], chainEnd: "", master: nil, file: nil, origin: nil,
                            originalPath: nil, originalPathFrom: nil, notes: [])
        var hops: [Hop] = []
        var pos = Ratio(clip.sourceClipStart), length = Ratio(clip.componentLength)
        var current = clip, currentRate = rate
        for step in 0...SourceChain.maxHops {
            if step == SourceChain.maxHops {
                src.notes.append("chain longer than \(SourceChain.maxHops) hops")
                src.chainEnd = "unresolved"
                break
            }
            guard let id = current.sourceID, !id.isNull else {
                src.chainEnd = hops.isEmpty ? "null_source_id" : "original"
                break
            }
            guard let mob = file.mob(id) else {
                src.notes.append("mob \(id) is not in this file")
                src.chainEnd = "external_mob"
                break
            }
            var slot = try mob.slot(id: current.sourceSlotID)
            var slotRate = slot?.slotEditRate
            if slotRate == nil {
                src.notes.append("slot \(current.sourceSlotID.map(String.init) ?? "none") of mob \"\(mob.mobName ?? "")\" is missing or has no edit rate; position kept in the referencing slot's edit rate")
                src.chainEnd = "missing_slot"
                slot = nil
                slotRate = currentRate
            }
            guard let r = slotRate, let scale = r / currentRate, let p = pos * scale, let l = length * scale else {
                throw AAFError(.malformed, "source position out of range", path: current.path)
            }
            pos = p
            length = l
            let descriptor = mob.isA(.sourceMob) ? try mob.strongReference(PID.sourceMobEssenceDescription) : nil
            hops.append(Hop(mob: mob, slot: slot, start: pos, length: length, descriptor: descriptor, rate: r))
            src.chain.append(AAFChainHop(mobClass: mob.className, name: mob.mobName, mobID: mob.mobID(PID.mobID),
                                         slotID: slot?.slotID, physicalTrackNumber: slot?.physicalTrackNumber,
                                         editRate: r, start: pos, length: length, descriptorClass: descriptor?.className))
            guard let slot else { break }
            let segment = try slot.slotSegment()
            if let segment, let end = pos + length, Ratio(segment.componentLength) < end, let over = end - Ratio(segment.componentLength) {
                src.notes.append("clip runs \(over) edit units past the end of slot \(slot.slotID ?? 0) of \"\(mob.mobName ?? "")\"")
            }
            var chainOps: [AAFOperation] = []
            guard let (next, into) = try findClip(segment, at: pos, length: length, notes: &src.notes, operations: &chainOps),
                  let start = Ratio(next.sourceClipStart) + into else {
                src.chainEnd = "unresolved"
                break
            }
            pos = start
            current = next
            currentRate = r
        }
        if src.chainEnd == "null_source_id" { src.notes.append("the composition SourceClip has a null SourceID") }
        try classify(&src, hops: hops)
        return src
    }

    /// The SourceClip under position `p` of a referenced slot's segment, and the offset into it.
    func findClip(_ start: AAFObject?, at p: Ratio, length: Ratio, notes: inout [String],
                  operations: inout [AAFOperation]) throws -> (AAFObject, Ratio)? {
        var seg = start, p = p
        for _ in 0..<256 {
            guard let s = seg else {
                notes.append("referenced slot has no segment")
                return nil
            }
            if s.isA(.sourceClip) { return (s, p) }
            if s.isA(.sequence) {
                var pos = Ratio.zero
                var hit: (AAFObject, Ratio)?
                for c in try s.strongReferences(PID.sequenceComponents) {
                    let len = Ratio(c.componentLength)
                    if c.isA(.transition) {
                        pos = (pos - len) ?? pos
                        continue
                    }
                    if pos <= p, let end = pos + len, p < end {
                        hit = (c, pos)
                        break
                    }
                    pos = (pos + len) ?? pos
                }
                guard let (c, at) = hit else {
                    notes.append("position \(p) is outside the referenced sequence")
                    return nil
                }
                if let a = p + length, let b = at + Ratio(c.componentLength), b < a {
                    notes.append("clip spans several components of a referenced sequence; only the first is followed")
                }
                seg = c
                p = (p - at) ?? .zero
            } else if s.isA(.operationGroup) {
                operations.append(try file.operation(s))
                guard let first = try s.strongReferences(PID.operationGroupInputSegments).first else {
                    notes.append("operation group without input segments")
                    return nil
                }
                seg = first
            } else if s.isA(.selector) {
                seg = try s.strongReference(PID.selectorSelected)
            } else if s.isA(.nestedScope) {
                seg = try s.strongReferences(PID.nestedScopeSlots).last
            } else if s.isA(.essenceGroup) {
                notes.append("EssenceGroup: first choice followed")
                seg = try s.strongReferences(PID.essenceGroupChoices).first
            } else if s.isA(.filler) {
                notes.append("referenced slot holds Filler at this position")
                return nil
            } else {
                notes.append("\(s.className) in a referenced slot is not followed")
                return nil
            }
        }
        notes.append("segments nested too deep")
        return nil
    }
}
