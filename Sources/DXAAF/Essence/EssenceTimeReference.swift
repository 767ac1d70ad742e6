extension AAFFile {
    /// Sets the essence's BWF TimeReference from the source timecode behind its file mob.
    ///
    /// The file mob's first sound slot (else its first timed slot that is not timecode) is
    /// followed at position 0 through ``SourceChain`` to the first tape, import, film or
    /// recording SourceMob, as `list` follows a clip. There the first sample of the essence
    /// sits at the clip's StartTime, converted exactly into that mob's slot rate; the mob's
    /// timecode track says which timecode its position 0 has. So, in seconds since
    /// 00:00:00:00,
    ///
    ///     t = timecode start frames ÷ timecode edit rate + StartTime ÷ slot edit rate
    ///
    /// and TimeReference = floor(t × sample rate): exact rationals, one floor at the end (a
    /// StartTime between timecode frames keeps its samples; `list`'s source timecode labels
    /// floor to whole frames instead). A 29.97 timecode counts its frames at 30000/1001, so
    /// the result is real time, as BWF wants. No origin mob, no timecode track, a value
    /// before 00:00:00:00 or one too large to hold: TimeReference 0 and a warning.
    func sourceTimeReference(of fileMob: AAFObject, sampleRate: Ratio, into e: inout EmbeddedEssence) throws {
        func none(_ why: String) {
            e.timeReference = 0
            e.warnings.append("no source timecode (\(why)): TimeReference 0")
        }
        let timed = try fileMob.slots().filter { $0.slotEditRate != nil }
        var chosen: AAFObject?
        for s in timed {
            guard let seg = try s.slotSegment(), let kind = dataKind(of: seg) else { continue }
            if kind.isSound { chosen = s; break }
            if chosen == nil, !kind.isTimecode { chosen = s }
        }
        guard let slot = chosen, let rate = slot.slotEditRate else { return none("the file mob has no sound slot") }
        var notes: [String] = []
        var operations: [AAFOperation] = []
        let chain = SourceChain(file: self, embedded: [])
        guard let (clip, _) = try chain.findClip(try slot.slotSegment(), at: .zero, length: Ratio(1), notes: &notes,
                                                operations: &operations),
              clip.sourceID.map({ !$0.isNull }) == true else {
            return none("the file mob's slot \(slot.slotID ?? 0) does not lead to a source mob")
        }
        let source = try chain.resolve(clip, rate: rate, offset: .zero)
        guard let origin = source.origin else { return none("no tape or import source mob behind the file mob") }
        let who = "\(origin.kind) mob \"\(origin.reel ?? "")\""
        guard let tc = origin.timecode else { return none("\(who) has no timecode track") }
        guard let tcStart = Ratio(tc.start) / tc.editRate, let offset = origin.start / origin.editRate,
              let seconds = tcStart + offset, let samples = seconds * sampleRate else {
            return none("\(who): the position is too large to convert")
        }
        guard samples.num >= 0 else { return none("\(who): the essence starts before 00:00:00:00") }
        e.timeReference = UInt64(samples.floor)
        let label = AAFTimecodeLabel.string(frames: tc.start, fps: tc.fps, drop: tc.drop) ?? "\(tc.start) frames"
        e.timeReferenceSource = "\(who): timecode \(label) at \(tc.editRate) + StartTime \(origin.start) at \(origin.editRate)"
    }
}
