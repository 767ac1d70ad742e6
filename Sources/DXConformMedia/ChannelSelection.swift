/// Which channels of a polyphonic file to take: all, or a list of iXML track names
/// and 1-based channel numbers (`--channels boom,lav1` or `--channels 1,3`).
public enum ChannelSelection: Sendable, Equatable, CustomStringConvertible {
    case all
    /// The source channel the list names for the event (XML `sourcetrack`), else all.
    case asListed
    case list([Item])

    public enum Item: Sendable, Equatable, CustomStringConvertible {
        case number(Int)
        case name(String)

        public var description: String {
            switch self {
            case .number(let n): return String(n)
            case .name(let s): return s
            }
        }
    }

    /// Parses "all" or a comma-separated list; numbers are channel numbers, anything else a track name.
    public init(parsing text: String) throws(ChannelSelectionError) {
        let trimmed = text.trimmingCharacters(" ")
        if trimmed.isEmpty || trimmed.lowercased() == "listed" {
            self = .asListed
            return
        }
        if trimmed.lowercased() == "all" {
            self = .all
            return
        }
        var items: [Item] = []
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let p = String(part).trimmingCharacters(" ")
            guard !p.isEmpty else { throw ChannelSelectionError(text: text, reason: "an empty entry") }
            if let n = Int(p) {
                guard n >= 1 else { throw ChannelSelectionError(text: text, reason: "channel numbers count from 1") }
                items.append(.number(n))
            } else {
                items.append(.name(p))
            }
        }
        self = .list(items)
    }

    public var description: String {
        switch self {
        case .all: return "all"
        case .asListed: return "listed"
        case .list(let items): return items.map(\.description).joined(separator: ",")
        }
    }

    /// The 0-based channel indexes of `file` this selection names, or why it cannot.
    public func resolve(in file: MediaRecord, listedChannel: Int? = nil) -> Result<[Int], ChannelSelectionError> {
        switch self {
        case .asListed:
            guard let c = listedChannel else { return .success(Array(0..<file.channels)) }
            guard c >= 1, c <= file.channels else {
                return .failure(ChannelSelectionError(text: description, reason: "the list names source channel \(c) but \(file.fileName) has \(file.channels)"))
            }
            return .success([c - 1])
        case .all:
            return .success(Array(0..<file.channels))
        case .list(let items):
            var out: [Int] = []
            for item in items {
                switch item {
                case .number(let n):
                    guard n <= file.channels else {
                        return .failure(ChannelSelectionError(text: description, reason: "channel \(n) but \(file.fileName) has \(file.channels)"))
                    }
                    out.append(n - 1)
                case .name(let name):
                    let wanted = name.lowercased()
                    guard let i = file.trackNames.firstIndex(where: { $0.lowercased() == wanted }) else {
                        let names = file.trackNames.enumerated().map { "\($0.offset + 1)=\($0.element.isEmpty ? "?" : $0.element)" }
                        return .failure(ChannelSelectionError(
                            text: description,
                            reason: "no track named \(name) in \(file.fileName) (tracks: \(names.isEmpty ? "no iXML track names" : names.joined(separator: " ")))"))
                    }
                    out.append(i)
                }
            }
            return .success(out)
        }
    }
}

public struct ChannelSelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var reason: String
    /// The selection as given, then why it cannot be used (the tool names its option).
    public var description: String { "channels \(text): \(reason)" }
}

extension String {
    func trimmingCharacters(_ c: Character) -> String {
        var s = Substring(self)
        while s.first == c || s.first == "\t" { s = s.dropFirst() }
        while s.last == c || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
