import DXCLI
import DXMediaIndex

/// The media index's errors as dx-conform prints them: the library's fact, then the
/// command that mends it (the status is decided with the conformance, by the kind).
extension MediaIndexError {
    public var reportMessage: String {
        switch remedy {
        case .buildIndex: return description + "; build one with dx-conform index"
        case .buildIntoNewFile: return description + "; build one with dx-conform index --db NEWFILE"
        case nil: return description
        }
    }
}
