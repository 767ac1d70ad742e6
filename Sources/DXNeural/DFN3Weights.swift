import Foundation

/// DeepFilterNet3's parameters as written by scripts/dfn3/convert.py: `weights.bin` (float32
/// little-endian tensors, 64-byte aligned) indexed by `weights.json` (name, shape, byte offset,
/// element count) together with the model's config.ini `[df]` and `[deepfilternet]` values.
/// Mapped (8.5 MB); layers copy out the tensors they own.
public struct DFN3Weights: Sendable {
    public struct Entry: Codable, Sendable {
        public let name: String
        public let shape: [Int]
        public let offset: Int
        public let count: Int
    }

    private struct Index: Codable {
        let format: String
        let df: [String: String]
        let deepfilternet: [String: String]
        let tensors: [Entry]
    }

    /// config.ini `[df]` (sr, fft_size, hop_size, nb_erb, nb_df, norm_tau, df_order, df_lookahead …).
    public let df: [String: String]
    /// config.ini `[deepfilternet]` (conv_lookahead, conv_ch, emb_hidden_dim …).
    public let model: [String: String]
    public let entries: [String: Entry]
    /// `weights.bin`, memory-mapped: float32 little-endian.
    private let blob: Data

    /// Reads `weights.json` and `weights.bin` from `directory`.
    public init(directory: URL) throws {
        let indexURL = directory.appendingPathComponent("weights.json")
        let binURL = directory.appendingPathComponent("weights.bin")
        let index: Index
        do {
            index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: indexURL))
        } catch {
            throw NeuralError.badWeights("\(indexURL.path): \(error)")
        }
        guard index.format.hasPrefix("dxkit-dfn3-weights 1") else {
            throw NeuralError.badWeights("\(indexURL.path): unknown format \(index.format)")
        }
        // Mapped, not read: each layer copies its own tensors out once, so the file's pages are
        // touched once and no second 8.5 MB buffer is filled (start-up on short files).
        guard let data = try? Data(contentsOf: binURL, options: .alwaysMapped) else {
            throw NeuralError.badWeights("cannot read \(binURL.path)")
        }
        guard data.count % 4 == 0 else { throw NeuralError.badWeights("\(binURL.path): size \(data.count) not a multiple of 4") }
        let floatCount = data.count / 4
        var entries: [String: Entry] = [:]
        for e in index.tensors {
            guard e.offset % 4 == 0, e.offset / 4 + e.count <= floatCount, e.shape.reduce(1, *) == e.count else {
                throw NeuralError.badWeights("\(e.name): offset \(e.offset) count \(e.count) outside \(binURL.path)")
            }
            entries[e.name] = e
        }
        df = index.df
        model = index.deepfilternet
        self.entries = entries
        blob = data
    }

    /// The tensor's values and ONNX shape.
    public func tensor(_ name: String) throws -> (values: [Float], shape: [Int]) {
        guard let e = entries[name] else { throw NeuralError.badWeights("missing tensor \(name)") }
        let values = [Float](unsafeUninitializedCapacity: e.count) { buf, count in
            blob.withUnsafeBytes { raw in
                #if _endian(little)
                UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[e.offset..<e.offset + 4 * e.count]))
                #else
                for i in 0..<e.count {
                    let bits = raw.loadUnaligned(fromByteOffset: e.offset + 4 * i, as: UInt32.self)
                    buf[i] = Float(bitPattern: UInt32(littleEndian: bits))
                }
                #endif
            }
            count = e.count
        }
        return (values, e.shape)
    }

    /// An integer config value from `[df]` or `[deepfilternet]`.
    public func config(_ key: String) throws -> Int {
        guard let s = df[key] ?? model[key], let v = Int(s) else { throw NeuralError.badWeights("config \(key) missing or not an integer") }
        return v
    }

    // Layer builders used by the three networks.

    func conv(_ name: String, inChannels: Int, groups: Int, strideF: Int = 1, bias: Bool) throws -> Conv2D {
        let w = try tensor("\(name).weight")
        let b = bias ? try tensor("\(name).bias").values : nil
        return try Conv2D(weight: w.values, shape: w.shape, bias: b, inChannels: inChannels, groups: groups,
                          strideF: strideF, padF: (w.shape[3] - 1) / 2)
    }

    func linear(_ name: String) throws -> GroupedLinear {
        let w = try tensor("\(name).weight")
        return try GroupedLinear(weight: w.values, shape: w.shape)
    }

    func gru(_ name: String) throws -> GRULayer {
        let w = try tensor("\(name).W"), r = try tensor("\(name).R"), b = try tensor("\(name).B")
        return try GRULayer(w: w.values, wShape: w.shape, r: r.values, rShape: r.shape, b: b.values)
    }
}
