extension AAFFile {
    /// Header bytes read to find a WAVE `data` or AIFC `SSND` chunk: 4 KiB first (every
    /// header seen is under 200 bytes), then more while the chunk is still not found, up to
    /// 1 MiB; only these bytes are held, never the samples.
    static let essenceHeaderSteps = [4096, 65536, 1 << 20]

    /// Every EssenceData object, in stored order, described for extraction
    /// (``EmbeddedEssence``). Reads the descriptors and each stream's header bytes only.
    /// Throws when the file is damaged (a stream or reference that does not exist); an
    /// essence that is merely not integer PCM comes back with `format` nil and a warning.
    public func embeddedEssences() throws -> [EmbeddedEssence] {
        try essenceData.map(describeEssence)
    }

    private func describeEssence(_ data: AAFObject) throws -> EmbeddedEssence {
        let id = data.mobID(PID.essenceDataMobID)
        let fileMob = id.flatMap { mob($0) }
        let descriptor = fileMob?.isA(.sourceMob) == true ? try fileMob?.strongReference(PID.sourceMobEssenceDescription) : nil
        let entry = try data.streamEntry(PID.essenceDataData)
        var e = EmbeddedEssence(mobID: id, mobName: fileMob?.mobName, descriptorClass: descriptor?.className,
                                streamPath: entry.map { store.cfb.path(of: $0) } ?? data.path, streamBytes: 0,
                                format: nil, sampleRate: nil, channels: 0, bits: 0, bytesPerSample: 0, bigEndian: false,
                                unsigned8: false, pcmOffset: 0, pcmBytes: 0, streamFrames: 0, statedFrames: nil, frames: 0,
                                timeReference: 0, timeReferenceSource: nil, warnings: [], streamEntry: entry)
        guard let entry else {
            e.warnings.append("the EssenceData has no Data stream")
            return e
        }
        if fileMob == nil { e.warnings.append("its mob \(id.map { $0.urn } ?? "(no MobID)") is not in the file") }
        var stream = try StreamReader(file: store.cfb, index: entry)
        e.streamBytes = stream.size
        let header = try readEssenceHeader(&stream)
        if header.format != nil {
            try describeContainer(header, into: &e)
        } else if let d = descriptor, d.has(PID.soundAudioSamplingRate) {
            var notes: [String] = []
            let f = try audioFormat(of: d, slotID: nil, notes: &notes)
            e.format = .pcm
            e.sampleRate = f.sampleRate
            setSampleLayout(channels: f.channels, bits: f.bits, into: &e)
            e.unsigned8 = e.bytesPerSample == 1
            e.pcmBytes = stream.size
        } else {
            e.warnings.append("the stream is neither a WAVE nor an AIFF/AIFC file, and no PCM descriptor describes it")
        }
        guard e.format != nil else { return e }
        guard let rate = e.sampleRate, rate.isPositive else {
            e.format = nil
            e.warnings.append("no sample rate")
            return e
        }
        e.streamFrames = Int64(e.pcmBytes / UInt64(e.blockAlign))
        let trailing = e.pcmBytes % UInt64(e.blockAlign)
        e.statedFrames = statedLength(descriptor, sampleRate: rate, warnings: &e.warnings)
        e.frames = e.streamFrames
        if let stated = e.statedFrames {
            if stated <= e.streamFrames {
                e.frames = stated
            } else {
                e.warnings.append("the descriptor states \(stated) frames but the stream holds \(e.streamFrames)"
                                  + (trailing > 0 ? " and \(trailing) bytes of a partial frame" : "")
                                  + "; \(e.streamFrames) written, none invented")
            }
        } else if trailing > 0 {
            e.warnings.append("the stream ends with \(trailing) bytes of a partial frame, left out")
        }
        if let fileMob {
            try sourceTimeReference(of: fileMob, sampleRate: rate, into: &e)
        } else {
            e.warnings.append("no source timecode: TimeReference 0")
        }
        return e
    }

    /// The stream's first bytes, enough for ``AudioHeader`` to find the sample chunk.
    private func readEssenceHeader(_ stream: inout StreamReader) throws -> AudioHeader {
        var bytes: [UInt8] = []
        var header = AudioHeader([])
        for step in AAFFile.essenceHeaderSteps {
            let want = Int(min(UInt64(step), stream.size))
            guard want > bytes.count else { break }
            var more = [UInt8](repeating: 0, count: want - bytes.count)
            let n = try more.withUnsafeMutableBytes { try stream.read(into: $0) }
            bytes += more.prefix(n)
            header = AudioHeader(bytes)
            if header.format == nil || header.dataOffset != nil { break }
        }
        return header
    }

    /// Format and sample range of a stream that is a whole WAVE or AIFF/AIFC file.
    private func describeContainer(_ h: AudioHeader, into e: inout EmbeddedEssence) throws {
        e.format = h.format == "WAVE" ? .wave : .aifc
        e.sampleRate = h.sampleRate
        setSampleLayout(channels: h.channels, bits: h.bits, into: &e)
        e.bigEndian = h.bigEndian
        e.unsigned8 = e.format == .wave && e.bytesPerSample == 1
        let kind = e.format!.rawValue
        if let tag = h.formatTag, tag != 1 {
            e.format = nil
            e.warnings.append("WAVE format tag \(tag) is not integer PCM (1); not extracted")
        }
        if let c = h.compression, !["NONE", "twos", "sowt"].contains(c) {
            e.format = nil
            e.warnings.append("AIFC compression \"\(c)\" is not integer PCM; not extracted")
        }
        guard let offset = h.dataOffset, let declared = h.dataDeclaredSize else {
            e.format = nil
            e.warnings.append("no \(kind == "WAVE" ? "data" : "SSND") chunk in the stream's first \(min(e.streamBytes, UInt64(AAFFile.essenceHeaderSteps.last!))) bytes")
            return
        }
        e.pcmOffset = UInt64(offset)
        let held = e.streamBytes > e.pcmOffset ? e.streamBytes - e.pcmOffset : 0
        e.pcmBytes = min(declared, held)
        if declared > held {
            e.warnings.append("the \(kind) sample chunk declares \(declared) bytes but the stream holds \(held) after byte \(offset)")
        }
    }

    /// Channels and bits, checked: 1…1024 channels of 1…32 bits.
    private func setSampleLayout(channels: Int64?, bits: Int64?, into e: inout EmbeddedEssence) {
        guard let ch = channels, let b = bits, (1...1024).contains(ch), (1...32).contains(b) else {
            e.format = nil
            e.warnings.append("unusable format: \(channels.map(String.init) ?? "no") channels of \(bits.map(String.init) ?? "no") bits")
            return
        }
        e.channels = Int(ch)
        e.bits = Int(b)
        e.bytesPerSample = (Int(b) + 7) / 8
    }

    /// The descriptor's Length in frames of `sampleRate`. AAF counts it in the descriptor's
    /// SampleRate, which is the audio rate for every embedded essence seen; when it is not,
    /// the length is converted exactly (floored) and a warning says so.
    private func statedLength(_ d: AAFObject?, sampleRate: Ratio, warnings: inout [String]) -> Int64? {
        guard let d, let length = d.integer(PID.fileLength, signed: true), length >= 0 else {
            warnings.append("the descriptor states no Length: every whole frame of the stream written")
            return nil
        }
        guard let unit = d.rational(PID.fileSampleRate), unit.isPositive, unit != sampleRate else { return length }
        guard let scale = sampleRate / unit, let v = Ratio(length) * scale else { return length }
        warnings.append("the descriptor's Length \(length) is in units of \(unit), not the sample rate \(sampleRate): \(v.floor) frames")
        return v.floor
    }
}
