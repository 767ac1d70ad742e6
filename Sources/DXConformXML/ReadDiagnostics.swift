import DXEditModel

/// Warnings gathered while reading one file. Repeats of the same message are folded
/// into one line with a count, so a list with a thousand odd clips stays readable.
struct ReadDiagnostics {
    let file: String?
    private(set) var list: [Diagnostic] = []
    private var seen: [String: Int] = [:]
    private var repeats: [String: Int] = [:]

    init(file: String?) {
        self.file = file
    }

    mutating func warn(_ line: Int?, _ message: String, foldKey: String? = nil) {
        let key = foldKey ?? message
        if seen[key] != nil {
            repeats[key, default: 0] += 1
            return
        }
        seen[key] = list.count
        list.append(Diagnostic(.warning, message, file: file, line: line))
    }

    mutating func append(_ d: Diagnostic) { list.append(d) }

    /// The warnings, each folded message saying how many more times it occurred.
    var diagnostics: [Diagnostic] {
        var out = list
        for (key, n) in repeats {
            guard let i = seen[key] else { continue }
            out[i].message += " (and \(n) more like it)"
        }
        return out
    }

    func failure(_ line: Int?, _ message: String) -> ConformListError {
        ConformListError(.badData, Diagnostic(.error, message, file: file, line: line))
    }
}
