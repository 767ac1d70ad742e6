import DXEditModel
import DXTimecode

/// Why a line is re-recorded: a controlled code for sorting and counting, with the
/// spotter's own words kept beside it (reasons in the wild are free text with typos).
public enum ReasonCode: String, Sendable, CaseIterable, Codable {
    case noise = "NOISE"
    case tech = "TECH"
    case persp = "PERSP"
    case perf = "PERF"
    case story = "STORY"
    case add = "ADD"
    case group = "GROUP"

    /// Parses a code name (case-insensitive); `STORY/ADD` is STORY.
    public init?(code: String) {
        let u = code.trimmedSpaces.uppercased()
        if u == "STORY/ADD" { self = .story; return }
        if u == "PERFORMANCE" { self = .perf; return }
        if u == "PERSPECTIVE" { self = .persp; return }
        if u == "TECHNICAL" { self = .tech; return }
        self.init(rawValue: u)
    }

    /// A best guess from a spotter's free text ("Off mic" → TECH, "Revoice" → PERF);
    /// nil when nothing matches, so the text alone is kept.
    public static func classify(_ text: String) -> ReasonCode? {
        let t = text.lowercased()
        if let exact = ReasonCode(code: text) { return exact }
        let table: [(ReasonCode, [String])] = [
            (.group, ["group", "walla", "loop"]),
            (.noise, ["noise", "hum", "buzz", "wind", "traffic", "background", "bg ", "generator", "plane"]),
            (.tech, ["off mic", "off-mic", "mic", "distort", "tech", "clip", "dropout", "radio", "rustle", "sync"]),
            (.persp, ["persp", "distance", "off axis", "off-axis", "too close", "too far"]),
            (.add, ["add", "new line", "wild"]),
            (.story, ["story", "replace line", "line change", "alt line", "rewrite", "plot"]),
            (.perf, ["perf", "revoice", "revioce", "accent", "clarity", "diction", "rhotic", "replace temp",
                     "intonation", "emotion", "energy", "voice"]),
        ]
        for (code, words) in table where words.contains(where: { t.utf8.containsBytes($0.utf8) }) { return code }
        return nil
    }
}

extension String.UTF8View {
    /// Plain byte substring search (faster than generic collection search).
    func containsBytes(_ needle: String.UTF8View) -> Bool {
        let h = Array(self), n = Array(needle)
        guard !n.isEmpty, h.count >= n.count else { return n.isEmpty }
        let first = n[0]
        var i = 0
        let last = h.count - n.count
        while i <= last {
            if h[i] == first {
                var j = 1
                while j < n.count && h[i + j] == n[j] { j += 1 }
                if j == n.count { return true }
            }
            i += 1
        }
        return false
    }
}

/// Flags a supervisor sets per cue, orthogonal to its status.
public struct CueFlags: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let tv = CueFlags(rawValue: 1)
    public static let optional = CueFlags(rawValue: 2)
    public static let effort = CueFlags(rawValue: 4)
    public static let adlib = CueFlags(rawValue: 8)
    public static let tbw = CueFlags(rawValue: 16)
    public static let offScreen = CueFlags(rawValue: 32)

    /// Names in a fixed order, as printed and stored: tv, optional, effort, adlib, tbw, offscreen.
    public static let names: [(CueFlags, String)] = [
        (.tv, "tv"), (.optional, "optional"), (.effort, "effort"), (.adlib, "adlib"), (.tbw, "tbw"), (.offScreen, "offscreen"),
    ]

    public var names: [String] { CueFlags.names.filter { contains($0.0) }.map(\.1) }

    public init(names: [String]) throws {
        var f = CueFlags()
        for n in names {
            let key = n.lowercased()
            guard let hit = CueFlags.names.first(where: { $0.1 == key || ($0.1 == "optional" && key == "opt")
                || ($0.1 == "effort" && key == "eff") || ($0.1 == "offscreen" && (key == "off-screen" || key == "os")) })
            else { throw CueImportError("unknown flag '\(n)': expected tv, optional, effort, adlib, tbw, offscreen") }
            f.insert(hit.0)
        }
        self = f
    }
}

/// Where a cue stands: spotted → to_record → recorded → approved, or omitted.
public enum CueStatus: String, Sendable, CaseIterable, Codable {
    case spotted
    case toRecord = "to_record"
    case recorded
    case approved
    case omitted

    public init?(parsing s: String) {
        let k = s.lowercased().replacingDashes
        if k == "torecord" || k == "to_record" { self = .toRecord; return }
        self.init(rawValue: k)
    }
}

extension String {
    var replacingDashes: String { String(map { $0 == "-" || $0 == " " ? "_" : $0 }) }
}

/// A place in an input file, for messages that name both places of a conflict.
public struct SourcePlace: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
    public var description: String { "\(file):\(line)" }
}

/// One ADR line as an import found it, before it is stored.
public struct SpottedCue: Sendable {
    public var number: String
    public var character: String
    public var characterNumber: String?
    public var characterPrefix: String?
    public var actor: String?
    public var reel: String?
    public var pictureVersion: String?
    public var scene: String?
    /// Absolute frames at `rate` (TC in inclusive, TC out exclusive, as clip bounds are).
    public var start: Int64
    public var finish: Int64
    public var rate: FrameRate
    public var line: String
    public var reasonCode: ReasonCode?
    public var reasonText: String?
    public var priority: Int?
    public var note: String?
    public var flags: CueFlags = []
    public var status: CueStatus = .spotted
    /// Time budget for the line, in seconds (ptulsconv's `Mins` × 60).
    public var budgetSeconds: Int?
    /// Every tag in force for the cue after precedence (what ptulsconv's tagged JSON shows).
    public var tags: [String: String] = [:]
    public var track: String?
    public var place: SourcePlace

    public init(number: String, character: String, start: Int64, finish: Int64, rate: FrameRate, line: String,
                place: SourcePlace) {
        self.number = number
        self.character = character
        self.start = start
        self.finish = finish
        self.rate = rate
        self.line = line
        self.place = place
    }

    public var tcIn: Timecode { Timecode(frames: start, rate: rate) }
    public var tcOut: Timecode { Timecode(frames: finish, rate: rate) }
}

/// Project-level facts an import found (title, client, supervisor, spotting date).
public struct ProjectFacts: Sendable, Equatable {
    public var title: String?
    public var client: String?
    public var supervisor: String?
    public var spotting: String?
    public var rate: FrameRate?
    public init() {}
}

/// What one import produced: cues in file order, project facts, and every warning.
public struct CueImport: Sendable {
    public var file: String
    public var format: String
    public var project = ProjectFacts()
    public var cues: [SpottedCue] = []
    /// Events that carry no cue number (ptulsconv's "generic events"): counted, not stored.
    public var otherEvents = 0
    public var warnings: [Diagnostic] = []

    public init(file: String, format: String) {
        self.file = file
        self.format = format
    }
}

/// An import refused as a whole (nothing is stored): bad data, duplicate cue numbers.
public struct CueImportError: Error, CustomStringConvertible, Sendable {
    /// What the refusal is about, so a tool can name its own option for it.
    public enum Subject: Sendable, Equatable {
        /// The export itself.
        case data
        /// An entry of the caller's CSV column mapping: not FIELD=COLUMN, or naming no column.
        case columnMapping(entry: String, reason: String)
        /// No column holds TC in: a column mapping naming one would read the file.
        case noInColumn
    }

    /// The fact, naming the file (or the mapping entry) first.
    public var description: String
    public var diagnostics: [Diagnostic]
    public var subject: Subject
    public init(_ message: String, diagnostics: [Diagnostic] = [], subject: Subject = .data) {
        description = message
        self.diagnostics = diagnostics
        self.subject = subject
    }

    /// An entry of the column mapping that cannot be used.
    static func mapping(_ entry: some StringProtocol, _ reason: String) -> CueImportError {
        CueImportError("column mapping '\(entry)': \(reason)", subject: .columnMapping(entry: String(entry), reason: reason))
    }
}
