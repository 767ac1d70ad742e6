import ArgumentParser
import DXCueImport
import DXCueReports
import DXCueStore

// The enum-like options of dx-cues as typed arguments: the parser refuses a value that is
// not one of them (exit 64) before the command runs, --help lists them, and shells
// complete them. Each reads what the library's own parser reads (any case, to-record…).

extension CueStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension ReasonCode: ExpressibleByArgument {
    public init?(argument: String) { self.init(code: argument) }
}

extension CueImporter.Format: ExpressibleByArgument {}

extension RenumberScheme.Scope: ExpressibleByArgument, CaseIterable {
    public static var allCases: [Self] { [.global, .reel] }
}

/// `report --format` and each of `--formats`.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case csv, json, html, pdf
}

/// `edit/add --reason CODE|none`: a reason code, or none (or empty) to clear it.
enum ReasonArgument: Equatable, ExpressibleByArgument {
    case code(ReasonCode)
    case none

    init?(argument: String) {
        let t = argument.trimmedSpaces.lowercased()
        if t.isEmpty || t == "none" {
            self = .none
        } else if let c = ReasonCode(code: argument) {
            self = .code(c)
        } else {
            return nil
        }
    }

    /// The code to store: nil clears it.
    var code: ReasonCode? {
        if case .code(let c) = self { return c }
        return nil
    }

    static var allValueStrings: [String] { ReasonCode.allCases.map(\.rawValue) + ["none"] }
}

/// `--flags tv,optional`: names separated by commas (the library's names and short
/// forms); an empty value clears them.
extension CueFlags: ExpressibleByArgument {
    public init?(argument: String) {
        let names = argument.split(separator: ",").map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
        guard let flags = try? CueFlags(names: names) else { return nil }
        self = flags
    }

    public static var defaultCompletionKind: CompletionKind { .list(CueFlags.names.map(\.1)) }
}

/// `--mins 1.5`: a time budget in minutes (up to three decimals), kept as whole seconds.
struct BudgetMinutes: ExpressibleByArgument {
    var seconds: Int

    init?(argument: String) {
        guard let s = ProToolsCueReader.minutesToSeconds(argument) else { return nil }
        seconds = s
    }
}

/// `renumber --prefix CHARACTER=PFX`: a character's cue-number prefix.
struct PrefixAssignment: ExpressibleByArgument {
    var character: String
    var prefix: String

    init?(argument: String) {
        let kv = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard kv.count == 2, !kv[1].isEmpty else { return nil }
        character = kv[0]
        prefix = kv[1]
    }
}

/// `report KIND`: a report of DXCueReports, a marker export, or all of them.
enum ReportChoice: String, CaseIterable, ExpressibleByArgument {
    case supervisor, sides, log, linecount, callsheet
    case resolveEDL = "resolve-edl"
    case avidMarkers = "avid-markers"
    case all

    /// The report to build; nil for the marker exports and `all`.
    var reportKind: ReportKind? { ReportKind(rawValue: rawValue) }
}

/// `report all --formats csv,pdf`: formats separated by commas.
struct ReportFormats: ExpressibleByArgument {
    var formats: [ReportFormat]

    init(_ formats: [ReportFormat]) { self.formats = formats }

    init?(argument: String) {
        var list: [ReportFormat] = []
        for part in argument.split(separator: ",") {
            guard let f = ReportFormat(rawValue: String(part).trimmedSpaces.lowercased()) else { return nil }
            list.append(f)
        }
        formats = list
    }

    var defaultValueDescription: String { formats.map(\.rawValue).joined(separator: ",") }

    static var defaultCompletionKind: CompletionKind { .list(ReportFormat.allCases.map(\.rawValue)) }
}
