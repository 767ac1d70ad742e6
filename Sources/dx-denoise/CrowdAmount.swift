import ArgumentParser

/// `--crowd-amount DB|off`: the reduction (dB, 0 to 60, the --amount range) when the
/// background sounds like a crowd, or `off` to use --amount always. Parsed by
/// ArgumentParser, so a bad value is refused (64) before any file is read; shells
/// complete `off` and a few usual amounts.
enum CrowdAmount: Equatable, ExpressibleByArgument {
    case dB(Double)
    case off

    init?(argument: String) {
        if argument.lowercased() == "off" {
            self = .off
            return
        }
        guard let v = Double(argument), v >= 0, v <= 60 else { return nil }
        self = .dB(v)
    }

    /// The reduction in dB, nil when off.
    var dB: Double? {
        if case .dB(let v) = self { return v }
        return nil
    }

    /// As it is typed: `3`, `2.5`, `off`.
    var defaultValueDescription: String {
        switch self {
        case .dB(let v): return v == v.rounded() ? String(Int(v)) : String(v)
        case .off: return "off"
        }
    }

    static var defaultCompletionKind: CompletionKind { .list(["off", "3", "6", "10"]) }
}
