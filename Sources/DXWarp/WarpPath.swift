/// Dynamic time warping between guide and take feature frames inside a band.
///
/// Steps (1,1), (1,0), (0,1), each costing the local distance once (the symmetric form
/// librosa uses), from the first guide frame to the last; the take end points are free but
/// for the speech they leave out (a take's lead-in and tail have no counterpart). Open guide
/// ends (for a margin holding other lines) measured worse on bench/warp and are not used. Row `i` (guide frame) may only visit
/// take frames `band[i]`; rows must overlap their neighbours so a path exists.
struct WarpPath {
    /// (guide frame, take frame) pairs, both non-decreasing, from the start.
    var steps: [(guide: Int, take: Int)]
    /// Local distance at each step (Euclidean, per √dimension).
    var costs: [Float]
    /// False when the band left no path to the last cell (the steps are then meaningless).
    var reachedEnd = true

    /// Euclidean distance between guide frame `i` and take frame `j`, per √dimension.
    static func distance(_ guide: WarpFeatures, _ i: Int, _ take: WarpFeatures, _ j: Int) -> Float {
        let d = guide.dimensions
        var sum: Float = 0
        guide.values.withUnsafeBufferPointer { g in
            take.values.withUnsafeBufferPointer { t in
                let gi = i * d
                let tj = j * d
                for k in 0..<d {
                    let e = g[gi + k] - t[tj + k]
                    sum += e * e
                }
            }
        }
        return (sum / Float(d)).squareRoot()
    }

    /// Prices of a jump: a jump skips guide frames (a word the take leaves out) or take
    /// frames (a word the guide lacks) for `penalty` plus `perFrame` for each frame skipped,
    /// instead of forcing those frames onto other words. `perFrame` near the distance of
    /// matching frames makes skipping no cheaper than matching; `penalty` is what a jump
    /// must save to be taken.
    struct JumpCost {
        var penalty: Float
        var perFrame: Float
        static let none = JumpCost(penalty: .infinity, perFrame: 0)
    }

    /// Moves back to the predecessor cell.
    private enum Move: UInt8 { case diagonal, guideStep, takeStep, guideJump, takeJump, start }

    /// The cheapest path; `band[i]` = allowed take frames of guide frame `i` (clipped to the take).
    // One function: the recursion and its back-pointers share their index arithmetic.
    static func search(guide: WarpFeatures, take: WarpFeatures, band: [Range<Int>], jumps: JumpCost = .none) -> WarpPath {
        let rows = guide.frameCount
        let columns = take.frameCount
        precondition(rows > 0 && columns > 0 && band.count == rows)
        let lanes = band.map { $0.clamped(to: 0..<columns) }
        var offsets = [Int](repeating: 0, count: rows + 1)
        for i in 0..<rows { offsets[i + 1] = offsets[i] + lanes[i].count }
        let local = localDistances(guide: guide, take: take, lanes: lanes, offsets: offsets)
        var total = [Float](repeating: .infinity, count: offsets[rows])
        var move = [Move](repeating: .diagonal, count: offsets[rows])
        var jumpFrom = [Int32](repeating: 0, count: jumps.penalty.isFinite ? offsets[rows] : 0)
        // Best start of a guide jump landing in each column: min over rows r ≤ i − 2 of
        // total(r, column) − r·perFrame, and that row.
        // Cost of leaving out take frames before / after the path: their speech at `perFrame`
        // (a lead-in or tail of silence is free; without jumps, speech cannot be left out).
        let speechCost: Float = jumps.penalty.isFinite ? jumps.perFrame : 1e6
        let skippedBefore = Self.speechBefore(take, cost: speechCost)
        var columnBest = [Float](repeating: .infinity, count: columns)
        var columnBestRow = [Int32](repeating: 0, count: columns)
        func cell(_ i: Int, _ j: Int) -> Float {
            guard i >= 0, lanes[i].contains(j) else { return .infinity }
            return total[offsets[i] + j - lanes[i].lowerBound]
        }
        for i in 0..<rows {
            if jumps.penalty.isFinite && i >= 2 {
                let r = i - 2
                for j in lanes[r] {
                    let v = total[offsets[r] + j - lanes[r].lowerBound] - Float(r) * jumps.perFrame
                    if v < columnBest[j] { columnBest[j] = v; columnBestRow[j] = Int32(r) }
                }
            }
            var rowBest = Float.infinity  // min over j' ≤ j − 2 of total(i − 1, j') − j'·perFrame
            var rowBestColumn = 0
            if jumps.penalty.isFinite && i >= 1 {  // the previous row's columns left of this lane
                for j in lanes[i - 1] where j < lanes[i].lowerBound - 2 {
                    let v = total[offsets[i - 1] + j - lanes[i - 1].lowerBound] - Float(j) * jumps.perFrame
                    if v < rowBest { rowBest = v; rowBestColumn = j }
                }
            }
            for j in lanes[i] {
                let k = offsets[i] + j - lanes[i].lowerBound
                let c = local[k]
                // The path starts at the first guide frame, anywhere in the take, paying for
                // the take's speech it leaves out.
                var best = i == 0 ? skippedBefore[j] : .infinity
                var from = Move.start
                let diagonal = cell(i - 1, j - 1)
                if diagonal < best { best = diagonal; from = .diagonal }
                let up = cell(i - 1, j)
                if up < best { best = up; from = .guideStep }
                let left = j > lanes[i].lowerBound ? total[k - 1] : .infinity
                if left < best { best = left; from = .takeStep }
                if jumps.penalty.isFinite {
                    let candidate = cell(i - 1, j - 2)
                    if candidate.isFinite && candidate - Float(j - 2) * jumps.perFrame < rowBest {
                        rowBest = candidate - Float(j - 2) * jumps.perFrame
                        rowBestColumn = j - 2
                    }
                    let takeJump = rowBest + Float(j - 1) * jumps.perFrame + jumps.penalty
                    if takeJump < best { best = takeJump; from = .takeJump; jumpFrom[k] = Int32(rowBestColumn) }
                    if j >= 1 {
                        let guideJump = columnBest[j - 1] + Float(i - 1) * jumps.perFrame + jumps.penalty
                        if guideJump < best { best = guideJump; from = .guideJump; jumpFrom[k] = columnBestRow[j - 1] }
                    }
                }
                total[k] = best + c
                move[k] = from
            }
        }
        return traceBack(
            Cells(total: total, local: local, move: move, jumpFrom: jumpFrom, lanes: lanes, offsets: offsets),
            skippedBefore: skippedBefore, columns: columns)
    }

    /// The searched band of cells, row by row (`offsets[i]` = first cell of row `i`).
    private struct Cells {
        var total: [Float]
        var local: [Float]
        var move: [Move]
        var jumpFrom: [Int32]
        var lanes: [Range<Int>]
        var offsets: [Int]
    }

    /// The cheapest path back from the last guide frame through the moves `search` chose.
    private static func traceBack(_ cells: Cells, skippedBefore: [Float], columns: Int) -> WarpPath {
        let (total, local, move, jumpFrom, lanes, offsets) =
            (cells.total, cells.local, cells.move, cells.jumpFrom, cells.lanes, cells.offsets)
        let rows = lanes.count
        // It ends at the last guide frame, paying for the take's speech left out after it.
        var i = rows - 1
        var j = lanes[rows - 1].lowerBound
        var bestEnd = Float.infinity
        for c in lanes[rows - 1] {
            let e = total[offsets[rows - 1] + c - lanes[rows - 1].lowerBound] + skippedBefore[columns] - skippedBefore[c + 1]
            if e < bestEnd { bestEnd = e; j = c }
        }
        guard bestEnd.isFinite else { return WarpPath(steps: [], costs: [], reachedEnd: false) }
        var steps: [(guide: Int, take: Int)] = []
        var costs: [Float] = []
        while true {
            let k = offsets[i] + j - lanes[i].lowerBound
            steps.append((i, j))
            costs.append(local[k])
            switch move[k] {
            case .start: break
            case .diagonal: i -= 1; j -= 1
            case .guideStep: i -= 1
            case .takeStep: j -= 1
            case .guideJump: i = Int(jumpFrom[k]); j -= 1
            case .takeJump: i -= 1; j = Int(jumpFrom[k])
            }
            if move[k] == .start { break }
        }
        return WarpPath(steps: steps.reversed(), costs: costs.reversed(), reachedEnd: true)
    }
}

extension WarpPath {
    /// `distance` for every cell of the band, row by row (`offsets[i]` = first cell of row `i`).
    static func localDistances(guide: WarpFeatures, take: WarpFeatures, lanes: [Range<Int>], offsets: [Int]) -> [Float] {
        let d = guide.dimensions
        let scale = 1 / Float(d)
        var out = [Float](repeating: 0, count: offsets[lanes.count])
        guide.values.withUnsafeBufferPointer { g in
            take.values.withUnsafeBufferPointer { t in
                out.withUnsafeMutableBufferPointer { o in
                    for (i, lane) in lanes.enumerated() {
                        let gi = g.baseAddress! + i * d
                        var k = offsets[i]
                        for j in lane {
                            let tj = t.baseAddress! + j * d
                            var sum: Float = 0
                            for m in 0..<d {
                                let e = gi[m] - tj[m]
                                sum += e * e
                            }
                            o[k] = (sum * scale).squareRoot()
                            k += 1
                        }
                    }
                }
            }
        }
        return out
    }

    /// Running sum of `cost` over the speech frames of `features`: element `k` prices
    /// leaving out frames `0..<k`.
    static func speechBefore(_ features: WarpFeatures, cost: Float) -> [Float] {
        let voiced = GuideTimeline.voicedFrames(levels: features.levels)
        var sums = [Float](repeating: 0, count: voiced.count + 1)
        for k in voiced.indices { sums[k + 1] = sums[k] + (voiced[k] ? cost : 0) }
        return sums
    }

    /// Frame-rate ratios of the coarse-to-fine search: a full search at 80 ms frames, then
    /// 20 ms and 5 ms searches inside a band around the coarser path (cost grows with the
    /// line's length, not with its square, so a 60 s line stays cheap).
    static let refinementFactors = [16, 4, 1]
    /// Half-width of the band around the projected coarser path, in that coarser level's frames.
    static let bandRadius = 3

    /// The cheapest path found coarse to fine.
    static func searchCoarseToFine(guide: WarpFeatures, take: WarpFeatures, jumps: JumpCost = .none) -> WarpPath {
        var path: WarpPath?
        var previousFactor = 1
        for factor in refinementFactors {
            let g = factor == 1 ? guide : guide.coarsened(by: factor)
            let t = factor == 1 ? take : take.coarsened(by: factor)
            let band: [Range<Int>]
            if let coarse = path {
                band = projectedBand(coarse, ratio: previousFactor / factor, rows: g.frameCount, columns: t.frameCount)
            } else {
                band = [Range<Int>](repeating: 0..<t.frameCount, count: g.frameCount)
            }
            let levelJumps = JumpCost(penalty: jumps.penalty / Float(factor), perFrame: jumps.perFrame)
            path = search(guide: g, take: t, band: band, jumps: levelJumps)
            if path?.reachedEnd == false {  // a band too narrow: search this level in full
                let full = [Range<Int>](repeating: 0..<t.frameCount, count: g.frameCount)
                path = search(guide: g, take: t, band: full, jumps: levelJumps)
            }
            previousFactor = factor
        }
        return path!
    }

    /// For each fine row, the fine columns under the coarse path's cells in it, widened by
    /// `bandRadius` coarse frames.
    static func projectedBand(_ coarse: WarpPath, ratio: Int, rows: Int, columns: Int) -> [Range<Int>] {
        var low = [Int](repeating: Int.max, count: rows)
        var high = [Int](repeating: Int.min, count: rows)
        let radius = bandRadius * ratio
        for s in coarse.steps {
            for i in (s.guide * ratio)..<min((s.guide + 1) * ratio, rows) {
                low[i] = min(low[i], s.take * ratio - radius)
                high[i] = max(high[i], (s.take + 1) * ratio + radius)
            }
        }
        return (0..<rows).map { i in
            low[i] == Int.max ? 0..<columns : max(low[i], 0)..<min(max(high[i], 1), columns)
        }
    }
}

extension WarpPath {
    /// What `search` pays for this path with `jumps`: the local distances, every jump's price,
    /// and the take's speech left out before and after it; take frames a jump skips cost
    /// `skippedTakeFrame` each instead of `jumps.perFrame` when given. Lets two paths over the
    /// same signals be compared, one of them found on a shortened take.
    func price(take: WarpFeatures, jumps: JumpCost, skippedTakeFrame: Float? = nil) -> Float {
        guard let head = steps.first, let tail = steps.last else { return .infinity }
        var total = costs.reduce(0, +)
        for (a, b) in zip(steps, steps.dropFirst()) {
            let guideSkip = Float(max(b.guide - a.guide - 1, 0))
            let takeSkip = Float(max(b.take - a.take - 1, 0))
            if guideSkip + takeSkip > 0 {
                total += jumps.penalty + guideSkip * jumps.perFrame + takeSkip * (skippedTakeFrame ?? jumps.perFrame)
            }
        }
        let speech = Self.speechBefore(take, cost: jumps.perFrame)
        return total + speech[head.take] + speech[take.frameCount] - speech[tail.take + 1]
    }

}
