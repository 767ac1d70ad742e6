import DXAlign
import DXCLI
import Dispatch
import Synchronization

/// Each distinct guide of a batch analysed once, in parallel across guides (a lone guide
/// gets both cores for its own analysis); a guide that fails is kept as its error, so each
/// take of it reports that error.
enum GuideAnalyses {
    static func analyse(_ entries: [ManifestEntry]) -> [String: Result<GuideAnalysis, ToolError>] {
        var distinct: [String] = []
        for e in entries where !distinct.contains(e.guide) { distinct.append(e.guide) }
        let paths = distinct
        let analyses = Mutex([String: Result<GuideAnalysis, ToolError>]())
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            let r: Result<GuideAnalysis, ToolError>
            do { r = .success(try GuideAnalysis(path: paths[i], tasks: paths.count == 1 ? 2 : 1)) } catch {
                r = .failure(ErrorReporting.toolError(error))
            }
            analyses.withLock { $0[paths[i]] = r }
        }
        return analyses.withLock { $0 }
    }
}
