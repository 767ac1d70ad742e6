import ArgumentParser
import DXCLI
import DXConformMedia
import DXEditModel

/// Options of the commands that match a list to media.
struct MatchOptions: ParsableArguments {
    @Option(name: .long, help: "Channels to take: listed (the list's source channel where it names one, else all), all, or iXML track names and 1-based numbers (boom,lav1 or 1,3).")
    var channels: ChannelSelection = .asListed

    @Option(name: .long, parsing: .upToNextOption, help: "Only these audio tracks (A1, A2…).")
    var track: [TrackID] = []

    @Flag(name: .long, help: "Take a file whose iXML tape disagrees with the list's reel when only its timecode agrees (time of day repeats every shooting day: this can place the wrong take).")
    var allowTimecodeOnly = false

    func matcher() throws -> EventMatcher {
        var tracks: Set<TrackID>? = nil
        if !track.isEmpty {
            tracks = []
            for t in track {
                guard t.kind == .audio else { throw ToolError(.usage, "--track \(t): expected A1, A2…") }
                tracks!.insert(t)
            }
        }
        return EventMatcher(channels: channels, tracks: tracks, allowTimecodeOnly: allowTimecodeOnly)
    }
}
