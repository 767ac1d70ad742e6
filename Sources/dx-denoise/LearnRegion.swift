import ArgumentParser
import DXAudio
import DXCLI
import DXTimecode

/// `--learn START-END`: seconds ("0-1.5", "0:1.5", "12.5-14") or timecode
/// ("01:00:10:00-01:00:12:00"). Its shape is checked by ArgumentParser (a bad one is
/// refused, 64, before any file is read); the file turns it into a frame range.
struct LearnRegion: Equatable, ExpressibleByArgument {
    enum Bounds: Equatable {
        case seconds(Double, Double)
        /// Timecodes as typed: reading them needs --fps, counting from the file's bext.
        case timecode(String, String)
    }

    /// The argument as typed, for messages.
    let text: String
    let bounds: Bounds

    init?(argument text: String) {
        guard let bounds = Self.bounds(text) else { return nil }
        self.text = text
        self.bounds = bounds
    }

    private static func bounds(_ text: String) -> Bounds? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, let a = Self.seconds(parts[0]), let b = Self.seconds(parts[1]) {
            return .seconds(a, b)
        } else if parts.count == 1, case let c = text.split(separator: ":").map(String.init), c.count == 2,
                  let a = Self.seconds(c[0]), let b = Self.seconds(c[1]) {
            return .seconds(a, b)
        } else if parts.count == 2, parts.allSatisfy(Self.looksLikeTimecode) {
            return .timecode(parts[0], parts[1])
        }
        return nil
    }

    /// The region as frames of the file `reader` reads.
    func frames(fps: FrameRate?, reader: AudioReader) throws -> Range<Int64> {
        let rate = reader.format.sampleRate
        let bounds: (Int64, Int64)
        switch self.bounds {
        case let .seconds(a, b):
            bounds = (Self.frames(a, rate), Self.frames(b, rate))
        case let .timecode(a, b):
            guard let fps else {
                throw ToolError(.usage, "--learn \(text): timecode needs --fps (the file's frame rate)")
            }
            guard let bext = reader.metadata.bext else {
                throw ToolError(.usage, "\(reader.path): --learn \(text) is timecode but the file has no bext TimeReference; give seconds")
            }
            let origin = Int64(bext.timeReference)
            let start: Int64, end: Int64
            do {
                start = try Timecode(parsing: a, rate: fps).samplePosition(sampleRate: rate)
                end = try Timecode(parsing: b, rate: fps).samplePosition(sampleRate: rate)
            } catch {
                // A timecode typed on the command line: usage (64), naming the option.
                throw ToolError(.usage, "--learn \(text): \(error)")
            }
            bounds = (start - origin, end - origin)
        }
        guard bounds.1 > bounds.0 else {
            throw ToolError(.usage, "--learn \(text): the end is not after the start")
        }
        guard bounds.0 >= 0, bounds.1 <= reader.frameCount else {
            let length = Double(reader.frameCount) / Double(rate)
            throw ToolError(.usage, "\(reader.path): --learn \(text) is outside the file (0 to \(Self.formatSeconds(length)) s)")
        }
        return bounds.0..<bounds.1
    }

    /// Digits with `:`, `;` or `.` between them: a timecode label's shape (its fields are
    /// read once the rate is known).
    private static func looksLikeTimecode(_ s: String) -> Bool {
        let t = s.trimmingWhitespace()
        return t.first?.isNumber == true && t.last?.isNumber == true
            && t.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ":" || $0 == ";" || $0 == ".") }
            && t.contains { $0 == ":" || $0 == ";" }
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
