/// A learned noise spectrum: mean power per STFT bin for each channel, at one sample rate and
/// frame size. Saved as a small text file so a profile learned on one take (room tone) can be
/// applied to the others from the same location.
public struct NoiseProfile: Sendable, Equatable {
    public var sampleRate: Int
    public var frameSize: Int
    /// `channels[c][k]`: mean periodogram of channel `c`, bin `k` (window and FFT scale of
    /// dxkit's √Hann STFT), `frameSize/2 + 1` bins.
    public var channels: [[Float]]

    public init(sampleRate: Int, frameSize: Int, channels: [[Float]]) {
        self.sampleRate = sampleRate
        self.frameSize = frameSize
        self.channels = channels
    }

    /// The file's first line.
    static let magic = "dxkit-noise-profile 1"

    /// The text form: a header, then one line per channel of space-separated bin powers.
    public func serialized() -> String {
        var s = "\(Self.magic)\nsample_rate \(sampleRate)\nframe_size \(frameSize)\nchannels \(channels.count)\n"
        for c in channels {
            s += c.map { "\($0)" }.joined(separator: " ")
            s += "\n"
        }
        return s
    }

    /// Parses `serialized()` text; errors name the line.
    public static func parse(_ text: String, path: String) throws(DenoiseError) -> NoiseProfile {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func fail(_ line: Int, _ what: String) -> DenoiseError {
            DenoiseError(.badProfile, "\(path):\(line): \(what)")
        }
        guard lines.first == magic else { throw fail(1, "not a dx-denoise noise profile (expected '\(magic)')") }
        func field(_ i: Int, _ name: String) throws(DenoiseError) -> Int {
            guard i < lines.count else { throw fail(i + 1, "missing '\(name)'") }
            let parts = lines[i].split(separator: " ")
            guard parts.count == 2, parts[0] == name, let v = Int(parts[1]), v > 0 else {
                throw fail(i + 1, "expected '\(name) N', found '\(lines[i])'")
            }
            return v
        }
        let rate = try field(1, "sample_rate")
        let frame = try field(2, "frame_size")
        let count = try field(3, "channels")
        guard count <= 1024, frame <= 1 << 20 else { throw fail(4, "implausible size") }
        var channels: [[Float]] = []
        for c in 0..<count {
            let i = 4 + c
            guard i < lines.count else { throw fail(i + 1, "missing the bins of channel \(c + 1)") }
            var bins: [Float] = []
            bins.reserveCapacity(frame / 2 + 1)
            for word in lines[i].split(separator: " ") {
                guard let v = Float(word), v.isFinite, v >= 0 else {
                    throw fail(i + 1, "'\(word)' is not a non-negative number")
                }
                bins.append(v)
            }
            guard bins.count == frame / 2 + 1 else {
                throw fail(i + 1, "channel \(c + 1) has \(bins.count) bins; a \(frame)-point frame has \(frame / 2 + 1)")
            }
            channels.append(bins)
        }
        return NoiseProfile(sampleRate: rate, frameSize: frame, channels: channels)
    }
}
