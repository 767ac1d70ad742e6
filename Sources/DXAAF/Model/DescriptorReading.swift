/// Sample rate, channels and bits of an essence descriptor: the sound descriptor's own
/// properties, or the WAVE / AIFC header a WAVEDescriptor or AIFCDescriptor keeps in its
/// Summary, or (MultipleDescriptor) those of the sub-descriptor for the slot.
struct AudioFormat: Sendable {
    var sampleRate: Ratio?
    var channels: Int64?
    var bits: Int64?
}

extension AAFFile {
    func audioFormat(of d: AAFObject, slotID: Int64?, notes: inout [String]) throws -> AudioFormat {
        if d.isA(.multipleDescriptor) {
            let subs = try d.strongReferences(PID.multipleFileDescriptors)
            var chosen = subs.filter { slotID != nil && $0.integer(PID.fileLinkedSlotID) == slotID }
            if chosen.isEmpty { chosen = subs.filter { $0.has(PID.soundAudioSamplingRate) || $0.has(PID.waveSummary) || $0.has(PID.aifcSummary) } }
            guard chosen.count == 1 else {
                notes.append("MultipleDescriptor: no single sub-descriptor for slot \(slotID.map(String.init) ?? "none")")
                return AudioFormat()
            }
            notes.append("MultipleDescriptor: format from its \(chosen[0].className)")
            return try audioFormat(of: chosen[0], slotID: nil, notes: &notes)
        }
        if d.has(PID.soundAudioSamplingRate) {
            return AudioFormat(sampleRate: d.rational(PID.soundAudioSamplingRate), channels: d.integer(PID.soundChannels),
                               bits: d.integer(PID.soundQuantizationBits))
        }
        if let summary = d.data(PID.waveSummary) ?? d.data(PID.aifcSummary) {
            let h = AudioHeader(Array(summary))
            if h.sampleRate == nil { notes.append("\(d.className) Summary is not a WAVE/AIFF header") }
            return AudioFormat(sampleRate: h.sampleRate, channels: h.channels, bits: h.bits)
        }
        notes.append("\(d.className) carries no sample rate / channel count")
        return AudioFormat()
    }
}

/// The format fields of a WAVE (RIFF) or AIFF/AIFC header, and where its sample data
/// lies: enough to describe an embedded or summarised file without a sound library.
public struct AudioHeader: Sendable {
    public var sampleRate: Ratio?
    public var channels: Int64?
    public var bits: Int64?
    /// "WAVE" or "AIFC" (AIFF too), nil when neither.
    public var format: String?
    /// Byte range of the sample data (WAVE `data` payload, AIFC `SSND` samples) within the
    /// bytes given, clipped to them; the declared size may run further.
    public var dataOffset: Int?
    public var dataDeclaredSize: UInt64?
    /// WAVE `fmt ` format tag (1 = integer PCM, 3 = float; WAVE_FORMAT_EXTENSIBLE resolved
    /// to its sub-format's tag), nil for AIFF/AIFC or when the chunk is cut off.
    public var formatTag: Int?
    /// AIFC `COMM` compression type ("NONE", "twos", "sowt" …); nil for AIFF, which has none.
    public var compression: String?
    public var bigEndian: Bool { format == "AIFC" && compression != "sowt" }

    public init(_ b: [UInt8]) {
        guard b.count >= 12 else { return }
        let tag = Array(b[0..<4]), kind = Array(b[8..<12])
        if tag == Array("RIFF".utf8), kind == Array("WAVE".utf8) {
            format = "WAVE"
            walkChunks(b, bigEndian: false) { id, at, size in
                if id == "fmt ", size >= 16, at + 16 <= b.count {
                    channels = Int64(le16(b, at + 2))
                    sampleRate = Ratio(Int64(le32(b, at + 4)))
                    bits = Int64(le16(b, at + 14))
                    formatTag = Int(le16(b, at))
                    if formatTag == 0xFFFE, size >= 40, at + 26 <= b.count { formatTag = Int(le16(b, at + 24)) }
                } else if id == "data" {
                    dataOffset = at
                    dataDeclaredSize = size
                }
            }
        } else if tag == Array("FORM".utf8), kind == Array("AIFC".utf8) || kind == Array("AIFF".utf8) {
            format = "AIFC"
            walkChunks(b, bigEndian: true) { id, at, size in
                if id == "COMM", size >= 18, at + 18 <= b.count {
                    channels = Int64(Int16(bitPattern: UInt16(b[at]) << 8 | UInt16(b[at + 1])))
                    bits = Int64(Int16(bitPattern: UInt16(b[at + 6]) << 8 | UInt16(b[at + 7])))
                    sampleRate = AudioHeader.extended80(Array(b[(at + 8)..<(at + 18)]))
                    if kind == Array("AIFC".utf8), size >= 22, at + 22 <= b.count {
                        compression = String(decoding: b[(at + 18)..<(at + 22)], as: UTF8.self)
                    }
                } else if id == "SSND", size >= 8, at + 8 <= b.count {
                    let skip = Int(be32(b, at))
                    dataOffset = at + 8 + skip
                    dataDeclaredSize = size >= 8 + UInt64(skip) ? size - 8 - UInt64(skip) : 0
                }
            }
        }
    }

    private func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    private func le32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(le16(b, i)) | UInt32(le16(b, i + 2)) << 16 }
    private func be32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    /// Calls `body(id, payloadOffset, declaredSize)` for each chunk after the 12-byte form header.
    private func walkChunks(_ b: [UInt8], bigEndian: Bool, _ body: (String, Int, UInt64) -> Void) {
        var i = 12
        while i + 8 <= b.count {
            let id = String(decoding: b[i..<(i + 4)], as: UTF8.self)
            let size = UInt64(bigEndian ? be32(b, i + 4) : le32(b, i + 4))
            body(id, i + 8, size)
            let next = UInt64(i) + 8 + size + (size & 1)
            guard next <= UInt64(b.count) else { break }
            i = Int(next)
        }
    }

    /// An IEEE 754 80-bit extended float (AIFF's sample rate), exactly when it is a whole number.
    static func extended80(_ b: [UInt8]) -> Ratio? {
        guard b.count == 10 else { return nil }
        let exp = Int(UInt16(b[0] & 0x7F) << 8 | UInt16(b[1])) - 16383
        var mant: UInt64 = 0
        for k in 0..<8 { mant = mant << 8 | UInt64(b[2 + k]) }
        if mant == 0 { return Ratio(0) }
        guard exp >= 0, exp < 63 else { return nil }
        let shift = UInt64(63 - exp)
        guard shift < 64 else { return nil }
        // Whole part, and the fraction as mant's low bits over 2^shift (kept exact when small).
        let whole = mant >> shift
        let frac = mant & ((1 << shift) - 1)
        if frac == 0 { return Ratio(Int64(whole)) }
        let g = Ratio.gcd(frac, 1 << shift)
        guard (1 << shift) / g <= UInt64(Int32.max) else { return Ratio(Int64(whole)) }
        return Ratio(Int64(whole)) + Ratio(Int64(frac / g), Int64((1 << shift) / g))!
    }
}
