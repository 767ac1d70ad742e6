import DXCueImport
import DXCueStore
import DXTimecode

/// A report as rows in sections, independent of how it is printed: the CSV, JSON,
/// HTML and PDF writers all render the same document, so the four formats never disagree.
public struct ReportDocument: Sendable {
    public enum Layout: String, Sendable {
        /// Rows under column headings.
        case table
        /// One block per row (a recording log's cue with its take grid).
        case cards
    }

    public struct Column: Sendable {
        public var title: String
        /// Share of the page width.
        public var weight: Double
        public var alignRight = false
        /// Long text that wraps (the line, notes); other cells stay on one line.
        public var wraps = false
        public init(_ title: String, _ weight: Double, right: Bool = false, wraps: Bool = false) {
            self.title = title
            self.weight = weight
            alignRight = right
            self.wraps = wraps
        }
    }

    public struct Row: Sendable {
        public enum Style: String, Sendable { case normal, subtotal, total }
        public var cells: [String]
        public var style: Style = .normal
        /// For recording logs: take numbers recorded and circled, on a grid of `slots`.
        public var takeGrid: TakeGrid?
        public init(_ cells: [String], style: Style = .normal, takeGrid: TakeGrid? = nil) {
            self.cells = cells
            self.style = style
            self.takeGrid = takeGrid
        }
    }

    public struct TakeGrid: Sendable, Equatable {
        public var slots: Int
        public var recorded: [Int]
        public var circled: [Int]
    }

    public struct Section: Sendable {
        public var heading: String?
        public var details: [String] = []
        public var columns: [Column]
        public var rows: [Row] = []
        public var footnotes: [String] = []
        /// Start this section on a new page (one actor per page set).
        public var pageBreakBefore = false
        public var layout: Layout = .table
        public init(heading: String?, columns: [Column]) {
            self.heading = heading
            self.columns = columns
        }
    }

    /// supervisor, sides, log, linecount, callsheet.
    public var kind: String
    public var title: String
    /// Label/value pairs printed under the title (project, client, supervisor, printed…).
    public var meta: [(label: String, value: String)]
    public var sections: [Section]
    /// Landscape for wide tables, portrait for sides and logs.
    public var landscape: Bool

    public init(kind: String, title: String, meta: [(label: String, value: String)], sections: [Section], landscape: Bool) {
        self.kind = kind
        self.title = title
        self.meta = meta
        self.sections = sections
        self.landscape = landscape
    }
}

/// Everything a report is built from.
public struct ReportData: Sendable {
    public var project: ProjectRecord
    public var cues: [CueRecord]
    public var sessions: [SessionRecord]
    /// Reels in the order they were found.
    public var reels: [String]
    /// When the report is printed (shown in its header), e.g. "2026-12-02 10:00".
    public var printed: String

    public init(project: ProjectRecord, cues: [CueRecord], sessions: [SessionRecord], reels: [String], printed: String) {
        self.project = project
        self.cues = cues
        self.sessions = sessions
        self.reels = reels
        self.printed = printed
    }
}
