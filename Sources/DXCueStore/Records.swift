import DXCueImport
import DXTimecode

/// Plain values read from the store: nothing outside this module sees GRDB.
public struct ProjectRecord: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var client: String?
    public var supervisor: String?
    public var spotting: String?
    public var rate: FrameRate
}

public struct TakeRecord: Sendable, Equatable {
    public var id: Int64
    public var cueNumber: String
    public var number: Int
    public var session: String?
    public var file: String?
    public var circled: Bool
    public var comment: String?
    /// Where the take's sample 0 lands on the guide, in microseconds (from dx-align).
    public var alignOffsetMicroseconds: Int64?
    public var alignConfidence: Double?
    public var alignMatch: Bool?
}

public struct CueRecord: Sendable, Equatable {
    public var id: Int64
    public var number: String
    public var character: String
    public var characterNumber: String?
    public var prefix: String?
    public var actor: String?
    public var reel: String?
    /// The reel's position in the order reels were first found (for sorting).
    public var reelPosition: Int?
    public var version: String?
    public var scene: String?
    public var tcIn: Timecode
    public var tcOut: Timecode
    public var line: String
    public var reasonCode: ReasonCode?
    public var reasonText: String?
    public var priority: Int?
    public var flags: CueFlags
    public var status: CueStatus
    public var note: String?
    public var budgetSeconds: Int?
    /// Every tag an import saw, as a JSON object text.
    public var tagsJSON: String
    /// Where the cue came from (file:line), when imported.
    public var source: String?
    public var takes: [TakeRecord] = []

    public var rate: FrameRate { tcIn.rate }
    public var durationFrames: Int64 { tcOut.frames - tcIn.frames }
}

public struct SessionRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var stage: String?
    public var date: String?
    public var engineer: String?
    public var note: String?
    public var actors: [String]
}

/// Which cues a query returns. All filters combine with AND; nil means any.
public struct CueFilter: Sendable {
    public var characters: [String] = []
    public var actors: [String] = []
    public var reels: [String] = []
    public var statuses: [CueStatus] = []
    public var reasons: [ReasonCode] = []
    public var numbers: [String] = []
    /// Full-text query over line, note and reason (every word, as prefixes).
    public var text: String?
    public init() {}
}

/// What an import changed, for the user and for `--json`.
public struct ImportReport: Sendable {
    public struct Change: Sendable {
        public var number: String
        public var fields: [(field: String, old: String, new: String)]
    }
    public var file: String
    public var added: [String] = []
    public var updated: [Change] = []
    public var unchanged = 0
    /// Cue numbers in the store but not in this import (left as they are, or omitted on request).
    public var missing: [String] = []
    public var omitted: [String] = []
    public var createdProject = false
    public var converted: String?
}

/// Errors the store reports, each with a message for the user.
public struct CueStoreError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        case busy, notFound, invalid, conflict, io
        /// The database holds no project yet (`subject`: the database's path).
        case noProject
        /// No session of that name (`subject`: the name).
        case noSession
    }
    public var kind: Kind
    /// The fact; what to do about it is the tool's to say.
    public var description: String
    /// What a `noProject` or `noSession` error is about, for the tool's advice.
    public var subject: String?
    public init(_ kind: Kind, _ description: String, subject: String? = nil) {
        self.kind = kind
        self.description = description
        self.subject = subject
    }
}
