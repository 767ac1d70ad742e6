import DXSignal

/// Finds the time map from a take onto the guide region it was matched to.
///
/// Contract: `guide` is the guide region found by offset alignment (mono, with a
/// margin either side), `take` the whole take (mono), both at `sampleRate`. The
/// returned map's coordinates count from the start of these two arrays.
public enum WarpMapEstimator {
    public static func estimate(
        guide: [Float], take: [Float], sampleRate: Int, options: WarpOptions = WarpOptions()
    ) throws -> WarpMap {
        try validate(guide: guide, take: take, sampleRate: sampleRate, options: options)
        let guideAnalysis = try WarpFeatures.analysisSignal(guide, sampleRate: sampleRate)
        let takeAnalysis = try WarpFeatures.analysisSignal(take, sampleRate: sampleRate)
        let guidePowers = BandPowers(try WarpFeatures.spectrogram(analysis: guideAnalysis))
        let takePowers = BandPowers(try WarpFeatures.spectrogram(analysis: takeAnalysis))
        // The refinement's features depend on the room only; every estimate after the first
        // reuses its room, so they are made once.
        var madeFine: (room: RoomModel, pair: RefinementFeatures.Pair)?
        func fine(_ room: RoomModel) throws -> RefinementFeatures.Pair {
            if let made = madeFine, made.room == room { return made.pair }
            let pair = try RefinementFeatures.pair(guide: guideAnalysis, take: takeAnalysis, room: room)
            madeFine = (room, pair)
            return pair
        }
        let plain = try single(guide: guidePowers, take: takePowers, options: options, fine: fine)
        var estimates = [plain]
        for raise in floorRaisesDB {
            let floors = BandFloor.pair(guide: guidePowers, take: takePowers, raiseDB: raise)
            estimates.append(try single(guide: guidePowers, take: takePowers, options: options, fine: fine, floors: floors, room: plain.room))
        }
        let takeFrames = SingleEstimate.median(estimates) ?? plain.takeFrames
        return WarpMap(
            sampleRate: sampleRate, points: points(takeFrames, sampleRate: sampleRate),
            flags: (plain.differences.map { flag($0, sampleRate: sampleRate) }
                + limitedRegions(plain.limitShift, takeFrames: takeFrames, sampleRate: sampleRate))
                .sorted { $0.guide.lowerBound < $1.guide.lowerBound },
            confidence: confidence(plain.path, guideFeatures: plain.guideFeatures, voiced: plain.voiced))
    }

    /// Each raise, dB, of the guide's noise floor (`BandFloor`) gives one more estimate; the map
    /// is their frame-by-frame median with the plain one (`SingleEstimate.median`; with one
    /// raise, the mean of the two). Neither view alone is right at a quiet line end: the plain
    /// features follow the guide's noise, the floored ones lose the syllable's decay below
    /// the floor; the two err in different ways, and their mean wanders less at word scale.
    /// bench/warp seeds 1–5 (4 and 5 not tuned on), PESQ-WB of the output minus the true-map
    /// ceiling: −0.010 / −0.021 / −0.054 / −0.073 / −0.075 against −0.032 / −0.018 / −0.048 /
    /// −0.085 / −0.121 for the plain estimate; raises of 3 and 6 dB: the same mean (−0.047),
    /// larger maxima. The second estimate reuses the first one's room.
    static let floorRaisesDB: [Float] = [6]

    /// One estimate of the map: features (held at `floors` when given), the path searched in
    /// the guide's room (searched for unless `room` is given), word differences, timeline,
    /// refined on `fine`'s features for that room.
    static func single(
        guide guidePowers: BandPowers, take takePowers: BandPowers, options: WarpOptions,
        fine: (RoomModel) throws -> RefinementFeatures.Pair,
        floors: (guide: BandFloor, take: BandFloor)? = nil, room: RoomModel? = nil
    ) throws -> SingleEstimate {
        let guideFeatures = WarpFeatures(powers: guidePowers, floor: floors?.guide)
        let voiced = GuideTimeline.voicedFrames(levels: guideFeatures.levels)
        let (found, takeFeatures, heardIn) = searchInGuideRoom(
            guide: guideFeatures, voiced: voiced, take: takePowers, floor: floors?.take, room: room)
        let takeVoiced = GuideTimeline.voicedFrames(levels: takeFeatures.levels)
        let path = RepeatedWord.keepingFirstCopies(
            found, guide: guideFeatures, take: takeFeatures, takeVoiced: takeVoiced,
            skipped: differences(found, voiced: voiced, takeVoiced: takeVoiced).differences.filter { $0.guide.isEmpty }.map(\.take),
            jumps: jumpCost)
        let (centres, covered, differences) = differences(path, voiced: voiced, takeVoiced: takeVoiced)
        // Anchors: covered guide frames with speech matched to take frames with speech (a
        // guide's reverberant tail, or a breath in one signal, has no timing to follow).
        var anchors = centres.indices.map { i in
            covered.contains(i) && voiced[i] && takeVoiced[min(max(Int(centres[i].rounded()), 0), takeVoiced.count - 1)]
        }
        // Beside a word the take leaves out, the path often stands on the take's pause while
        // the guide's word ends (or starts): such rows are no correspondence to follow.
        for d in differences where !d.guide.isEmpty {
            for i in max(d.cut.lowerBound - WordDifference.slopeSpan, 0)..<min(d.cut.upperBound + WordDifference.slopeSpan, anchors.count) {
                anchors[i] = false
            }
        }
        func timeline(_ targets: [Double]) -> (takeFrames: [Double], limitShift: [Double]) {
            SegmentedTimeline.build(
                centres: targets, voiced: anchors, differences: differences,
                smoothingFrames: smoothingFrames(strength: options.strength),
                slopeLimits: (1 / options.maxStretch)...(1 / options.minStretch))
        }
        // The path's timeline, then the same fitted to where the take's features really lie
        // around it (sub-frame; the stretch limits are judged against the path itself).
        let (fitted, limitShift) = timeline(centres)
        let refinement = try fine(heardIn)
        let takeFrames = timeline(
            LocalRefinement.refine(positions: fitted, anchored: anchors, guide: refinement.guide, take: refinement.take)
        ).takeFrames
        return SingleEstimate(
            takeFrames: takeFrames, limitShift: limitShift, differences: differences, path: path, voiced: voiced,
            guideFeatures: guideFeatures, room: heardIn)
    }

    /// The take frame of every guide frame along `path`, the guide frames the path covers (the
    /// rest is margin the take does not share), and the word differences among them.
    static func differences(_ path: WarpPath, voiced: [Bool], takeVoiced: [Bool]) -> (
        centres: [Double], covered: Range<Int>, differences: [WordDifference]
    ) {
        let centres = GuideTimeline.pathCentres(path, guideFrames: voiced.count)
        let covered = (path.steps.first?.guide ?? 0)..<((path.steps.last?.guide ?? -1) + 1)
        let differences = WordDifference.find(
            centres: Array(centres[covered]), guideVoiced: Array(voiced[covered]), takeVoiced: takeVoiced
        ).map { $0.shifted(by: covered.lowerBound) }
        return (centres, covered, differences)
    }

    /// How often the guide's room is estimated along the latest path and the search redone
    /// with the take in it (a second round changed p95 by ≤ 0.1 ms on bench/warp seeds 1–3
    /// and cost a quarter of the estimator's time).
    static let roomRounds = 1

    /// The path searched with the take heard in the guide's room (found along a first path
    /// unless `given`) and held at `floor`, the take's features so heard, and the room.
    static func searchInGuideRoom(
        guide: WarpFeatures, voiced: [Bool], take powers: BandPowers, floor: BandFloor? = nil, room given: RoomModel? = nil
    ) -> (WarpPath, WarpFeatures, RoomModel) {
        if let given {
            let features = WarpFeatures(powers: powers, room: given, floor: floor)
            return (WarpPath.searchCoarseToFine(guide: guide, take: features, jumps: jumpCost), features, given)
        }
        var features = WarpFeatures(powers: powers, floor: floor)
        var path = WarpPath.searchCoarseToFine(guide: guide, take: features, jumps: jumpCost)
        var room = RoomModel.dry
        for _ in 0..<roomRounds {
            let found = guideRoom(guide: guide, voiced: voiced, take: powers, along: path, floor: floor)
            if found == room { break }
            room = found
            features = WarpFeatures(powers: powers, room: room, floor: floor)
            path = WarpPath.searchCoarseToFine(guide: guide, take: features, jumps: jumpCost)
        }
        return (path, features, room)
    }

    /// The candidate room under which the take's features lie closest to the guide's along
    /// `path` (mean distance at voiced guide frames).
    static func guideRoom(guide: WarpFeatures, voiced: [Bool], take: BandPowers, along path: WarpPath, floor: BandFloor? = nil) -> RoomModel {
        let frameSeconds = Double(WarpFeatures.hop) / Double(WarpFeatures.analysisRate)
        var best = (room: RoomModel.dry, distance: Float.infinity)
        for room in RoomModel.candidates(frameSeconds: frameSeconds) {
            let heard = WarpFeatures(powers: take, room: room, floor: floor)
            var sum: Float = 0
            var count = 0
            for s in path.steps where voiced[s.guide] {
                sum += WarpPath.distance(guide, s.guide, heard, s.take)
                count += 1
            }
            let mean = count > 0 ? sum / Float(count) : .infinity
            if mean < best.distance { best = (room, mean) }
        }
        return best.room
    }

    /// What a jump costs the search: a fixed price (about 8 frames of unrelated material) plus
    /// each skipped frame a little below the distance of frames that match (bench/warp --edits, seed 1).
    static let jumpCost = WarpPath.JumpCost(penalty: 8, perFrame: 0.8)

    /// Where the stretch limits hold the map more than `limitFlagFrames` frames (20 ms) off
    /// the path for at least as long: the performances differ in pace more than allowed there.
    static func limitedRegions(_ shift: [Double], takeFrames: [Double], sampleRate: Int) -> [WarpMap.Flag] {
        var flags: [WarpMap.Flag] = []
        var i = 0
        while i < shift.count {
            guard abs(shift[i]) > limitFlagFrames else { i += 1; continue }
            var end = i
            while end < shift.count && abs(shift[end]) > limitFlagFrames { end += 1 }
            if end - i >= Int(limitFlagFrames) {
                let guide = sample(ofFrame: Double(i), sampleRate: sampleRate)..<sample(ofFrame: Double(end), sampleRate: sampleRate)
                let t0 = sample(ofFrame: takeFrames[i], sampleRate: sampleRate)
                let take = t0..<max(t0, sample(ofFrame: takeFrames[end - 1] + 1, sampleRate: sampleRate))
                flags.append(WarpMap.Flag(take: take, guide: guide, reason: .stretchLimit))
            }
            i = end
        }
        return flags
    }

    static let limitFlagFrames = 4.0

    /// Samples at `sampleRate` of the centre of analysis frame `frame` (fractional).
    static func sample(ofFrame frame: Double, sampleRate: Int) -> Int {
        let scale = Double(sampleRate) / Double(WarpFeatures.analysisRate)
        return Int(((frame * Double(WarpFeatures.hop) + Double(WarpFeatures.window) / 2) * scale).rounded())
    }

    static func flag(_ d: WordDifference, sampleRate: Int) -> WarpMap.Flag {
        func samples(_ r: Range<Int>) -> Range<Int> {
            let a = sample(ofFrame: Double(r.lowerBound), sampleRate: sampleRate)
            return a..<max(a, sample(ofFrame: Double(r.upperBound), sampleRate: sampleRate))
        }
        return WarpMap.Flag(take: samples(d.take), guide: samples(d.guide), reason: d.reason)
    }

    /// Map smoothing length, frames: 30 ms at strength 1 (every syllable), 150 ms at the
    /// default 0.5 (words; 70 ms measured 1.4 ms worse at p95 on bench/warp seeds 1–3 and 0.3
    /// lower PESQ on six seed-1 cases: a performance's pace changes smoothly), 510 ms at 0.
    static func smoothingFrames(strength: Double) -> Int {
        let s = min(max(strength, 0), 1)
        let ms = 30 + 480 * (1 - s) * (1 - s)
        let frames = Int((ms * Double(WarpFeatures.analysisRate) / 1000 / Double(WarpFeatures.hop)).rounded())
        return frames | 1
    }

    /// One point per guide frame centre whose take position is inside the take (≥ 0), in
    /// samples at `sampleRate`; equal take positions (a jump over guide material the take
    /// lacks) keep only their ends.
    static func points(_ takeFrames: [Double], sampleRate: Int) -> [WarpMap.Point] {
        var out: [WarpMap.Point] = []
        out.reserveCapacity(takeFrames.count)
        for (i, t) in takeFrames.enumerated() {
            let p = WarpMap.Point(take: sample(ofFrame: t, sampleRate: sampleRate), guide: sample(ofFrame: Double(i), sampleRate: sampleRate))
            // Before the take starts the map runs at slope 1 anyway (silence bridged): no points.
            if p.take < 0 { continue }
            if out.count >= 2, out[out.count - 1].take == p.take, out[out.count - 2].take == p.take {
                out[out.count - 1] = p
            } else {
                out.append(p)
            }
        }
        return out
    }

    /// 0...1 from the mean feature distance along the path at voiced guide frames: 0 at the
    /// distance of unrelated frames (√2 per dimension for z-scored features), 1 at none.
    static func confidence(_ path: WarpPath, guideFeatures: WarpFeatures, voiced: [Bool]) -> Double {
        var sum = 0.0
        var count = 0
        for (s, c) in zip(path.steps, path.costs) where voiced[s.guide] {
            sum += Double(c)
            count += 1
        }
        guard count > 0 else { return 0 }
        return min(max(1 - (sum / Double(count)) / 2.0.squareRoot(), 0), 1)
    }

    static func validate(guide: [Float], take: [Float], sampleRate: Int, options: WarpOptions) throws {
        guard sampleRate >= 8_000 else { throw WarpError.invalidInput("sample rate \(sampleRate) Hz is below 8 kHz") }
        let minimum = sampleRate / 10
        guard guide.count >= minimum, take.count >= minimum else {
            throw WarpError.invalidInput("guide (\(guide.count) samples) and take (\(take.count)) must each last at least 0.1 s")
        }
        guard options.minStretch > 0, options.minStretch <= 1, options.maxStretch >= 1, options.maxStretch.isFinite else {
            throw WarpError.invalidInput("stretch limits \(options.minStretch)…\(options.maxStretch) must enclose 1 and be positive")
        }
    }
}

/// Why a warp map could not be made.
public enum WarpError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The signals or options cannot give a map; the text says which and why.
    case invalidInput(String)

    public var description: String {
        switch self {
        case .invalidInput(let why): return why
        }
    }
}
