/// One complex sample in single precision, laid out exactly like FFTW's `fftwf_complex`
/// (`float[2]`: real then imaginary), so spectra move between Swift and FFTW without copies.
///
/// DXSignal spectra are **interleaved** arrays of `ComplexFloat` (never split real/imaginary
/// arrays): that is FFTW's native layout, and a bin's two parts stay in one cache line.
@frozen
public struct ComplexFloat: Sendable, Hashable {
    /// Real part.
    public var re: Float
    /// Imaginary part.
    public var im: Float

    @inlinable
    public init(_ re: Float, _ im: Float) {
        self.re = re
        self.im = im
    }

    /// Zero.
    public static let zero = ComplexFloat(0, 0)

    /// |z|², the power of the bin (no square root: what spectral estimators use).
    @inlinable public var power: Float { re * re + im * im }

    /// |z|.
    @inlinable public var magnitude: Float { power.squareRoot() }

    /// The complex conjugate.
    @inlinable public var conjugate: ComplexFloat { ComplexFloat(re, -im) }

    @inlinable
    public static func * (a: ComplexFloat, b: ComplexFloat) -> ComplexFloat {
        ComplexFloat(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
    }

    @inlinable
    public static func * (a: ComplexFloat, s: Float) -> ComplexFloat {
        ComplexFloat(a.re * s, a.im * s)
    }

    @inlinable
    public static func + (a: ComplexFloat, b: ComplexFloat) -> ComplexFloat {
        ComplexFloat(a.re + b.re, a.im + b.im)
    }

    @inlinable
    public static func - (a: ComplexFloat, b: ComplexFloat) -> ComplexFloat {
        ComplexFloat(a.re - b.re, a.im - b.im)
    }
}
