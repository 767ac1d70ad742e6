/// Reads an AAF file's top-level compositions: each audio track in slot order, each of
/// its items that has a SourceClip below it as one ``AAFClip`` (a multichannel clip is one
/// clip with several sources), its transitions and fades, and every source followed down
/// its chain.
public struct CompositionReader {
    public let file: AAFFile
    let chain: SourceChain
    /// Nesting allowed inside one track item (operation groups, sequences, selectors).
    static let maxDepth = 64

    public init(file: AAFFile) {
        self.file = file
        chain = SourceChain(file: file, embedded: Set(file.essenceData.compactMap { $0.mobID(PID.essenceDataMobID) }))
    }

    /// The top-level compositions: CompositionMobs whose UsageCode is TopLevel; when none
    /// is, those no other composition references.
    public func topLevel() throws -> [(mob: AAFObject, selectedAs: String)] {
        let compositions = file.mobs.filter { $0.isA(.compositionMob) }
        let marked = compositions.filter { $0.auid(PID.mobUsageCode) == AAFDefinitions.usageTopLevel }
        if !marked.isEmpty { return marked.map { ($0, "usage_toplevel") } }
        var referenced = Set<MobID>()
        for m in compositions {
            for s in try m.slots() {
                if let seg = try s.slotSegment() { try collectReferences(seg, into: &referenced, depth: 0) }
            }
        }
        return compositions.filter { m in m.mobID(PID.mobID).map { !referenced.contains($0) } ?? true }
            .map { ($0, "unreferenced") }
    }

    private func collectReferences(_ seg: AAFObject, into out: inout Set<MobID>, depth: Int) throws {
        guard depth < CompositionReader.maxDepth else { return }
        if seg.isA(.sourceClip), let id = seg.sourceID { out.insert(id) }
        for pid in [PID.sequenceComponents, PID.operationGroupInputSegments, PID.essenceGroupChoices] {
            for x in try seg.strongReferences(pid) { try collectReferences(x, into: &out, depth: depth + 1) }
        }
        for s in try seg.strongReferences(PID.nestedScopeSlots) {
            try collectReferences(s, into: &out, depth: depth + 1)
        }
        for pid in [PID.slotSegment, PID.pulldownInputSegment, PID.selectorSelected, PID.transitionOperationGroup] {
            if let x = try seg.strongReference(pid) { try collectReferences(x, into: &out, depth: depth + 1) }
        }
    }

    /// Reads one composition.
    public func composition(_ mob: AAFObject, selectedAs: String) throws -> AAFComposition {
        var notes: [String] = []
        var timed: [(slot: AAFObject, segment: AAFObject?, kind: AAFDefinitions.DataKind?)] = []
        for s in try mob.slots() where s.slotEditRate != nil {
            let seg = try s.slotSegment()
            timed.append((s, seg, seg.flatMap { file.dataKind(of: $0) }))
        }
        let tc = try file.timecodeTrack(of: mob)
        if let tc, tc.drop, tc.fps % 30 != 0 { notes.append("drop-frame flag on a \(tc.fps) fps timecode ignored") }
        if tc == nil { notes.append("no timecode track: record times are counted from 00:00:00:00") }
        let base = tc?.editRate ?? timed.first { $0.kind?.isPicture == true }?.slot.slotEditRate
            ?? timed.first { $0.kind?.isSound == true }?.slot.slotEditRate
        var tracks: [AAFAudioTrack] = []
        for entry in timed where entry.kind?.isSound == true {
            tracks.append(try track(entry.slot, segment: entry.segment, label: "A\(tracks.count + 1)"))
        }
        return AAFComposition(name: mob.mobName, mobID: mob.mobID(PID.mobID), selectedAs: selectedAs, timecode: tc,
                              editRate: base, audioTracks: tracks, markers: try markers(of: mob),
                              notes: notes + tracks.flatMap(\.notes))
    }

    /// One audio track: its items in order, with transitions turned into fades where they
    /// meet Filler.
    func track(_ slot: AAFObject, segment: AAFObject?, label: String) throws -> AAFAudioTrack {
        let rate = slot.slotEditRate!
        var seg = segment
        var trackOps: [AAFOperation] = []
        // Operation groups wrapping the whole track (one input, a sequence): track-wide.
        while let s = seg, s.isA(.operationGroup) {
            let inputs = try s.strongReferences(PID.operationGroupInputSegments)
            guard inputs.count == 1, inputs[0].isA(.sequence) else { break }
            trackOps.append(try file.operation(s))
            seg = inputs[0]
        }
        let items: [AAFObject]
        if let s = seg, s.isA(.sequence) { items = try s.strongReferences(PID.sequenceComponents) } else { items = seg.map { [$0] } ?? [] }
        var clips: [AAFClip] = [], transitions: [AAFTransition] = [], notes: [String] = []
        var pos: Int64 = 0
        var previous: Int?  // index into clips of the item just before, when it was a clip
        var pending: AAFTransition?
        for c in items {
            let len = c.componentLength
            if c.isA(.transition) {
                pos = pos &- len
                let og = try c.strongReference(PID.transitionOperationGroup)
                pending = AAFTransition(position: pos, length: len, cutPoint: c.integer(PID.transitionCutPoint, signed: true),
                                        operation: try og.map { try file.operation($0).name } ?? nil,
                                        fromClip: previous.map { clips[$0].index }, toClip: nil)
                continue
            }
            var clip: AAFClip?
            if !c.isA(.filler) {
                clip = try row(c, position: pos, rate: rate, index: clips.count + 1)
                if let c = clip, c.sources.isEmpty {
                    // Not a clip (nothing below it plays a source); say so when the reader
                    // had to give up on something inside it rather than drop it silently.
                    if !c.notes.isEmpty { notes.append("\(label) at \(pos): \(c.notes.joined(separator: "; ")); not listed") }
                    clip = nil
                }
            }
            if var t = pending {
                t.toClip = clip?.index
                transitions.append(t)
                if clip != nil, previous == nil { clip!.fadeIn = t }
                if let p = previous, clip == nil { clips[p].fadeOut = t }
            }
            pending = nil
            if let clip {
                clips.append(clip)
                previous = clips.count - 1
            } else {
                previous = nil
            }
            pos = pos &+ len
        }
        if let t = pending {
            transitions.append(t)
            if let p = previous { clips[p].fadeOut = t }
        }
        return AAFAudioTrack(label: label, slotID: slot.slotID, physicalTrackNumber: slot.physicalTrackNumber,
                             name: slot.string(PID.slotName), editRate: rate, clips: clips, transitions: transitions,
                             trackOperations: trackOps, notes: notes)
    }

    /// One track item as a clip: its sources through every wrapper.
    func row(_ c: AAFObject, position: Int64, rate: Ratio, index: Int) throws -> AAFClip {
        var ops: [AAFOperation] = [], sources: [AAFSource] = [], notes: [String] = []
        try collectSources(c, rate: rate, trackRate: rate, offset: Ratio(position), ops: &ops, out: &sources, notes: &notes, depth: 0)
        for i in sources.indices { sources[i].channel = i + 1 }
        let first = sources.first?.chain.first
        let gains = ops.compactMap(\.gainDB)
        return AAFClip(index: index, recordIn: position, recordOut: position &+ c.componentLength,
                       clipName: first?.name, mobKind: first?.mobClass, sources: sources,
                       muted: ops.contains { $0.isMute }, gainDB: gains.isEmpty ? nil : AAFFile.sumDecibels(gains),
                       gainAutomation: ops.contains { $0.gainAutomation != nil }, operations: ops,
                       fadeIn: nil, fadeOut: nil, notes: notes)
    }

    /// Collects the SourceClips below one track item. Inside an Audio Warp the input runs
    /// at the track rate ÷ SpeedRatio (Avid's convention).
    func collectSources(_ seg: AAFObject?, rate: Ratio, trackRate: Ratio, offset: Ratio, ops: inout [AAFOperation],
                        out: inout [AAFSource], notes: inout [String], depth: Int) throws {
        guard let seg else { return }
        guard depth < CompositionReader.maxDepth else {
            notes.append("segments nested too deep")
            return
        }
        if seg.isA(.sourceClip) {
            out.append(try chain.resolve(seg, rate: rate, offset: offset))
        } else if seg.isA(.operationGroup) {
            let op = try file.operation(seg)
            ops.append(op)
            var inner = rate
            if op.name == "Audio Warp", let s = op.speedRatio, let r = rate / s { inner = r }
            for x in try seg.strongReferences(PID.operationGroupInputSegments) {
                try collectSources(x, rate: inner, trackRate: trackRate, offset: offset, ops: &ops, out: &out, notes: &notes, depth: depth + 1)
            }
        } else if seg.isA(.sequence) {
            var p = Ratio.zero
            for c in try seg.strongReferences(PID.sequenceComponents) {
                let len = Ratio(c.componentLength)
                if c.isA(.transition) {
                    p = (p - len) ?? p
                    continue
                }
                if !c.isA(.filler), let scaled = p * trackRate, let q = scaled / rate, let at = offset + q {
                    try collectSources(c, rate: rate, trackRate: trackRate, offset: at, ops: &ops, out: &out, notes: &notes, depth: depth + 1)
                }
                p = (p + len) ?? p
            }
        } else if seg.isA(.selector) {
            let before = out.count
            try collectSources(try seg.strongReference(PID.selectorSelected), rate: rate, trackRate: trackRate, offset: offset,
                               ops: &ops, out: &out, notes: &notes, depth: depth + 1)
            let alternates = try seg.strongReferences(PID.selectorAlternates)
            if out.count == before, !alternates.isEmpty {
                notes.append("Selector: Selected holds no SourceClip; sources are from Alternates")
                ops.append(AAFOperation(name: "Selector", id: nil, length: seg.componentLength, gainDB: nil,
                                        gainAutomation: nil, speedRatio: nil, isMute: true, parameters: []))
                for x in alternates {
                    try collectSources(x, rate: rate, trackRate: trackRate, offset: offset, ops: &ops, out: &out, notes: &notes, depth: depth + 1)
                }
            }
        } else if seg.isA(.nestedScope) {
            // A nested scope's result is its last slot (the others feed it through scope
            // references, which are not followed).
            try collectSources(try seg.strongReferences(PID.nestedScopeSlots).last, rate: rate, trackRate: trackRate,
                               offset: offset, ops: &ops, out: &out, notes: &notes, depth: depth + 1)
        } else if seg.isA(.essenceGroup) {
            notes.append("EssenceGroup: first choice used")
            try collectSources(try seg.strongReferences(PID.essenceGroupChoices).first, rate: rate, trackRate: trackRate,
                               offset: offset, ops: &ops, out: &out, notes: &notes, depth: depth + 1)
        } else if !seg.isA(.filler) {
            notes.append("\(seg.className) inside a track item is not followed")
        }
    }
}
