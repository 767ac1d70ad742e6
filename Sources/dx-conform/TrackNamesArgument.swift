import ArgumentParser

/// `tag-bwf --tracks`: iXML track names in channel order, comma-separated ("Mix,Boom");
/// empty entries are skipped, so any text is a valid list.
struct TrackNames: ExpressibleByArgument {
    var names: [String]

    init?(argument: String) {
        names = argument.split(separator: ",").map(String.init)
    }
}
