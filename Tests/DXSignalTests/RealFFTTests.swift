import Foundation
import Testing
@testable import DXSignal

@Suite("RealFFT")
struct RealFFTTests {
    @Test("forward matches a naive DFT in Double", arguments: [2, 8, 12, 100, 256, 441, 1024, 2048])
    func againstNaiveDFT(size: Int) {
        let x = TestSignals.noise(size, seed: UInt64(size))
        let fft = RealFFT(size: size)
        let spectrum = fft.forward(x)
        let reference = TestSignals.naiveDFT(x)
        #expect(spectrum.count == size / 2 + 1)
        var errorEnergy = 0.0, referenceEnergy = 0.0, worst = 0.0
        for (got, want) in zip(spectrum, reference) {
            let dr = Double(got.re) - want.re, di = Double(got.im) - want.im
            errorEnergy += dr * dr + di * di
            referenceEnergy += want.re * want.re + want.im * want.im
            worst = max(worst, (dr * dr + di * di).squareRoot())
        }
        let relative = (errorEnergy / referenceEnergy).squareRoot()
        // Single precision: ~1e-7 per operation, growing like log n.
        #expect(relative < 2e-6, "relative RMS error \(relative) at n=\(size)")
        #expect(worst < 1e-4 * Double(size).squareRoot(), "worst bin error \(worst)")
    }

    @Test("Parseval: Σx² = (|X0|² + 2Σ|Xk|² + |Xn/2|²)/n", arguments: [64, 2048, 4410])
    func parseval(size: Int) {
        let x = TestSignals.noise(size, seed: 7 + UInt64(size))
        let spectrum = RealFFT(size: size).forward(x)
        let timeEnergy = x.reduce(0.0) { $0 + Double($1) * Double($1) }
        var frequencyEnergy = 0.0
        for (k, bin) in spectrum.enumerated() {
            let weight = (k == 0 || (size % 2 == 0 && k == size / 2)) ? 1.0 : 2.0
            frequencyEnergy += weight * (Double(bin.re) * Double(bin.re) + Double(bin.im) * Double(bin.im))
        }
        frequencyEnergy /= Double(size)
        #expect(abs(frequencyEnergy - timeEnergy) / timeEnergy < 1e-5)
    }

    @Test("inverse(forward(x)) = n·x", arguments: [16, 2048, 3000])
    func roundTrip(size: Int) {
        let x = TestSignals.noise(size, seed: 99)
        let fft = RealFFT(size: size)
        let back = fft.inverse(fft.forward(x))
        var worst: Float = 0
        for (b, v) in zip(back, x) { worst = max(worst, abs(b - Float(size) * v)) }
        #expect(worst < 1e-4 * Float(size), "worst error \(worst) at n=\(size)")
        let scaled = back.map { $0 * fft.inverseScale }
        #expect(zip(scaled, x).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test("a cosine lands in its bin with amplitude n/2")
    func cosineBin() {
        let n = 1024, k = 37
        let x = (0..<n).map { Float(cos(2 * Double.pi * Double(k * $0) / Double(n))) }
        let spectrum = RealFFT(size: n).forward(x)
        #expect(abs(spectrum[k].re - Float(n) / 2) < 1e-2)
        let others = spectrum.enumerated().filter { $0.offset != k }.map { $0.element.magnitude }.max()!
        #expect(others < 1e-2)
    }

    @Test("forward() leaves the time buffer unchanged")
    func forwardPreservesInput() {
        let fft = RealFFT(size: 2048)
        let x = TestSignals.noise(2048, seed: 4)
        x.withUnsafeBufferPointer { fft.load($0) }
        fft.forward()
        #expect(Array(fft.samples) == x)
    }

    @Test("shorter input is zero-padded")
    func zeroPadding() {
        let fft = RealFFT(size: 8)
        let spectrum = fft.forward([1])
        #expect(spectrum.allSatisfy { abs($0.re - 1) < 1e-7 && abs($0.im) < 1e-7 })
    }

    @Test("many RealFFT objects planned and run from several threads at once")
    func concurrentPlanning() {
        let sizes = [96, 128, 160, 250, 480, 512, 640, 768, 1000, 1024, 1536, 2048, 2400, 4096]
        let failures = Mutex(0)
        // A private planner measuring sizes no other test uses (FFTW's wisdom is process-wide)
        // while the shared one hands out estimated plans: measured planning must not block or
        // break the others.
        let measuring = FFTPlanner(wisdomPath: nil)
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let measured = i % 16 == 5
            let size = measured ? [1_470, 1_386][(i / 16) % 2] : sizes[i % sizes.count]
            let x = TestSignals.noise(size, seed: UInt64(i))
            let fft = measured ? RealFFT(size: size, rigor: .measure, planner: measuring) : RealFFT(size: size)
            let back = fft.inverse(fft.forward(x)).map { $0 * fft.inverseScale }
            if !zip(back, x).allSatisfy({ abs($0 - $1) < 1e-5 }) {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(FFTPlanner.shared.cachedPlanCount >= 2 * sizes.count)
        #expect(measuring.cachedPlanCount == 4)
    }

    @Test("fast sizes are even 7-smooth numbers, no larger than the next power of two")
    func fastSizes() {
        #expect(FFTSize.fast(atLeast: 1) == 2)
        #expect(FFTSize.fast(atLeast: 1000) == 1000)
        #expect(FFTSize.fast(atLeast: 1001) == 1008)
        #expect(FFTSize.fast(atLeast: 1025) == 1050)
        for n in [3, 97, 1023, 44_101, 480_001] {
            let f = FFTSize.fast(atLeast: n)
            #expect(f >= n && f % 2 == 0 && f <= FFTSize.powerOfTwo(atLeast: n))
            var m = f
            for p in [2, 3, 5, 7] { while m % p == 0 { m /= p } }
            #expect(m == 1)
        }
    }
}

import Synchronization
