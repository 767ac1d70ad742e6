/// Why a take could not be stretched along its map.
public enum StretchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Rubber Band (opened at the first stretch, see CRubberBand) cannot be loaded: not
    /// installed, or not a usable version. The message names the library and package.
    case unavailable(String)
    /// The map or the output window cannot be rendered (the message says why).
    case invalidMap(String)
    /// Rubber Band refused to create a stretcher for this rate and channel count.
    case stretcherFailed(String)

    public var description: String {
        switch self {
        case .unavailable(let why): return "cannot time-stretch: \(why)"
        case .invalidMap(let why): return "cannot render the warp map: \(why)"
        case .stretcherFailed(let why): return "Rubber Band: \(why)"
        }
    }
}
