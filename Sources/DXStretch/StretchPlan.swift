import DXWarp

/// What Rubber Band is asked to do for one take: its key frames and where the stretched
/// take lands on the guide. All positions are samples at the map's rate.
///
/// Rubber Band's key-frame map is implicitly anchored at (0, 0): input sample 0 comes out
/// as output sample 0. The take is therefore stretched whole, from its sample 0, and the
/// stretched audio placed so that its sample 0 lands where the map's first point,
/// extended back at slope 1, puts take sample 0 (`stretchedStart`); key frames are the map
/// points relative to that. The file written is a window of the guide's timeline
/// (`windowStart`, `windowFrames`): silence where the take has no audio, the stretched
/// take cut where it runs past the window.
public struct StretchPlan: Sendable, Equatable {
    public struct KeyFrame: Sendable, Equatable {
        /// Take sample (input), from take sample 0.
        public var input: Int
        /// Output sample, from `stretchedStart`.
        public var output: Int

        public init(input: Int, output: Int) {
            self.input = input
            self.output = output
        }
    }

    /// Take frames (at the map's rate) fed to the stretcher.
    public var inputFrames: Int
    /// Frames the stretcher returns: the last key frame plus the rest of the take at slope 1.
    public var stretchedFrames: Int
    /// Guide sample that stretched sample 0 lands on (may be negative: before the guide).
    public var stretchedStart: Int
    /// Key frames, both coordinates strictly increasing and at least the spacing apart.
    public var keyFrames: [KeyFrame]
    /// Guide sample of output-file sample 0.
    public var windowStart: Int
    /// Frames in the output file.
    public var windowFrames: Int

    /// Guide sample that take sample 0 lands on, by the map's first point at slope 1.
    public static func takeStart(_ map: WarpMap) -> Int {
        guard let first = map.points.first else { return 0 }
        return first.guide - first.take
    }

    /// - Parameters:
    ///   - takeFrames: the take's length at the map's rate.
    ///   - window: the guide samples the output file covers; nil = the stretched take
    ///     itself (its own start and length), cut to start no earlier than `earliest`.
    ///   - minSpacing: the shortest key-frame distance, samples (see `StretchSettings`).
    public init(map: WarpMap, takeFrames: Int, window: Range<Int>? = nil, earliest: Int = .min, minSpacing: Int) throws {
        guard takeFrames > 0 else { throw StretchError.invalidMap("the take is empty") }
        guard let first = map.points.first else { throw StretchError.invalidMap("the map has no points") }
        for (a, b) in zip(map.points, map.points.dropFirst()) where b.take < a.take || b.guide < a.guide {
            throw StretchError.invalidMap("the map goes backwards at take sample \(b.take)")
        }
        inputFrames = takeFrames
        stretchedStart = first.guide - first.take
        keyFrames = Self.thin(map.points.map { KeyFrame(input: $0.take, output: $0.guide - first.guide + first.take) },
                              inputFrames: takeFrames, spacing: max(1, minSpacing))
        let last = keyFrames.last ?? KeyFrame(input: 0, output: 0)
        stretchedFrames = last.output + (takeFrames - last.input)
        guard stretchedFrames > 0 else { throw StretchError.invalidMap("the map leaves no audio") }
        windowStart = window?.lowerBound ?? max(stretchedStart, earliest)
        windowFrames = window?.count ?? (stretchedStart + stretchedFrames - windowStart)
        guard windowFrames > 0 else { throw StretchError.invalidMap("no audio is left inside the output window") }
    }

    /// The key frames Rubber Band is given: inside the take, both coordinates strictly
    /// increasing, each at least `spacing` samples from the previous one (and from the
    /// implicit (0, 0)) on both axes. A jump in the map (a repeated coordinate) therefore
    /// becomes a short steep or flat stretch between its neighbours rather than a cut.
    /// The map's last point inside the take is kept: it replaces a kept point too close to it.
    static func thin(_ points: [KeyFrame], inputFrames: Int, spacing: Int) -> [KeyFrame] {
        let inside = points.filter { $0.input > 0 && $0.input < inputFrames && $0.output > 0 }
        var kept: [KeyFrame] = []
        var previous = KeyFrame(input: 0, output: 0)
        for p in inside where p.input - previous.input >= spacing && p.output - previous.output >= spacing {
            kept.append(p)
            previous = p
        }
        if let last = inside.last, kept.last != last {
            while let k = kept.last, last.input - k.input < spacing || last.output - k.output < spacing { kept.removeLast() }
            let base = kept.last ?? KeyFrame(input: 0, output: 0)
            if last.input - base.input >= spacing && last.output - base.output >= spacing { kept.append(last) }
        }
        return kept
    }

    /// The map the rendered audio follows, in `map`'s coordinates (with its flags and
    /// confidence): the key frames, linear between them as Rubber Band renders them, slope 1
    /// before the first (when Rubber Band's segment from take sample 0 has slope 1; else
    /// that segment's start, or where it reaches guide sample 0, is a point too) and after
    /// the last. This, not the estimator's denser map, is what a map file must describe:
    /// the output does not follow the map's bends between key frames. Rendering the
    /// followed map again gives the same key frames.
    public func followedMap(_ map: WarpMap) -> WarpMap {
        var points: [WarpMap.Point] = []
        var onGuide = false
        var previous = KeyFrame(input: 0, output: 0)
        for k in keyFrames + [KeyFrame(input: inputFrames, output: stretchedFrames)] {
            let a = previous.output + stretchedStart, b = k.output + stretchedStart
            if !onGuide && b >= 0 {
                onGuide = true
                if k.output - previous.output != k.input - previous.input {
                    let take = a >= 0 ? previous.input
                        : previous.input + Int((Double(-a) * Double(k.input - previous.input) / Double(b - a)).rounded())
                    points.append(WarpMap.Point(take: take, guide: max(a, 0)))
                }
            }
            if onGuide && k.input < inputFrames { points.append(WarpMap.Point(take: k.input, guide: b)) }
            previous = k
        }
        // No key frames: slope 1 throughout, from where take sample 0 lands.
        if points.isEmpty {
            points = [WarpMap.Point(take: max(0, -stretchedStart), guide: max(0, stretchedStart))]
        }
        return WarpMap(sampleRate: map.sampleRate, points: points, flags: map.flags, confidence: map.confidence)
    }

    /// Stretched frames to skip before the window starts, and silent frames to write first.
    public var leadingSkip: Int { max(0, windowStart - stretchedStart) }
    public var leadingSilence: Int { min(windowFrames, max(0, stretchedStart - windowStart)) }
    /// Stretched frames that fall inside the window.
    public var framesInWindow: Int {
        max(0, min(stretchedFrames - leadingSkip, windowFrames - leadingSilence))
    }
}
