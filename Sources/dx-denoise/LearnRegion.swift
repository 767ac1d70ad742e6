import DXAudio
import DXCLI
import DXTimecode

/// `--learn START-END`: seconds ("0-1.5", "0:1.5", "12.5-14") or timecode
/// ("01:00:10:00-01:00:12:00"), turned into a frame range of the file.
enum LearnRegion {
    static func parse(_ text: String, fps: FrameRate?, reader: AudioReader) throws -> Range<Int64> {
        let rate = reader.format.sampleRate
        let bounds: (Int64, Int64)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, let a = seconds(parts[0]), let b = seconds(parts[1]) {
            bounds = (frames(a, rate), frames(b, rate))
        } else if parts.count == 1, case let c = text.split(separator: ":").map(String.init), c.count == 2,
                  let a = seconds(c[0]), let b = seconds(c[1]) {
            bounds = (frames(a, rate), frames(b, rate))
        } else if parts.count == 2 {
            guard let fps else {
                throw ToolError(.usage, "--learn \(text): timecode needs --fps (the file's frame rate)")
            }
            guard let bext = reader.metadata.bext else {
                throw ToolError(.usage, "\(reader.path): --learn \(text) is timecode but the file has no bext TimeReference; give seconds")
            }
            let origin = Int64(bext.timeReference)
            let start: Int64, end: Int64
            do {
                start = try Timecode(parsing: parts[0], rate: fps).samplePosition(sampleRate: rate)
                end = try Timecode(parsing: parts[1], rate: fps).samplePosition(sampleRate: rate)
            } catch {
                // A timecode typed on the command line: usage (64), naming the option.
                throw ToolError(.usage, "--learn \(text): \(error)")
            }
            bounds = (start - origin, end - origin)
        } else {
            throw ToolError(.usage, "--learn \(text): expected START-END in seconds (0-1.5) or timecode (01:00:10:00-01:00:12:00)")
        }
        guard bounds.1 > bounds.0 else {
            throw ToolError(.usage, "--learn \(text): the end is not after the start")
        }
        guard bounds.0 >= 0, bounds.1 <= reader.frameCount else {
            let length = Double(reader.frameCount) / Double(rate)
            throw ToolError(.usage, "\(reader.path): --learn \(text) is outside the file (0 to \(formatSeconds(length)) s)")
        }
        return bounds.0..<bounds.1
    }

    private static func seconds(_ s: String) -> Double? {
        let t = s.trimmingWhitespace()
        guard !t.isEmpty, t.allSatisfy({ $0.isNumber || $0 == "." }), let v = Double(t), v.isFinite else { return nil }
        return v
    }

    private static func frames(_ seconds: Double, _ rate: Int) -> Int64 {
        Int64((seconds * Double(rate)).rounded())
    }

    private static func formatSeconds(_ s: Double) -> String {
        let ms = Int64((s * 1000).rounded())
        let frac = ms % 1000
        return "\(ms / 1000).\(frac < 10 ? "00" : frac < 100 ? "0" : "")\(frac)"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
