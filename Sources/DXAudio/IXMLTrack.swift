/// One entry of an iXML `TRACK_LIST`: which file channel carries which microphone.
public struct IXMLTrack: Sendable, Equatable {
    /// 1-based channel number on the recorder.
    public var channelIndex: Int
    /// 1-based position of the channel in this file's interleave.
    public var interleaveIndex: Int
    /// The track name ("Boom", "Lav 1").
    public var name: String
    /// The recorder's function label, when given.
    public var function: String?

    public init(channelIndex: Int, interleaveIndex: Int, name: String, function: String? = nil) {
        self.channelIndex = channelIndex
        self.interleaveIndex = interleaveIndex
        self.name = name
        self.function = function
    }
}
