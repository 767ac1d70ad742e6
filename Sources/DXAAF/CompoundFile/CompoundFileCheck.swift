extension CompoundFile {
    /// Walks the whole file: every entry's path, every storage's children, and every
    /// stream read to its end through ``StreamReader`` (4 KiB at a time, nothing kept).
    /// Opening checks only the header, FAT, directory and mini stream; this also checks
    /// every stream's chain and size, as a reader of all essence would meet them. The
    /// compound-file fuzz target and the malformed-file tests run exactly this.
    public func checkEveryStream() throws {
        var buffer = [UInt8](repeating: 0, count: 4096)
        for (index, entry) in entries.enumerated() {
            _ = path(of: index)
            switch entry.kind {
            case .root, .storage:
                _ = childNames(of: index)
            case .stream:
                var reader = try StreamReader(file: self, index: index)
                while try buffer.withUnsafeMutableBytes({ try reader.read(into: $0) }) > 0 {}
            case .unused:
                break
            }
        }
    }
}
