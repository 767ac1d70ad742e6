import CCairo
enum Placeholder { static func v() -> String { String(cString: cairo_version_string()) } }
