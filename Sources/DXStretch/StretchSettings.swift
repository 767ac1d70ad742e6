/// Rubber Band's two engines, as its documentation names them.
public enum StretchEngine: String, Sendable, CaseIterable {
    /// R3 ("finer"), with its short window (better on speech than its standard one, and
    /// twice as fast): the better sound; drifts when key frames are closer than ~50 ms
    /// (research/warp.md: 10 ms key frames gave p50 21.6 ms timing error).
    case finer
    /// R2 ("faster"): follows 10 ms key frames, but costs PESQ on speech (true maps: 2.64
    /// against R3's 3.24) and, with its analysis pass, whole warps measured no faster.
    case faster
}

/// How a take is stretched along its warp map.
public struct StretchSettings: Sendable, Equatable {
    public var engine: StretchEngine
    /// Shortest distance between two key frames handed to Rubber Band, in seconds, on
    /// both the take's and the guide's axis. Closer map points are thinned: the engine
    /// follows sparser key frames more exactly than dense ones (R3 especially).
    public var minKeyFrameSpacing: Double
    /// Frames read and written per step: memory does not grow with the take.
    public var blockFrames: Int
    /// Frames handed to Rubber Band per call. R3 places key frames only to this step
    /// (measured on noise bursts: 1024 → −5…+3 ms, 256 → within 2 ms, at the same speed).
    public var processFrames: Int

    public init(engine: StretchEngine = .finer, minKeyFrameSpacing: Double? = nil, blockFrames: Int = 16_384,
                processFrames: Int = 256) {
        self.engine = engine
        self.minKeyFrameSpacing = minKeyFrameSpacing ?? Self.defaultSpacing(engine)
        self.blockFrames = max(1, blockFrames)
        self.processFrames = max(1, min(processFrames, self.blockFrames))
    }

    /// 50 ms for R3 (what it follows to ~2 ms), 20 ms for R2.
    public static func defaultSpacing(_ engine: StretchEngine) -> Double {
        engine == .finer ? 0.05 : 0.02
    }
}
