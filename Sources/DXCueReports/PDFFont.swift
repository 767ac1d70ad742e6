/// The fonts reports use (DejaVu, from Debian's fonts-dejavu-core), sizes in points.
enum PDFFont: Int, CaseIterable {
    case body, bold, mono, title, heading, small, italic, big, line

    var pangoName: String {
        switch self {
        case .body: return "DejaVu Sans 8.5"
        case .bold: return "DejaVu Sans Bold 8.5"
        case .mono: return "DejaVu Sans Mono 8.5"
        case .title: return "DejaVu Sans Bold 16"
        case .heading: return "DejaVu Sans Bold 12"
        case .small: return "DejaVu Sans 8"
        case .italic: return "DejaVu Sans Oblique 8.5"
        case .big: return "DejaVu Sans Bold 17"
        case .line: return "DejaVu Sans 12"
        }
    }
}
