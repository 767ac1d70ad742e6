/// The EBU Tech 3285 `bext` chunk of a Broadcast Wave file.
///
/// `timeReference` is the file's first sample as a count of samples since midnight,
/// the full 64 bits (a day at 192 kHz is above 2^32). Text fields are stored in
/// fixed-size fields; longer values are cut at a character boundary when written.
public struct BroadcastExtension: Sendable, Equatable {
    /// Free text, up to 256 bytes.
    public var description: String
    /// Who made the file (recorder, tool), up to 32 bytes.
    public var originator: String
    /// The originator's unique reference, up to 32 bytes.
    public var originatorReference: String
    /// `yyyy-mm-dd`.
    public var originationDate: String
    /// `hh:mm:ss`.
    public var originationTime: String
    /// Samples since midnight of the file's first sample.
    public var timeReference: UInt64
    /// The bext version (0, 1 or 2); 2 carries loudness.
    public var version: UInt16
    /// The SMPTE UMID, 64 bytes (all zero when there is none).
    public var umid: [UInt8]
    /// EBU R128 loudness values (version 2), each in hundredths (LUFS, LU, dBTP).
    public var loudness: Loudness?
    /// Lines of `A=PCM,F=48000,W=24,M=mono,T=…`, each ending CR LF.
    public var codingHistory: String

    /// Version 2 loudness fields, in hundredths of a unit, as stored.
    public struct Loudness: Sendable, Equatable {
        public var integratedLoudness: Int16
        public var loudnessRange: Int16
        public var maxTruePeakLevel: Int16
        public var maxMomentaryLoudness: Int16
        public var maxShortTermLoudness: Int16

        public init(integratedLoudness: Int16 = 0, loudnessRange: Int16 = 0, maxTruePeakLevel: Int16 = 0,
                    maxMomentaryLoudness: Int16 = 0, maxShortTermLoudness: Int16 = 0) {
            self.integratedLoudness = integratedLoudness
            self.loudnessRange = loudnessRange
            self.maxTruePeakLevel = maxTruePeakLevel
            self.maxMomentaryLoudness = maxMomentaryLoudness
            self.maxShortTermLoudness = maxShortTermLoudness
        }
    }

    public init(description: String = "", originator: String = "", originatorReference: String = "",
                originationDate: String = "", originationTime: String = "", timeReference: UInt64 = 0,
                version: UInt16 = 1, umid: [UInt8] = [], loudness: Loudness? = nil, codingHistory: String = "") {
        self.description = description
        self.originator = originator
        self.originatorReference = originatorReference
        self.originationDate = originationDate
        self.originationTime = originationTime
        self.timeReference = timeReference
        self.version = version
        self.umid = umid
        self.loudness = loudness
        self.codingHistory = codingHistory
    }

    /// The same extension with one more coding-history line (CR LF added; a missing
    /// CR LF at the end of the previous history is added first).
    public func appendingCodingHistory(_ line: String) -> BroadcastExtension {
        var copy = self
        copy.codingHistory = normalisedLineEnds(copy.codingHistory)
        if !copy.codingHistory.isEmpty, !copy.codingHistory.hasSuffix("\r\n") { copy.codingHistory += "\r\n" }
        var l = line
        while l.hasSuffix("\n") || l.hasSuffix("\r") { l.removeLast() }
        copy.codingHistory += l + "\r\n"
        return copy
    }

    /// An EBU R98 coding-history line for a file of `format` written by `tool`:
    /// `A=PCM,F=48000,W=24,M=mono,T=dx-denoise 1.0`.
    public static func codingHistoryLine(for format: AudioFormat, tool: String) -> String {
        let mode: String
        switch format.channels {
        case 1: mode = "mono"
        case 2: mode = "stereo"
        default: mode = "multitrack"
        }
        return "A=PCM,F=\(format.sampleRate),W=\(format.sampleFormat.bitsPerSample),M=\(mode),T=\(tool)"
    }
}

// MARK: - Chunk bytes

extension BroadcastExtension {
    /// Size of the fixed part of the chunk, before the coding history.
    static let fixedSize = 602

    /// Reads a `bext` chunk's payload; nil when it is shorter than the fixed part.
    init?(chunk bytes: ArraySlice<UInt8>) {
        guard bytes.count >= Self.fixedSize else { return nil }
        let b = Array(bytes)
        func text(_ at: Int, _ n: Int) -> String { decodeFixedText(b[at..<(at + n)]) }
        func u16(_ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[at + $1]) << (8 * UInt32($1)) } }
        description = text(0, 256)
        originator = text(256, 32)
        originatorReference = text(288, 32)
        originationDate = text(320, 10)
        originationTime = text(330, 8)
        timeReference = UInt64(u32(338)) | UInt64(u32(342)) << 32
        version = u16(346)
        let rawUMID = Array(b[348..<412])
        umid = rawUMID.allSatisfy { $0 == 0 } ? [] : rawUMID
        let loudnessBytes = b[412..<422]
        if version >= 2, !loudnessBytes.allSatisfy({ $0 == 0 }) {
            loudness = Loudness(integratedLoudness: Int16(bitPattern: u16(412)), loudnessRange: Int16(bitPattern: u16(414)),
                                maxTruePeakLevel: Int16(bitPattern: u16(416)),
                                maxMomentaryLoudness: Int16(bitPattern: u16(418)),
                                maxShortTermLoudness: Int16(bitPattern: u16(420)))
        } else {
            loudness = nil
        }
        codingHistory = decodeFixedText(b[Self.fixedSize...])
    }

    /// The chunk payload as written: the fixed part, then the coding history (CR LF
    /// line ends), NUL-padded to an even length.
    var chunkBytes: [UInt8] {
        var b = [UInt8](repeating: 0, count: Self.fixedSize)
        func put(_ s: String, _ at: Int, _ n: Int) {
            let bytes = encodeFixedText(s, limit: n)
            b.replaceSubrange(at..<(at + bytes.count), with: bytes)
        }
        func put16(_ v: UInt16, _ at: Int) {
            b[at] = UInt8(v & 0xFF)
            b[at + 1] = UInt8(v >> 8)
        }
        func put32(_ v: UInt32, _ at: Int) {
            for i in 0..<4 { b[at + i] = UInt8((v >> (8 * UInt32(i))) & 0xFF) }
        }
        put(description, 0, 256)
        put(originator, 256, 32)
        put(originatorReference, 288, 32)
        put(originationDate, 320, 10)
        put(originationTime, 330, 8)
        put32(UInt32(truncatingIfNeeded: timeReference), 338)
        put32(UInt32(truncatingIfNeeded: timeReference >> 32), 342)
        let v = loudness != nil ? max(version, 2) : version
        put16(v, 346)
        for (i, x) in umid.prefix(64).enumerated() { b[348 + i] = x }
        if let l = loudness {
            put16(UInt16(bitPattern: l.integratedLoudness), 412)
            put16(UInt16(bitPattern: l.loudnessRange), 414)
            put16(UInt16(bitPattern: l.maxTruePeakLevel), 416)
            put16(UInt16(bitPattern: l.maxMomentaryLoudness), 418)
            put16(UInt16(bitPattern: l.maxShortTermLoudness), 420)
        }
        b += Array(normalisedLineEnds(codingHistory).utf8)
        if b.count % 2 == 1 { b.append(0) }
        return b
    }
}

/// Bytes up to the first NUL, as UTF-8 when valid, else as Latin-1 (old recorders).
func decodeFixedText(_ bytes: ArraySlice<UInt8>) -> String {
    let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
    let slice = bytes[bytes.startIndex..<end]
    if let s = String(validating: slice, as: UTF8.self) { return s }
    return String(String.UnicodeScalarView(slice.map { Unicode.Scalar($0) }))
}

/// UTF-8 bytes of `s`, cut to at most `limit` bytes at a character boundary.
func encodeFixedText(_ s: String, limit: Int) -> [UInt8] {
    var out: [UInt8] = []
    for ch in s {
        let u = Array(String(ch).utf8)
        if out.count + u.count > limit { break }
        out += u
    }
    return out
}

/// Every line end as CR LF.
func normalisedLineEnds(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count + 8)
    var previousCR = false
    for u in s.unicodeScalars {
        if u == "\n" {
            if !previousCR { out += "\r" }
            out += "\n"
            previousCR = false
        } else {
            if previousCR { out += "\n" }
            previousCR = u == "\r"
            out.unicodeScalars.append(u)
        }
    }
    if previousCR { out += "\n" }
    return out
}
