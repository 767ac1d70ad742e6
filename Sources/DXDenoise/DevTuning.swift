import Glibc

/// TEMPORARY (experiments only): DXDN_NAME environment overrides of tuning constants.
enum Dev {
    static func value(_ name: String, _ fallback: Double) -> Double {
        guard let raw = getenv("DXDN_" + name), let v = Double(String(cString: raw)) else { return fallback }
        return v
    }
}
