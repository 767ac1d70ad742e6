import DXConformXML
import DXEditModel
import DXTimecode
import Foundation
import Testing

/// The XML fixtures (Fixtures/xml), found from this file so tests run from any directory.
enum XMLFixtures {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("xml")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(name))) }

    /// Every timeline of a fixture.
    static func read(_ name: String, recover: Bool = false) throws -> [Timeline] {
        try XMLListReader().read(bytes(name), options: .init(fileName: name, recover: recover))
    }

    /// The main (first) timeline of a fixture.
    static func timeline(_ name: String, recover: Bool = false) throws -> Timeline {
        try #require(read(name, recover: recover).first)
    }
}

extension Timeline {
    func events(on track: String) -> [Event] {
        let id = TrackID(track)!
        return events.filter { $0.tracks.contains(id) }
    }

    /// A record timecode label at the timeline's rate.
    func label(_ frames: Int64) -> String { Timecode(frames: frames, rate: rate).description }

    var warningText: String { source.diagnostics.map(\.description).joined(separator: "\n") }
}

extension Event {
    func recordIn(_ t: Timeline) -> String { t.label(record.start) }
    func recordOut(_ t: Timeline) -> String { t.label(record.end) }
    var sourceIn: String { Timecode(frames: sourceRange.start, rate: sourceRate).description }
    var sourceOut: String { Timecode(frames: sourceRange.end, rate: sourceRate).description }
}
