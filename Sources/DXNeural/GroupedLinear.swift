/// DeepFilterNet's grouped linear layer (ONNX `Einsum btgi,gih->btgh`): each frame vector is cut
/// into `groups` slices of `inPerGroup`, each slice has its own `inPerGroup × outPerGroup` matrix,
/// results are concatenated. No bias. It replaces a dense layer at 1/groups of the cost.
/// Weight layout `[groups, inPerGroup, outPerGroup]`.
public struct GroupedLinear: Sendable {
    public let groups: Int
    public let inPerGroup: Int
    public let outPerGroup: Int
    let weight: [Float]

    public var inputSize: Int { groups * inPerGroup }
    public var outputSize: Int { groups * outPerGroup }

    public init(weight: [Float], shape: [Int]) throws {
        guard shape.count == 3, weight.count == shape.reduce(1, *)
        else { throw NeuralError.badWeights("grouped-linear weight shape \(shape)") }
        groups = shape[0]
        inPerGroup = shape[1]
        outPerGroup = shape[2]
        self.weight = weight
    }

    /// `[frames, inputSize]` → `[frames, outputSize]`, row-major, all frames at once: one
    /// matrix product per group (`[frames, inPerGroup]·[inPerGroup, outPerGroup]`, strided rows).
    public func callAsFunction(_ x: [Float], frames: Int) -> [Float] {
        precondition(x.count == frames * inputSize, "GroupedLinear: \(x.count) values for \(frames)×\(inputSize)")
        var y = [Float](repeating: 0, count: frames * outputSize)
        x.withUnsafeBufferPointer { xv in
            weight.withUnsafeBufferPointer { wv in
                y.withUnsafeMutableBufferPointer { yv in
                    for g in 0..<groups {
                        Gemm.multiply(m: frames, n: outPerGroup, k: inPerGroup,
                                      a: xv.baseAddress! + g * inPerGroup, lda: inputSize,
                                      b: wv.baseAddress! + g * inPerGroup * outPerGroup, ldb: outPerGroup,
                                      c: yv.baseAddress! + g * outPerGroup, ldc: outputSize, accumulate: false)
                    }
                }
            }
        }
        return y
    }
}
