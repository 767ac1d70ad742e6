import DXAudio
import DXCLI
import DXConformMedia
import Dispatch

/// Renders placements on a few threads (each file has its own reader and writer, so
/// the work splits across files, never across one handle).
enum RenderRun {
    static func run(_ renderer: Renderer, _ placements: [Placement], jobs: Int, showProgress: Bool) -> [AudioError] {
        final class Shared: @unchecked Sendable {
            var next = 0
            var done = 0
            var failures: [AudioError] = []
            let lock = DispatchSemaphore(value: 1)
        }
        let shared = Shared()
        let count = placements.count
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
            while true {
                shared.lock.wait()
                let i = shared.next
                shared.next += 1
                shared.lock.signal()
                guard i < count else { return }
                var failure: AudioError?
                do throws(AudioError) { try renderer.render(placements[i]) } catch { failure = error }
                shared.lock.wait()
                if let failure { shared.failures.append(failure) }
                shared.done += 1
                if showProgress, shared.done % 8 == 0 || shared.done == count { Console.err("\rrendered \(shared.done)/\(count)") }
                shared.lock.signal()
            }
        }
        if showProgress { Console.err("\r\u{1B}[K") }
        return shared.failures
    }
}
