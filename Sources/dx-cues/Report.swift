import ArgumentParser
import DXCLI
import DXCueReports
import DXCueStore

extension DXCues {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a report (not built yet).")
        @OptionGroup var global: GlobalOptions
        func run() throws {}
    }
}
