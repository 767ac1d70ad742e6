import DXEditModel

/// A library's remedy in command-line terms: the readers say what would help, the tools
/// say which flag does it.
extension Remedy {
    public var advice: String {
        switch self {
        case .giveFrameRate: return "--fps sets the rate"
        case .recoverXML: return "--recover reads what can be recovered"
        }
    }
}

extension Diagnostic {
    /// `file:line: severity: message; advice`, as the tools print it.
    public var descriptionWithAdvice: String {
        guard let remedy else { return description }
        return description + "; " + remedy.advice
    }
}
