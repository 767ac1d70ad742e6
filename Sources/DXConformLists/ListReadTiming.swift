import DXEditModel

/// How long reading one list took over several runs (`dx-conform time-read`, which
/// `make bench` runs: bench/conform.py reads this JSON), beside the reader it times.
public struct ListReadTiming: Sendable {
    public var file: String
    /// Size of the list in bytes (nil when it could not be stated).
    public var bytes: Int?
    /// Events read (all timelines of the list).
    public var events: Int
    /// Seconds each run took, in the order run (at least one).
    public var seconds: [Double]

    public init(file: String, bytes: Int?, events: Int, seconds: [Double]) {
        self.file = file
        self.bytes = bytes
        self.events = events
        self.seconds = seconds
    }

    /// One compact JSON object: the file, its bytes and events, the number of runs, and
    /// the median and fastest run in seconds (as Swift prints a Double); ends with a newline.
    public var json: String {
        let sorted = seconds.sorted()
        var w = JSONWriter()
        w.beginObject()
        w.field("file", file)
        w.field("bytes", bytes)
        w.field("events", events)
        w.field("runs", sorted.count)
        w.key("median_s"); w.number(String(sorted[sorted.count / 2]))
        w.key("min_s"); w.number(String(sorted[0]))
        w.endObject()
        w.finishLine()
        return w.output
    }
}
