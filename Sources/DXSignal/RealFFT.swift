import CFFTW

/// A real-to-complex FFT of one size, with its own aligned buffers.
///
/// - Forward: `size` real samples → `binCount = size/2 + 1` complex bins (the half spectrum;
///   bins 0 and size/2 are real for even sizes), interleaved `ComplexFloat`, unnormalised:
///   `X[k] = Σ x[n]·e^(−2πi·kn/size)`.
/// - Inverse: half spectrum → `size` real samples, also unnormalised, so
///   `inverse(forward(x)) = size · x`. Multiply by `inverseScale` (1/size) to get `x` back.
///
/// The plans come from `FFTPlanner` (cached, shared); this object only owns its buffers
/// (`fftwf_malloc`, so SIMD-aligned like the planning arrays) and runs the plans with FFTW's
/// new-array execute functions on them. It is deliberately not `Sendable`: create one per task
/// or thread; creating many at once from many threads is safe.
public final class RealFFT {
    /// Number of real samples per transform.
    public let size: Int
    /// Number of complex bins in the half spectrum: `size/2 + 1`.
    public let binCount: Int
    /// `1 / size`: the factor that makes `inverse` undo `forward`.
    public let inverseScale: Float

    /// The time-domain buffer (`size` samples): input of `forward()`, output of `inverse()`.
    /// Valid for the life of this object.
    public let samples: UnsafeMutableBufferPointer<Float>
    /// The frequency-domain buffer (`binCount` bins): output of `forward()`, input of
    /// `inverse()` (which overwrites it: FFTW's c2r destroys its input).
    public let spectrum: UnsafeMutableBufferPointer<ComplexFloat>

    private let forwardPlan: FFTWPlan
    private let inversePlan: FFTWPlan

    /// Plans (or reuses cached plans for) a transform of `size` real points (`size ≥ 2`).
    /// Even sizes with small prime factors (see `FFTSize.fast`) are fastest.
    /// - Parameter rigor: `nil` uses the planner's `defaultRigor` (`.estimate` unless changed).
    public init(size: Int, rigor: FFTPlanningRigor? = nil, planner: FFTPlanner = .shared) {
        precondition(size >= 2, "RealFFT size must be at least 2 (got \(size))")
        self.size = size
        self.binCount = size / 2 + 1
        self.inverseScale = 1 / Float(size)
        forwardPlan = planner.plan(size: size, direction: .forward, rigor: rigor)
        inversePlan = planner.plan(size: size, direction: .inverse, rigor: rigor)
        samples = UnsafeMutableBufferPointer(start: fftwf_alloc_real(size)!, count: size)
        samples.initialize(repeating: 0)
        let raw = UnsafeMutableRawPointer(fftwf_alloc_complex(binCount)!)
        spectrum = UnsafeMutableBufferPointer(
            start: raw.bindMemory(to: ComplexFloat.self, capacity: binCount), count: binCount)
        spectrum.initialize(repeating: .zero)
    }

    deinit {
        fftwf_free(samples.baseAddress)
        fftwf_free(UnsafeMutableRawPointer(spectrum.baseAddress))
    }

    /// `samples` → `spectrum` (`samples` is left unchanged).
    @inline(__always)
    public func forward() {
        fftwf_execute_dft_r2c(forwardPlan.raw, samples.baseAddress,
                              UnsafeMutablePointer<fftwf_complex>(OpaquePointer(spectrum.baseAddress)))
    }

    /// `spectrum` → `samples`, unnormalised (× `size`); the spectrum is destroyed.
    @inline(__always)
    public func inverse() {
        fftwf_execute_dft_c2r(inversePlan.raw,
                              UnsafeMutablePointer<fftwf_complex>(OpaquePointer(spectrum.baseAddress)),
                              samples.baseAddress)
    }

    /// The half spectrum of `input`, zero-padded to `size` when shorter (`input.count ≤ size`).
    public func forward(_ input: [Float]) -> [ComplexFloat] {
        input.withUnsafeBufferPointer { load($0) }
        forward()
        return Array(spectrum)
    }

    /// The unnormalised inverse of a half spectrum of `binCount` bins (× `size`; see `inverseScale`).
    public func inverse(_ input: [ComplexFloat]) -> [Float] {
        precondition(input.count == binCount, "inverse needs \(binCount) bins (got \(input.count))")
        _ = spectrum.update(fromContentsOf: input)
        inverse()
        return Array(samples)
    }

    /// Copies `input` into `samples` and zero-fills the rest (`input.count ≤ size`).
    public func load(_ input: UnsafeBufferPointer<Float>) {
        precondition(input.count <= size, "input of \(input.count) samples exceeds FFT size \(size)")
        if let base = input.baseAddress, input.count > 0 {
            samples.baseAddress!.update(from: base, count: input.count)
        }
        if input.count < size {
            (samples.baseAddress! + input.count).update(repeating: 0, count: size - input.count)
        }
    }
}

/// FFT sizes FFTW handles fastest.
public enum FFTSize {
    /// The smallest even `2^a·3^b·5^c·7^d ≥ n` (FFTW's fast radices; r2c prefers even sizes).
    public static func fast(atLeast n: Int) -> Int {
        let n = max(n, 2)
        var best = 2
        while best < n { best <<= 1 }
        var p7 = 1
        while p7 < best {
            var p5 = p7
            while p5 < best {
                var p3 = p5
                while p3 < best {
                    var value = p3 * 2
                    while value < n { value <<= 1 }
                    if value < best { best = value }
                    p3 *= 3
                }
                p5 *= 5
            }
            p7 *= 7
        }
        return best
    }

    /// The smallest power of two ≥ n.
    public static func powerOfTwo(atLeast n: Int) -> Int {
        var value = 1
        while value < n { value <<= 1 }
        return value
    }
}
