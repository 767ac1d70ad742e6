import ArgumentParser
import DXCueImport
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
