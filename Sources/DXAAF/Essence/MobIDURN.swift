extension MobID {
    /// The UMID as AAF tools print it (pyaaf2, the AAF SDK): "urn:smpte:umid:" and eight
    /// groups of four bytes in hex. The 16-byte material number is an AUID stored
    /// little-endian, so its first three fields are turned back to big-endian. Older
    /// Avid-style IDs (label byte 11 = 0, material starting with the SMPTE prefix
    /// 06 0e 2b 34 7f 7f) hold it half swapped; those print the last eight bytes first.
    public var urn: String { "urn:smpte:umid:" + umidGroups.joined(separator: ".") }

    /// The eight hex groups of ``urn``, without the prefix (a file name safe everywhere).
    public var umidGroups: [String] {
        let s = a.storedBytes + b.storedBytes
        let m = Array(s[16..<32])
        let fields = [m[3], m[2], m[1], m[0], m[5], m[4], m[7], m[6]]
        let data4 = Array(m[8..<16])
        let halfSwapped = s[11] == 0 && data4.starts(with: [0x06, 0x0E, 0x2B, 0x34, 0x7F, 0x7F])
        let ordered = Array(s[0..<16]) + (halfSwapped ? data4 + fields : fields + data4)
        let hex = ordered.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
        return stride(from: 0, to: 32, by: 4).map { hex[$0..<($0 + 4)].joined() }
    }
}
