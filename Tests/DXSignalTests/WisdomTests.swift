import Foundation
import Testing
import TestSupport
@testable import DXSignal

@Suite("FFTW planner and wisdom")
struct WisdomTests {
    @Test("wisdom path follows XDG_CACHE_HOME, then HOME")
    func paths() {
        #expect(FFTWisdom.defaultPath(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"]) == "/x/cache/dxkit/fftw-wisdom")
        #expect(FFTWisdom.defaultPath(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.cache/dxkit/fftw-wisdom")
        #expect(FFTWisdom.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.cache/dxkit/fftw-wisdom")
        #expect(FFTWisdom.defaultPath(environment: [:]) == nil)
    }

    @Test("estimate plans are remembered in their own file when a tool opts in")
    func estimatePlansAreRemembered() throws {
        #expect(FFTWisdom.defaultEstimatePath(environment: ["HOME": "/home/u"]) == "/home/u/.cache/dxkit/fftw-wisdom-estimate")
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cache/fftw-wisdom-estimate").path
        let planner = FFTPlanner(wisdomPath: nil)
        planner.estimateWisdomPath = path
        let fft = RealFFT(size: 2_310, rigor: .estimate, planner: planner)
        let x = TestSignals.noise(2_310, seed: 2)
        let back = fft.inverse(fft.forward(x)).map { $0 * fft.inverseScale }
        #expect(zip(back, x).allSatisfy { abs($0 - $1) < 1e-5 })
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("(fftw-3"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
                    == ["fftw-wisdom-estimate"])
        #expect(FFTWisdom.importFile(path))
    }

    @Test("a measured plan writes the wisdom file by rename (no temp file left), and it loads back")
    func measuredPlanSavesWisdom() throws {
        let dir = try Repo.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nested/dxkit/fftw-wisdom").path
        let planner = FFTPlanner(wisdomPath: path)
        let fft = RealFFT(size: 1_386, rigor: .measure, planner: planner)
        let x = TestSignals.noise(1_386, seed: 1)
        let back = fft.inverse(fft.forward(x)).map { $0 * fft.inverseScale }
        #expect(zip(back, x).allSatisfy { abs($0 - $1) < 1e-5 })
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("(fftw-3"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["fftw-wisdom"])
        #expect(FFTWisdom.importFile(path))
        #expect(!FFTWisdom.importFile(dir.appendingPathComponent("missing").path))
        #expect(planner.cachedPlanCount == 2)
        _ = RealFFT(size: 1_386, rigor: .measure, planner: planner)
        #expect(planner.cachedPlanCount == 2)
    }
}
