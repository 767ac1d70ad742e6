/// Several JSON documents printed as one: how a tool that reads many files (`dx-conform
/// list`, `dx-denoise`) or a list with many compositions (AAF) reports them, so a reader
/// parses one value whatever the count.
extension JSONWriter {
    /// The documents, each already written (pretty), as one array: "[", the documents
    /// separated by ",\n", "]". Each is kept as written, not re-indented, so it reads
    /// byte for byte as it would alone. No newline at the end.
    public static func array(of documents: [String]) -> String {
        "[\n" + documents.joined(separator: ",\n") + "\n]"
    }

    /// What a tool prints: the one document alone, else the array of them (an empty one
    /// when there are none); ends with a newline.
    public static func output(of documents: [String]) -> String {
        (documents.count == 1 ? documents[0] : array(of: documents)) + "\n"
    }
}
