#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A room's reverberant tail in the frame-power domain: each frame's power leaks into the
/// following frames, falling by `decayPerFrame` per frame, `gain` times the source in the
/// first. Used to give a dry take the guide's room before the two are compared.
///
/// Why: lip sync follows the direct sound, but a guide recorded in a room keeps its energy
/// up after every syllable. Taking the tail out of the guide alone (`WarpFeatures`) cannot
/// undo it where the tail dominates (word ends, the line's end), and what is left lands the
/// guide late by 5…45 ms there (bench/warp seeds 1–3). Putting the same tail on the take
/// makes the two signals differ only in timing, so matching them has no such bias.
struct RoomModel: Equatable {
    /// Power kept from one frame to the next (0 = no tail).
    var decayPerFrame: Float
    /// Tail power in the frame after a source frame, relative to that frame's power.
    var gain: Float

    static let dry = RoomModel(decayPerFrame: 0, gain: 0)

    /// - Parameters:
    ///   - rt60: seconds for the tail to fall by 60 dB.
    ///   - directToReverberant: direct over reverberant energy, dB.
    ///   - frameSeconds: frame spacing, seconds.
    init(rt60: Double, directToReverberant: Double, frameSeconds: Double) {
        let a = pow(10, -6 * frameSeconds / rt60)
        // Σ_{m≥1} gain·a^(m−1) = gain / (1 − a) = the reverberant share of the energy.
        decayPerFrame = Float(a)
        gain = Float(pow(10, -directToReverberant / 10) * (1 - a))
    }

    init(decayPerFrame: Float, gain: Float) {
        self.decayPerFrame = decayPerFrame
        self.gain = gain
    }

    /// The rooms tried on a take (bench/warp's rooms span RT60 0.15…0.5 s and DRR 2…10 dB;
    /// real ADR guides from a set or a location fall in the same range), the dry one first.
    static func candidates(frameSeconds: Double) -> [RoomModel] {
        var out = [RoomModel.dry]
        for rt60 in [0.12, 0.18, 0.25, 0.35, 0.5, 0.7] {
            for drr in [14.0, 9, 5, 2, -1] {
                out.append(RoomModel(rt60: rt60, directToReverberant: drr, frameSeconds: frameSeconds))
            }
        }
        return out
    }

    /// Band powers (linear, frame-major, `bands` per frame) with this room's tail added.
    func applied(toPower power: [Float], frames: Int, bands: Int) -> [Float] {
        guard gain > 0 else { return power }
        var tail = [Float](repeating: 0, count: bands)
        var out = power
        for k in 0..<frames {
            for b in 0..<bands {
                let p = power[k * bands + b]
                out[k * bands + b] = p + tail[b]
                tail[b] = decayPerFrame * tail[b] + gain * p
            }
        }
        return out
    }
}
