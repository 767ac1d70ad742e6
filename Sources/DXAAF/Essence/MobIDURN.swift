extension MobID {
    /// The UMID as AAF tools print it (pyaaf2, the AAF SDK): "urn:smpte:umid:" and eight
    /// groups of four bytes in hex. The 16-byte material number is an AUID stored
    /// little-endian, so its first three fields are turned back to big-endian. Older
    /// Avid-style IDs (label byte 11 = 0, material starting with the SMPTE prefix
    /// 06 0e 2b 34 7f 7f) hold it half swapped; those print the last eight bytes first.
    public var urn: String { "urn:smpte:umid:" + umidGroups.joined(separator: ".") }

    /// The eight hex groups of ``urn``, without the prefix (a file name safe everywhere).
    public var umidGroups: [String] {
        let label = a.storedBytes
        let material = b.textOrderBytes
        let fields = Array(material[0..<8]), data4 = Array(material[8..<16])
        let halfSwapped = label[11] == 0 && data4.starts(with: [0x06, 0x0E, 0x2B, 0x34, 0x7F, 0x7F])
        let hex = ValueDecoding.hex(label + (halfSwapped ? data4 + fields : fields + data4))
        return stride(from: 0, to: 64, by: 8).map {
            String(hex[hex.index(hex.startIndex, offsetBy: $0)..<hex.index(hex.startIndex, offsetBy: $0 + 8)])
        }
    }
}
